import { describe, expect, it } from "vitest";
import { marketFeatures, fitScaler, standardize } from "../../src/generators/market-features.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { validatePrices } from "../../src/data/validate-prices.js";
import { columnOf } from "../../src/data/validate-prices.js";

const table = loadEmbeddedPrices();
const span = validatePrices(table, { tickers: ["SPY"], start: "2019-01-02", end: "2019-12-31" });

function logReturns(ticker: string, from: number, to: number): number[] {
  const p = table.prices[columnOf(table, ticker)]!;
  const out: number[] = [];
  for (let d = from; d <= to; d++) out.push(Math.log(p[d]! / p[d - 1]!));
  return out;
}

function correlation(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe("marketFeatures", () => {
  const universe = ["AAPL", "MSFT", "JPM", "XOM"];
  const features = marketFeatures(table, span, { universe });

  it("has one row per day of the span, from data up to that day", () => {
    expect(features.dates[0]).toBe("2019-01-02");
    expect(features.dates[features.dates.length - 1]).toBe("2019-12-31");
    expect(features.values.length).toBe(features.dates.length * 4);
  });

  it("matches direct computations on a day in the middle: return, 30-day volatility, 60-day mean correlation, dispersion", () => {
    const row = 100;
    const d = features.dateIndex[row]!;
    const m = logReturns("SPY", d - 29, d);
    const mean = m.reduce((a, b) => a + b, 0) / 30;
    const vol = Math.sqrt((m.reduce((a, b) => a + (b - mean) ** 2, 0) / 29) * 252);
    expect(features.values[row * 4]).toBeCloseTo(m[29]!, 14);
    expect(features.values[row * 4 + 1]).toBeCloseTo(vol, 12);
    const windows = universe.map((t) => logReturns(t, d - 59, d));
    let total = 0;
    let pairs = 0;
    for (let i = 0; i < 4; i++)
      for (let j = i + 1; j < 4; j++, pairs++) total += correlation(windows[i]!, windows[j]!);
    expect(features.values[row * 4 + 2]).toBeCloseTo(total / pairs, 8);
    const today = windows.map((w) => w[59]!);
    const tm = today.reduce((a, b) => a + b, 0) / 4;
    expect(features.values[row * 4 + 3]).toBeCloseTo(
      Math.sqrt(today.reduce((a, b) => a + (b - tm) ** 2, 0) / 3),
      14,
    );
  });

  it("defaults to every stock with complete prices (no ETF, no late listing)", () => {
    const all = marketFeatures(
      table,
      validatePrices(table, { tickers: ["SPY"], start: "2009-01-02", end: "2009-03-31" }),
    );
    expect(all.universe).toContain("AAPL");
    expect(all.universe).not.toContain("SPY");
    expect(all.universe).not.toContain("QQQ");
    expect(all.universe).not.toContain("META");
    expect(all.universe).not.toContain("AVGO");
  });

  it("standardises with the training mean and standard deviation", () => {
    const scaler = fitScaler(features.values, 4);
    const z = standardize(features.values, scaler);
    const col = Array.from({ length: features.dates.length }, (_, r) => z[r * 4 + 1]!);
    expect(col.reduce((a, b) => a + b, 0) / col.length).toBeCloseTo(0, 12);
  });

  it("refuses a span without enough history before it", () => {
    const early = validatePrices(table, { tickers: ["SPY"], start: "2004-01-05", end: "2004-06-30" });
    expect(() => marketFeatures(table, early)).toThrow(
      "the regime features need 60 daily returns before 2004-01-05",
    );
  });
});
