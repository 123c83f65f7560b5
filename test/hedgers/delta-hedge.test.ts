import { describe, expect, it } from "vitest";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { DeltaHedge } from "../../src/hedgers/delta-hedge.js";
import { NoHedge } from "../../src/hedgers/no-hedge.js";
import { hedgePnl } from "../../src/hedgers/hedge-pnl.js";
import { blackScholesDelta, blackScholesPrice } from "../../src/math/black-scholes.js";
import { mean } from "../../src/math/mean.js";
import { standardDeviation } from "../../src/math/variance.js";
import { createPathBatch, pathPrice } from "../../src/data/path-batch.js";
import { expectCausal } from "./causality.js";

const sigma = 0.2;
const maturity = 30 / 252;

/** Delta-hedged P&L plus the Black–Scholes premium on GBM paths with `steps` rebalancing dates. */
function hedgedPnl(steps: number, seed: number, kind: "call" | "put" = "call"): Float64Array {
  const dt = maturity / steps;
  const paths = generateGbm({ n: 4000, steps, dt, volatility: sigma }, createRandom(seed));
  const option = new EuropeanOption({ kind, strike: 100 });
  const holdings = new DeltaHedge({ volatility: sigma }).holdings({ paths, option, dt });
  const premium = blackScholesPrice({ kind, spot: 100, strike: 100, maturity, volatility: sigma });
  return hedgePnl(paths, holdings, option.payoff(paths), { premium });
}

describe("DeltaHedge", () => {
  it("on GBM with the true volatility, P&L + Black–Scholes premium has mean 0 within three standard errors", () => {
    for (const kind of ["call", "put"] as const) {
      const pnl = hedgedPnl(30, 11, kind);
      expect(Math.abs(mean(pnl))).toBeLessThan((3 * standardDeviation(pnl)) / Math.sqrt(pnl.length));
    }
  });

  it("leaves a hedging error whose standard deviation halves when rebalancing is four times finer", () => {
    const coarse = standardDeviation(hedgedPnl(15, 12));
    const daily = standardDeviation(hedgedPnl(60, 13));
    const fine = standardDeviation(hedgedPnl(240, 14));
    // Discrete hedging error ∝ 1/√(rebalancing dates) (Boyle & Emanuel 1980): ratio ≈ 0.5 each time.
    expect(daily / coarse).toBeGreaterThan(0.4);
    expect(daily / coarse).toBeLessThan(0.6);
    expect(fine / daily).toBeGreaterThan(0.4);
    expect(fine / daily).toBeLessThan(0.6);
    // Unhedged, the P&L spread is the option's: far larger.
    const paths = generateGbm({ n: 4000, steps: 30, dt: maturity / 30, volatility: sigma }, createRandom(15));
    const option = new EuropeanOption();
    const unhedged = hedgePnl(
      paths,
      new NoHedge().holdings({ paths, option, dt: maturity / 30 }),
      option.payoff(paths),
    );
    expect(standardDeviation(unhedged)).toBeGreaterThan(3 * coarse);
  });

  it("holds the Black–Scholes delta with time to maturity (T − t)·dt in years in asset 0 and nothing else", () => {
    const paths = generateGbm({ n: 3, steps: 4, volatility: [0.2, 0.3] }, createRandom(3));
    const option = new EuropeanOption({ strike: 101 });
    const dt = 1 / 252;
    const holdings = new DeltaHedge({ volatility: 0.25, rate: 0.01 }).holdings({ paths, option, dt });
    for (let i = 0; i < 3; i++) {
      for (let t = 0; t < 4; t++) {
        const expected = blackScholesDelta({
          kind: "call",
          spot: pathPrice(paths, i, t, 0),
          strike: 101,
          maturity: (4 - t) * dt,
          volatility: 0.25,
          rate: 0.01,
        });
        expect(holdings[(i * 4 + t) * 2]).toBeCloseTo(expected, 14);
        expect(holdings[(i * 4 + t) * 2 + 1]).toBe(0);
      }
    }
  });

  it("reads a per-date volatility feature when it has no constant volatility", () => {
    const paths = createPathBatch(Float64Array.from([100, 100, 100]), { n: 1, steps: 2, tickers: ["A"] });
    const option = new EuropeanOption();
    const volatility = Float64Array.from([0.1, 0.5]);
    const holdings = new DeltaHedge().holdings({ paths, option, dt: 1 / 252, volatility });
    const at = (t: number, v: number): number =>
      blackScholesDelta({ kind: "call", spot: 100, strike: 100, maturity: (2 - t) / 252, volatility: v });
    expect(holdings[0]).toBeCloseTo(at(0, 0.1), 14);
    expect(holdings[1]).toBeCloseTo(at(1, 0.5), 14);
    expect(() => new DeltaHedge().holdings({ paths, option, dt: 1 / 252 })).toThrow("needs a volatility");
  });

  it("is causal: its holding on date t depends on prices up to t only", () => {
    const paths = generateGbm({ n: 4, steps: 6, volatility: [0.2, 0.2] }, createRandom(4));
    expectCausal(new DeltaHedge({ volatility: 0.2 }), { paths, option: new EuropeanOption(), dt: 1 / 252 });
  });

  it("rejects a non-positive volatility", () => {
    expect(() => new DeltaHedge({ volatility: 0 })).toThrow("invalid volatility: 0 (must be > 0)");
  });
});
