import { describe, expect, it } from "vitest";
import type { PriceTable } from "../../src/data/price-table.js";
import { createPathBatch } from "../../src/data/path-batch.js";
import {
  historicalVolatility,
  rollingVolatility,
  volatilityFeature,
} from "../../src/hedgers/volatility-feature.js";
import { standardDeviation } from "../../src/math/variance.js";

// Ten dates of one ticker with alternating moves.
const prices = Float64Array.from([100, 101, 99, 102, 100, 103, 101, 104, 102, 105]);
const dates = Array.from(prices, (_, d) => `2020-01-${String(d + 1).padStart(2, "0")}`);
const table: PriceTable = {
  dates,
  tickers: ["AAA"],
  prices: [prices],
  origins: [{ file: "t.csv", lines: new Int32Array(10) }],
};
const logReturns = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let d = from + 1; d <= to; d++) out.push(Math.log(prices[d]! / prices[d - 1]!));
  return out;
};
const train = { start: table.dates[0]!, end: table.dates[5]!, startIndex: 0, endIndex: 5 };
// Two windows of T = 2 starting on dates 6 and 7.
const windows = createPathBatch(
  new Float64Array(2 * 3),
  { n: 2, steps: 2, tickers: ["AAA"] },
  { startIndex: Int32Array.from([6, 7]) },
);

describe("volatility estimates", () => {
  it("historicalVolatility is the sample std of the span's daily log-returns × √252", () => {
    expect(historicalVolatility(table, "AAA", train)).toBeCloseTo(
      standardDeviation(logReturns(0, 5)) * Math.sqrt(252),
      14,
    );
  });

  it("rollingVolatility on date d uses the returns ending on d, and is NaN before enough history", () => {
    const rolling = rollingVolatility(prices, 3);
    expect(Number.isNaN(rolling[2]!)).toBe(true);
    expect(rolling[3]).toBeCloseTo(standardDeviation(logReturns(0, 3)) * Math.sqrt(252), 14);
    expect(rolling[9]).toBeCloseTo(standardDeviation(logReturns(6, 9)) * Math.sqrt(252), 14);
  });

  it("the training feature is constant and the realised one follows the window's dates", () => {
    const training = volatilityFeature("training", { table, ticker: "AAA", windows, train });
    expect(Array.from(new Set(training.values))).toEqual([historicalVolatility(table, "AAA", train)]);
    const realized = volatilityFeature("realized", {
      table,
      ticker: "AAA",
      windows,
      train,
      realizedWindow: 3,
    });
    const rolling = rollingVolatility(prices, 3);
    expect(Array.from(realized.values)).toEqual([rolling[6], rolling[7], rolling[7], rolling[8]]);
  });

  it("the realised feature fails with a clear message when history is too short", () => {
    expect(() =>
      volatilityFeature("realized", { table, ticker: "AAA", windows, train, realizedWindow: 8 }),
    ).toThrow("realised volatility of AAA on 2020-01-07 needs 8 daily returns before it");
  });

  it("the implied feature reads the file on each date and falls back to the training volatility, counting", () => {
    const implied: PriceTable = {
      dates: [table.dates[6]!, table.dates[7]!],
      tickers: ["AAA"],
      prices: [Float64Array.from([0.3, 0.4])],
      origins: [{ file: "iv.csv", lines: new Int32Array(2) }],
    };
    const feature = volatilityFeature("implied", { table, ticker: "AAA", windows, train, implied });
    const fallback = historicalVolatility(table, "AAA", train);
    expect(Array.from(feature.values)).toEqual([0.3, 0.4, 0.4, fallback]);
    expect(feature.fallbacks).toBe(1);
    expect(feature.description).toBe(
      `implied volatility of AAA on 75.0% of the 4 hedge dates (the file covers 2020-01-07..2020-01-08); ` +
        `training volatility ${fallback.toFixed(4)} on the other 1`,
    );
  });
});
