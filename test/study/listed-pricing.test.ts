import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import { mertonCallPrice } from "../../src/generators/merton-price.js";
import { listedPricing, savedListedPricing } from "../../src/study/listed-pricing.js";

const paths = createPathBatch(Float64Array.from([100, 104, 110]), { n: 1, steps: 2, tickers: ["A"] });

describe("listedPricing", () => {
  it("takes the world's own price from a Heston world with variance or a Merton world, else Black–Scholes", () => {
    const data = {
      table: { tickers: ["A"], dates: ["d0", "d1", "d2"], prices: [Float64Array.from([100, 101, 99])] },
      split: { train: { start: "d0", end: "d2", startIndex: 0, endIndex: 2 } },
    } as never;
    const merton = {
      tickers: ["A"],
      volatility: [0.2],
      intensity: [3],
      jumpMean: [-0.05],
      jumpStd: [0.1],
      drift: [0],
    };
    const pricing = listedPricing(data, paths, merton);
    expect(pricing.model?.name).toMatch(/Merton/);
    const price = pricing.model!.price("A")(
      Float64Array.from([100]),
      Float64Array.from([100]),
      undefined,
      0.25,
    )[0]!;
    expect(price).toBeCloseTo(
      mertonCallPrice({ volatility: 0.2, intensity: 3, jumpMean: -0.05, jumpStd: 0.1 }, 100, 100, 0.25),
      12,
    );
    expect(listedPricing(data, paths, undefined).model).toBeUndefined();
    // Heston parameters without variance paths: no model price
    expect(
      listedPricing(data, paths, { tickers: ["A"], kappa: [2], theta: [0.04], xi: [0.5], rho: [-0.7] }).model,
    ).toBeUndefined();
  });
});

describe("savedListedPricing", () => {
  it("prices the underlying's listed options at the saved training volatility and refuses another ticker's", () => {
    const fitted = { volatility: { start: "a", end: "b", volatility: 0.27 } } as never;
    const pricing = savedListedPricing(["AAPL", "AAPL:CALL60", "MSFT"], fitted);
    expect(pricing.volatility("AAPL")).toBe(0.27);
    expect(() => pricing.volatility("MSFT")).toThrow(
      "evaluate prices listed options on the underlying AAPL only (at its saved training volatility), not on MSFT",
    );
  });
});
