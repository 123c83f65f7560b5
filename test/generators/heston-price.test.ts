import { describe, expect, it } from "vitest";
import { hestonCallPrice, hestonCallPrices } from "../../src/generators/heston-price.js";

describe("hestonCallPrices", () => {
  it("prices many states at one maturity within 2e-6 of hestonCallPrice on its fine grid", () => {
    const asset = { kappa: 1.5, theta: 0.06, xi: 1.2, rho: -0.7 };
    const spots = [80, 100, 120, 100];
    const strikes = [100, 100, 100, 90];
    const variances = [0.04, 0.09, 0.02, 0.2];
    for (const maturity of [5 / 252, 30 / 252, 1]) {
      const prices = hestonCallPrices(asset, spots, strikes, variances, maturity);
      prices.forEach((price, i) =>
        expect(
          Math.abs(
            price - hestonCallPrice({ ...asset, v0: variances[i]! }, spots[i]!, strikes[i]!, maturity),
          ),
        ).toBeLessThan(2e-6),
      );
    }
  });
});
