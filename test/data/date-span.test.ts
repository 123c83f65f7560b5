import { describe, expect, it } from "vitest";
import { checkDateRange, resolveDateSpan, spanLength } from "../../src/data/date-span.js";
import { parsePrices } from "../../src/data/parse-prices.js";

// Trading days Tue 2024-01-02 .. Tue 2024-01-09 (no weekend dates).
const table = parsePrices(
  "date,A\n2024-01-02,1\n2024-01-03,2\n2024-01-04,3\n2024-01-05,4\n2024-01-08,5\n2024-01-09,6\n",
  { file: "prices.csv" },
);

describe("resolveDateSpan", () => {
  it("defaults to the whole table", () => {
    const span = resolveDateSpan(table);
    expect(span).toEqual({ start: "2024-01-02", end: "2024-01-09", startIndex: 0, endIndex: 5 });
    expect(spanLength(span)).toBe(6);
  });

  it("snaps a range to the trading dates inside it, both ends inclusive", () => {
    expect(resolveDateSpan(table, { start: "2024-01-06", end: "2024-01-08" })).toEqual({
      start: "2024-01-08",
      end: "2024-01-08",
      startIndex: 4,
      endIndex: 4,
    });
    expect(resolveDateSpan(table, { start: "2024-01-03", end: "2024-01-07" })).toEqual({
      start: "2024-01-03",
      end: "2024-01-05",
      startIndex: 1,
      endIndex: 3,
    });
  });

  it("rejects a range reaching outside the data, naming the file", () => {
    expect(() => resolveDateSpan(table, { start: "2001-01-02" })).toThrow(
      "start 2001-01-02 is before the first date 2024-01-02 of prices.csv",
    );
    expect(() => resolveDateSpan(table, { end: "2030-01-01" })).toThrow(
      "end 2030-01-01 is after the last date 2024-01-09 of prices.csv",
    );
  });

  it("rejects a range without a trading date", () => {
    expect(() => resolveDateSpan(table, { start: "2024-01-06", end: "2024-01-07" })).toThrow(
      "no trading dates in 2024-01-06..2024-01-07 of prices.csv",
    );
  });
});

describe("checkDateRange", () => {
  it("rejects a malformed date, naming the option", () => {
    expect(() => checkDateRange({ start: "2008-9-26" })).toThrow(
      'invalid start: "2008-9-26" (expected a date YYYY-MM-DD)',
    );
    expect(() => checkDateRange({ end: "2021-02-30" })).toThrow('invalid end: "2021-02-30"');
  });

  it("rejects a start after the end", () => {
    expect(() => checkDateRange({ start: "2024-01-01", end: "2023-01-01" })).toThrow(
      "invalid range: start 2024-01-01 is after end 2023-01-01",
    );
  });
});
