import { assertOption } from "../errors.js";

/** One per-asset parameter of a simulated world: its name, one value per asset, the rule and what the rule says. */
export type PerAssetRule = readonly [
  name: string,
  values: readonly number[],
  ok: (x: number) => boolean,
  expect: string,
];

/**
 * Validates a world's per-asset parameters: at least one ticker, then for each rule one finite value
 * per asset that satisfies it, naming the first bad field (`invalid kappa: -1 (must be > 0)`).
 */
export function checkPerAsset(tickers: readonly string[], rules: readonly PerAssetRule[]): void {
  const h = tickers.length;
  assertOption(h >= 1, "tickers", tickers, "must name at least one asset");
  for (const [name, values, ok, expect] of rules) {
    assertOption(values.length === h, name, values, `must have one value per asset (${h})`);
    for (const x of values) assertOption(Number.isFinite(x) && ok(x), name, x, expect);
  }
}

/** The grid every world simulates on: paths, daily steps, step length and starting price. */
export interface WorldGrid {
  /** N, paths (≥ 0). */
  n: number;
  /** T, steps (≥ 1). */
  steps: number;
  /** Step length in years (> 0). */
  dt: number;
  /** S_0 of every asset (> 0). */
  spot: number;
  /** Most paths per chunk (≥ 1). */
  chunkSize: number;
}

/** Validates a {@link WorldGrid}, naming the first bad option. */
export function checkWorldGrid({ n, steps, dt, spot, chunkSize }: WorldGrid): void {
  assertOption(Number.isInteger(n) && n >= 0, "n", n, "must be a non-negative integer");
  assertOption(Number.isInteger(steps) && steps >= 1, "steps", steps, "must be a positive integer");
  assertOption(Number.isFinite(dt) && dt > 0, "dt", dt, "must be > 0 (years)");
  assertOption(Number.isFinite(spot) && spot > 0, "spot", spot, "must be > 0");
  assertOption(Number.isInteger(chunkSize) && chunkSize >= 1, "chunkSize", chunkSize, "must be ≥ 1");
}
