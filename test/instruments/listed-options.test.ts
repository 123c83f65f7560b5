import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import { hedgePnl } from "../../src/hedgers/hedge-pnl.js";
import { hasListedOption, withListedOptions } from "../../src/instruments/listed-options.js";
import { blackScholesPrice } from "../../src/math/black-scholes.js";
import { hestonCallPrice, hestonCallPrices } from "../../src/generators/heston-price.js";

const dt = 1 / 252;
// Two paths of two steps, tickers A and B.
const values = Float64Array.from([100, 50, 104, 51, 110, 49, 100, 50, 97, 52, 92, 53]);
const paths = createPathBatch(values, { n: 2, steps: 2, tickers: ["A", "B"] });
const pricing = { volatility: (t: string) => (t === "A" ? 0.3 : 0.2), dt };
const call = (spot: number, strike: number, days: number, volatility = 0.3): number =>
  blackScholesPrice({ kind: "call", spot, strike, maturity: days * dt, volatility });

describe("withListedOptions", () => {
  it("prices A:CALL5 by Black–Scholes at A's volatility, struck at each path's first price, maturity counted from the start", () => {
    const out = withListedOptions(paths, ["A", "A:CALL5", "B"], pricing);
    expect(out.tickers).toEqual(["A", "A:CALL5", "B"]);
    expect(out.assets).toBe(3);
    // path 0: S = 100, 104, 110; K = 100; 5, 4, 3 days left
    expect(out.values[1]).toBeCloseTo(call(100, 100, 5), 12);
    expect(out.values[4]).toBeCloseTo(call(104, 100, 4), 12);
    expect(out.values[7]).toBeCloseTo(call(110, 100, 3), 12);
    // the tickers' own prices are kept, in the hedge set's order
    expect([out.values[0], out.values[2], out.values[9], out.values[11]]).toEqual([100, 50, 100, 50]);
    expect(hasListedOption(["A", "A:CALL5"])).toBe(true);
    expect(hasListedOption(["A", "B"])).toBe(false);
  });

  it("gives the P&L of a hedge in the option by hand: δ (C₁ − C₀) + δ (C₂ − C₁) − payoff, less costs on the option's price", () => {
    const out = withListedOptions(paths, ["A", "A:CALL5"], pricing);
    // hold 0.5 of A and 2 calls on both dates of path 0; nothing on path 1
    const holdings = Float64Array.from([0.5, 2, 0.5, 2, 0, 0, 0, 0]);
    const payoff = [10, 0];
    const pnl = hedgePnl(out, holdings, payoff, { cost: 0.01 });
    const c0 = call(100, 100, 5);
    const c2 = call(110, 100, 3);
    const byHand = 0.5 * (110 - 100) + 2 * (c2 - c0) - 10 - 0.01 * (0.5 * 100 + 2 * c0);
    expect(pnl[0]).toBeCloseTo(byHand, 12);
    expect(pnl[1]).toBe(0);
  });

  it("prices by the world's own price (Heston's with the path's variance) when it has one", () => {
    const variance = new Float64Array(values.length).fill(0.09);
    variance[2] = 0.16; // path 0, date 1, asset A
    const heston = { kappa: 2, theta: 0.09, xi: 0.8, rho: -0.6 };
    const withVariance = createPathBatch(values, { n: 2, steps: 2, tickers: ["A", "B"] }, { variance });
    const model = {
      name: "Heston",
      price:
        () => (spots: Float64Array, strikes: Float64Array, v: Float64Array | undefined, maturity: number) =>
          hestonCallPrices(heston, spots, strikes, v!, maturity),
    };
    const out = withListedOptions(withVariance, ["A", "A:CALL40"], { ...pricing, model });
    expect(out.values[1]).toBeCloseTo(hestonCallPrice({ ...heston, v0: 0.09 }, 100, 100, 40 * dt), 5);
    expect(out.values[3]).toBeCloseTo(hestonCallPrice({ ...heston, v0: 0.16 }, 104, 100, 39 * dt), 5);
    expect(out.variance![3]).toBe(0.16); // the option's state is its underlying's
    expect(() => withListedOptions(withVariance, ["A", "A:CALL40"], pricing)).toThrow(
      "the listed option A:CALL40 has no model price on these stochastic-volatility paths",
    );
  });
});
