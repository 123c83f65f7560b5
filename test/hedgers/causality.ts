import { expect } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import type { HedgeContext, HedgingPolicy } from "../../src/hedgers/hedging-policy.js";

/**
 * Checks that `policy` is causal: changing prices after date t never changes its holdings on dates
 * ≤ t. Perturbs the paths from each date s on and compares the holdings before s. `width` is the
 * number of values per path and date (default H; any [N, T, width] output can be checked).
 */
export function expectCausal(
  policy: HedgingPolicy,
  context: HedgeContext,
  width: number = context.paths.assets,
): void {
  const { paths } = context;
  const { n, steps, assets } = paths;
  const base = policy.holdings(context);
  for (let s = 1; s <= steps; s++) {
    const values = Float64Array.from(paths.values);
    for (let i = 0; i < n; i++) {
      for (let t = s; t <= steps; t++) {
        for (let h = 0; h < assets; h++) values[(i * (steps + 1) + t) * assets + h]! *= 1.37;
      }
    }
    const moved = createPathBatch(values, { n, steps, tickers: paths.tickers });
    const holdings = policy.holdings({ ...context, paths: moved });
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < s; t++) {
        for (let h = 0; h < width; h++) {
          const k = (i * steps + t) * width + h;
          expect(holdings[k], `holding on date ${t} changed when prices from ${s} moved`).toBe(base[k]);
        }
      }
    }
  }
}
