import { describe, expect, it } from "vitest";
import {
  businessDaysBetween,
  checkCalendarGaps,
  describeCalendarGaps,
  findCalendarGaps,
} from "../../src/data/calendar-gaps.js";
import { resolveDateSpan } from "../../src/data/date-span.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import type { PriceTable } from "../../src/data/price-table.js";

function table(dates: string[]): PriceTable {
  return {
    dates,
    tickers: ["X"],
    prices: [new Float64Array(dates.length).fill(100)],
    origins: [{ file: "x.csv", lines: Int32Array.from(dates, (_, d) => d + 2) }],
  };
}

describe("calendar gaps", () => {
  it("counts business days strictly between two dates", () => {
    expect(businessDaysBetween("2024-01-05", "2024-01-08")).toBe(0); // Friday → Monday
    expect(businessDaysBetween("2024-01-04", "2024-01-08")).toBe(1); // Friday missing
    expect(businessDaysBetween("2001-09-10", "2001-09-17")).toBe(4); // the 2001 closure
    expect(businessDaysBetween("2019-03-01", "2019-06-03")).toBe(65); // 20 in March, 22 in April, 23 in May
  });

  it("reports gaps longer than three business days and refuses those beyond the maximum, naming lines and the flag", () => {
    const t = table(["2019-02-27", "2019-02-28", "2019-03-01", "2019-03-11", "2019-06-03", "2019-06-04"]);
    const span = resolveDateSpan(t, {}, ["X"]);
    expect(findCalendarGaps(t, span).map((g) => [g.from, g.to, g.missing])).toEqual([
      ["2019-03-01", "2019-03-11", 5],
      ["2019-03-11", "2019-06-03", 59],
    ]);
    expect(() => checkCalendarGaps(t, span)).toThrow(
      "x.csv lines 5 and 6: no prices from 2019-03-11 to 2019-06-03 (59 business days missing); " +
        "hedgelab does not fill gaps: fix the file, or allow such gaps with --max-gap 59",
    );
    expect(() => checkCalendarGaps(t, span, 59)).not.toThrow();
    expect(describeCalendarGaps(findCalendarGaps(t, span))).toBe(
      "warning: 2 gaps in the price dates longer than 3 business days: 2019-03-01..2019-03-11 (5 business days), 2019-03-11..2019-06-03 (59 business days)",
    );
  });

  it("finds no reported gap in the embedded data", () => {
    const data = loadEmbeddedPrices();
    expect(findCalendarGaps(data, resolveDateSpan(data, {}, ["AAPL"]))).toEqual([]);
  });
});
