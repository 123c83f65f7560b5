import { assertOption } from "../errors.js";
import { cholesky } from "../math/cholesky.js";
import type { RandomSource } from "../random/random-source.js";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";

/** Trading days per year: the time convention of every hedgelab path (dt = 1/252 years per step). */
export const TRADING_DAYS_PER_YEAR = 252;

/** Options of {@link generateGbm}. Rates and volatilities are annualised, time in years. */
export interface GbmOptions {
  /** N, the number of paths. */
  n: number;
  /** T, the number of steps; default 30. */
  steps?: number;
  /** Step length in years; default 1/252 (one trading day). */
  dt?: number;
  /** S_0 of every asset; default 100. */
  spot?: number;
  /** Annualised drift μ of each asset (a number applies to all); default 0. */
  drift?: number | readonly number[];
  /** Annualised volatility σ of each asset (a number applies to all); default 0.2. */
  volatility?: number | readonly number[];
  /** H, the number of assets; default the length of `volatility` or `drift` when given as arrays, else 1. */
  assets?: number;
  /** Correlation matrix of the Brownian motions, row-major [H, H]; default the identity. */
  correlation?: readonly number[] | Float64Array;
  /** Asset names; default `GBM` (one asset) or `GBM1`, `GBM2`, … */
  tickers?: readonly string[];
}

/**
 * Simulates geometric Brownian motion exactly on a grid:
 * S_{t+1} = S_t ⊙ exp((μ − σ²/2) dt + σ ⊙ L Z √dt), Z ~ N(0, I_H), L Lᵀ = correlation.
 *
 * @returns a {@link PathBatch} of shape [N, T + 1, H] starting at `spot`.
 *
 * @example
 * const paths = generateGbm({ n: 1000, volatility: 0.2 }, createRandom(1));
 */
export function generateGbm(options: GbmOptions, random: RandomSource): PathBatch {
  const { n, steps = 30, dt = 1 / TRADING_DAYS_PER_YEAR, spot = 100 } = options;
  const assets =
    options.assets ??
    (Array.isArray(options.volatility)
      ? options.volatility.length
      : Array.isArray(options.drift)
        ? options.drift.length
        : 1);
  assertOption(Number.isInteger(n) && n >= 0, "n", n, "must be a non-negative integer");
  assertOption(Number.isInteger(steps) && steps >= 1, "steps", steps, "must be a positive integer");
  assertOption(Number.isFinite(dt) && dt > 0, "dt", dt, "must be > 0 (years)");
  assertOption(Number.isFinite(spot) && spot > 0, "spot", spot, "must be > 0");
  assertOption(Number.isInteger(assets) && assets >= 1, "assets", assets, "must be a positive integer");
  const sigma = perAsset(options.volatility ?? 0.2, assets, "volatility");
  const mu = perAsset(options.drift ?? 0, assets, "drift");
  sigma.forEach((s) => assertOption(Number.isFinite(s) && s >= 0, "volatility", s, "must be ≥ 0"));
  mu.forEach((m) => assertOption(Number.isFinite(m), "drift", m, "must be finite"));
  const tickers =
    options.tickers ?? (assets === 1 ? ["GBM"] : Array.from({ length: assets }, (_, h) => `GBM${h + 1}`));
  assertOption(tickers.length === assets, "tickers", tickers, `must name ${assets} assets`);

  const chol = options.correlation ? cholesky(Float64Array.from(options.correlation), assets) : undefined;
  const drift = mu.map((m, h) => (m - 0.5 * sigma[h]! ** 2) * dt);
  const scale = sigma.map((s) => s * Math.sqrt(dt));
  const values = new Float64Array(n * (steps + 1) * assets);
  const z = new Float64Array(assets);
  for (let i = 0; i < n; i++) {
    const base = i * (steps + 1) * assets;
    for (let h = 0; h < assets; h++) values[base + h] = spot;
    for (let t = 1; t <= steps; t++) {
      random.fillNormal(z);
      const row = base + t * assets;
      for (let h = 0; h < assets; h++) {
        let shock = z[h]!;
        if (chol) {
          shock = 0;
          for (let k = 0; k <= h; k++) shock += chol[h * assets + k]! * z[k]!;
        }
        values[row + h] = values[row - assets + h]! * Math.exp(drift[h]! + scale[h]! * shock);
      }
    }
  }
  return createPathBatch(values, { n, steps, tickers });
}

function perAsset(value: number | readonly number[], assets: number, name: string): number[] {
  if (typeof value === "number") return new Array<number>(assets).fill(value);
  assertOption(value.length === assets, name, value, `must have one value per asset (${assets})`);
  return [...value];
}
