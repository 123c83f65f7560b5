import { describe, expect, it } from "vitest";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { parsePrices } from "../../src/data/parse-prices.js";
import { findGaps, validatePrices } from "../../src/data/validate-prices.js";
import { HedgelabError } from "../../src/errors.js";

// Line numbers: header on 1, 2024-01-02 on 2, …, 2024-01-09 on 7.
const table = parsePrices(
  "date,AAPL,MSFT,META,GAP\n" +
    "2024-01-02,1,10,,1\n" +
    "2024-01-03,2,-3,,NaN\n" +
    "2024-01-04,3,12,,3\n" +
    "2024-01-05,4,13,7,\n" +
    "2024-01-08,5,14,8,5\n" +
    "2024-01-09,6,inf,9,6\n",
  { file: "prices.csv" },
);

describe("validatePrices", () => {
  it("returns the span of the whole table by default", () => {
    expect(validatePrices(table, { tickers: ["AAPL"] })).toEqual({
      start: "2024-01-02",
      end: "2024-01-09",
      startIndex: 0,
      endIndex: 5,
    });
  });

  it("checks option dates first, then the order of start and end", () => {
    expect(() => validatePrices(table, { tickers: ["XYZ"], start: "2024/01/02" })).toThrow(
      'invalid start: "2024/01/02" (expected a date YYYY-MM-DD)',
    );
    expect(() => validatePrices(table, { tickers: ["XYZ"], start: "2024-01-05", end: "2024-01-03" })).toThrow(
      "invalid range: start 2024-01-05 is after end 2024-01-03",
    );
  });

  it("names an unknown ticker with the file and a few tickers it has", () => {
    expect(() => validatePrices(table, { tickers: ["AAPL", "XYZ"], start: "2001-01-01" })).toThrow(
      "unknown ticker XYZ in prices.csv (has AAPL, MSFT, META, GAP)",
    );
    expect(() => validatePrices(loadEmbeddedPrices(), { tickers: ["XYZ"] })).toThrow(
      "unknown ticker XYZ in data/adj_close_2004_2024.csv (has AAPL, MSFT, AMZN, GOOGL, JPM, … 45 tickers)",
    );
    expect(() => validatePrices(table, { tickers: ["aapl"] })).toThrow("; did you mean AAPL?");
  });

  it("rejects an empty or repeated ticker list", () => {
    expect(() => validatePrices(table, { tickers: [] })).toThrow(
      "invalid tickers: [] (name at least one ticker)",
    );
    expect(() => validatePrices(table, { tickers: ["AAPL", "AAPL"] })).toThrow("(AAPL is named twice)");
  });

  it("rejects a range outside the data", () => {
    expect(() => validatePrices(table, { tickers: ["AAPL"], start: "2001-01-02" })).toThrow(
      "start 2001-01-02 is before the first date 2024-01-02 of prices.csv",
    );
  });

  it("reports gaps with their count, first date and line, and does not fill them", () => {
    expect(() => validatePrices(table, { tickers: ["AAPL", "GAP"] })).toThrow(
      "GAP has 2 missing prices in 2024-01-02..2024-01-09 (first on 2024-01-03, prices.csv line 3); hedgelab does not fill gaps",
    );
    expect(() => validatePrices(table, { tickers: ["GAP"], start: "2024-01-04" })).toThrow(
      "GAP has 1 missing price in 2024-01-04..2024-01-09 (first on 2024-01-05, prices.csv line 5)",
    );
  });

  it("says when a ticker has no price before a date after the range's start", () => {
    expect(() => validatePrices(table, { tickers: ["META"], end: "2024-01-08" })).toThrow(
      "META has no price before 2024-01-05 (prices.csv), but the range starts 2024-01-02",
    );
    expect(() => validatePrices(table, { tickers: ["META"], end: "2024-01-04" })).toThrow(
      "META has no price in 2024-01-02..2024-01-04 (prices.csv; its first price is on 2024-01-05)",
    );
    expect(validatePrices(table, { tickers: ["META"], start: "2024-01-05" }).startIndex).toBe(3);
  });

  it("names a date a merged file lacks rather than a line", () => {
    const other = parsePrices("date,B\n2024-01-02,1\n2024-01-04,2\n", { file: "b.csv" });
    const merged = {
      ...other,
      dates: table.dates,
      tickers: ["B"],
      prices: [Float64Array.of(1, NaN, 2, 2, 2, 2)],
    };
    const origins = [{ file: "b.csv", lines: Int32Array.of(2, 0, 3, 0, 0, 0) }];
    expect(() => validatePrices({ ...merged, origins }, { tickers: ["B"] })).toThrow(
      "(first on 2024-01-03, a date b.csv does not have)",
    );
  });

  it("rejects a non-positive or non-finite price, naming file, line, ticker and date", () => {
    expect(() => validatePrices(table, { tickers: ["AAPL", "MSFT"] })).toThrow(HedgelabError);
    expect(() => validatePrices(table, { tickers: ["AAPL", "MSFT"] })).toThrow(
      "prices.csv line 3: MSFT price -3 on 2024-01-03 is not positive",
    );
    expect(() => validatePrices(table, { tickers: ["MSFT"], start: "2024-01-04" })).toThrow(
      "prices.csv line 7: MSFT price Infinity on 2024-01-09 is not finite",
    );
    expect(
      validatePrices(table, { tickers: ["MSFT"], start: "2024-01-04", end: "2024-01-08" }).endIndex,
    ).toBe(4);
  });

  it("passes on the embedded data for the paper's tickers and range", () => {
    const span = validatePrices(loadEmbeddedPrices(), {
      tickers: ["AAPL", "GOOGL", "MSFT", "AMZN", "JPM"],
      start: "2008-09-26",
      end: "2024-12-31",
    });
    expect(span.start).toBe("2008-09-26");
    expect(span.end).toBe("2024-12-31");
  });
});

describe("findGaps", () => {
  it("lists the dates without a price, in the whole table or a span", () => {
    expect(findGaps(table, "GAP")).toEqual(["2024-01-03", "2024-01-05"]);
    expect(
      findGaps(table, "GAP", { start: "2024-01-04", end: "2024-01-09", startIndex: 2, endIndex: 5 }),
    ).toEqual(["2024-01-05"]);
    expect(findGaps(table, "AAPL")).toEqual([]);
    expect(() => findGaps(table, "XYZ")).toThrow("unknown ticker XYZ in prices.csv");
  });
});
