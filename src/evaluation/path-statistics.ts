import { assertOption } from "../errors.js";
import type { PathBatch } from "../data/path-batch.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";

/**
 * Statistics of a batch of price paths for comparing generated paths with real ones (the quality
 * tables of `hedgelab generate`). Log-returns r_t = log(S_{t+h}/S_t); everything per asset unless
 * said otherwise. Shapes: `batch` [N, T + 1, H].
 */

/** Log-returns at horizon h of asset a: log(S_{t+h}/S_t) for every path and every start t = 0..T − h. */
export function logReturnsAtHorizon(batch: PathBatch, asset: number, horizon: number): Float64Array {
  const { n, steps, assets, values } = batch;
  assertOption(
    Number.isInteger(horizon) && horizon >= 1 && horizon <= steps,
    "horizon",
    horizon,
    `must be an integer in 1..${steps}`,
  );
  const per = steps - horizon + 1;
  const out = new Float64Array(n * per);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < per; t++) {
      const from = values[(i * (steps + 1) + t) * assets + asset]!;
      out[i * per + t] = Math.log(values[(i * (steps + 1) + t + horizon) * assets + asset]! / from);
    }
  }
  return out;
}

/**
 * The two-sample Kolmogorov–Smirnov statistic D = sup_x |F_a(x) − F_b(x)| of the empirical
 * distribution functions (Smirnov 1948), by one merge of the sorted samples; ties advance both.
 * NaN when a sample is empty.
 */
export function ksDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return Number.NaN;
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let [i, j, d] = [0, 0, 0];
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! === v) i++;
    while (j < y.length && y[j]! === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * Autocorrelation at `lag` of the daily log-returns of asset a (`"returns"`) or of their absolute
 * values (`"absolute"`, volatility clustering), pooled over paths: with m the pooled mean,
 * ρ(k) = Σ_{i,t} (r_{i,t} − m)(r_{i,t+k} − m) / Σ_{i,t} (r_{i,t} − m)², pairs within a path only.
 */
export function returnAutocorrelation(
  batch: PathBatch,
  asset: number,
  lag: number,
  kind: "returns" | "absolute" = "returns",
): number {
  const r = logReturnsAtHorizon(batch, asset, 1);
  if (kind === "absolute") for (let k = 0; k < r.length; k++) r[k] = Math.abs(r[k]!);
  const steps = batch.steps;
  assertOption(
    Number.isInteger(lag) && lag >= 1 && lag < steps,
    "lag",
    lag,
    `must be an integer in 1..${steps - 1}`,
  );
  let mean = 0;
  for (const v of r) mean += v;
  mean /= r.length;
  let [numerator, denominator] = [0, 0];
  for (let i = 0; i < batch.n; i++) {
    for (let t = 0; t < steps; t++) {
      const d = r[i * steps + t]! - mean;
      denominator += d * d;
      if (t + lag < steps) numerator += d * (r[i * steps + t + lag]! - mean);
    }
  }
  return numerator / denominator;
}

/** Annualised realised volatility of each path of asset a: √(252/T · Σ_t r_t²) (zero-mean convention). */
export function realisedVolatilities(batch: PathBatch, asset: number): Float64Array {
  const r = logReturnsAtHorizon(batch, asset, 1);
  const steps = batch.steps;
  const out = new Float64Array(batch.n);
  for (let i = 0; i < batch.n; i++) {
    let total = 0;
    for (let t = 0; t < steps; t++) total += r[i * steps + t]! ** 2;
    out[i] = Math.sqrt((TRADING_DAYS_PER_YEAR / steps) * total);
  }
  return out;
}

/** The H×H correlation matrix of the daily log-returns of all assets, pooled over paths and days. */
export function returnCorrelation(batch: PathBatch): Float64Array {
  const h = batch.assets;
  const r = Array.from({ length: h }, (_, a) => logReturnsAtHorizon(batch, a, 1));
  const means = r.map((x) => x.reduce((s, v) => s + v, 0) / x.length);
  const out = new Float64Array(h * h);
  for (let a = 0; a < h; a++) {
    for (let b = a; b < h; b++) {
      let [ab, aa, bb] = [0, 0, 0];
      for (let k = 0; k < r[a]!.length; k++) {
        const [x, y] = [r[a]![k]! - means[a]!, r[b]![k]! - means[b]!];
        ab += x * y;
        aa += x * x;
        bb += y * y;
      }
      out[a * h + b] = out[b * h + a] = ab / Math.sqrt(aa * bb);
    }
  }
  return out;
}

/** ‖A − B‖_F, the Frobenius norm of the difference of two matrices of equal size. */
export function frobeniusDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertOption(a.length === b.length, "matrices", [a.length, b.length], "must have the same size");
  let total = 0;
  for (let k = 0; k < a.length; k++) total += (a[k]! - b[k]!) ** 2;
  return Math.sqrt(total);
}
