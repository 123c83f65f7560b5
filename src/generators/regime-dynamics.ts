import { assertOption, HedgelabError } from "../errors.js";
import { cholesky } from "../math/cholesky.js";
import type { PriceTable } from "../data/price-table.js";
import type { DateSpan } from "../data/date-span.js";
import { columnOf } from "../data/validate-prices.js";

/**
 * The per-regime dynamics of the regime-switching multivariate Black–Scholes model (paper, section
 * 3.2 and appendix 8.1), in daily units throughout (one step = one trading day; covariances of
 * daily log-returns, no Δt = 1/365 factor: see docs/generators.md).
 */
export interface RegimeDynamics {
  /** The hedge assets, in column order. */
  tickers: string[];
  /** K, the number of regimes. */
  regimes: number;
  /** μ per asset: the mean daily arithmetic return over the training days (the GBM drift per day). */
  drift: number[];
  /** Σ_k per regime: covariance of the daily log-returns on the training days of regime k, [H·H] each. */
  covariances: Float64Array[];
  /** L_k with L_k L_kᵀ = Σ_k (lower triangular, row-major). */
  cholesky: Float64Array[];
  /** Per regime, how Σ_k had to be repaired to be positive definite ("" when it was not). */
  repairs: string[];
  /** Training days per regime. */
  counts: number[];
  /** Share of the training days in each regime. */
  proportions: number[];
  /** Empirical daily transition matrix of the regime labels, [K·K], rows summing to 1. */
  transition: Float64Array;
}

/**
 * Estimates {@link RegimeDynamics} from the training span: the returns of day d (log S_d/S_{d−1})
 * belong to the regime of day d. A regime with too few days, or a covariance that is not positive
 * definite, is repaired (shrunk toward the pooled covariance, then a diagonal jitter) and the repair
 * is recorded, never silent.
 *
 * @param labels - regime of each day of `train`, length train.endIndex − train.startIndex + 1.
 */
export function estimateRegimeDynamics(
  table: PriceTable,
  tickers: readonly string[],
  train: DateSpan,
  labels: Int32Array,
  regimes: number,
): RegimeDynamics {
  const days = train.endIndex - train.startIndex + 1;
  assertOption(labels.length === days, "labels", labels.length, `must label the ${days} training days`);
  assertOption(Number.isInteger(regimes) && regimes >= 1, "regimes", regimes, "must be a positive integer");
  const h = tickers.length;
  const prices = tickers.map((t) => table.prices[columnOf(table, t)]!);
  const drift = new Array<number>(h).fill(0);
  const sums = Array.from({ length: regimes }, () => new Float64Array(h));
  const products = Array.from({ length: regimes }, () => new Float64Array(h * h));
  const counts = new Array<number>(regimes).fill(0);
  const pooledSum = new Float64Array(h);
  const pooledProducts = new Float64Array(h * h);
  const r = new Float64Array(h);
  let returnsCount = 0;
  for (let d = train.startIndex + 1; d <= train.endIndex; d++) {
    const k = labels[d - train.startIndex]!;
    if (!(k >= 0 && k < regimes)) throw new Error(`regime label ${k} is out of range`);
    for (let a = 0; a < h; a++) {
      const ratio = prices[a]![d]! / prices[a]![d - 1]!;
      r[a] = Math.log(ratio);
      drift[a]! += ratio - 1;
    }
    counts[k]!++;
    returnsCount++;
    for (let a = 0; a < h; a++) {
      sums[k]![a]! += r[a]!;
      pooledSum[a]! += r[a]!;
      for (let b = 0; b < h; b++) {
        products[k]![a * h + b]! += r[a]! * r[b]!;
        pooledProducts[a * h + b]! += r[a]! * r[b]!;
      }
    }
  }
  if (returnsCount < h + 1)
    throw new HedgelabError(`too few training days (${returnsCount}) to estimate a ${h}-asset covariance`);
  for (let a = 0; a < h; a++) drift[a]! /= returnsCount;
  const covarianceOf = (sum: Float64Array, prod: Float64Array, n: number): Float64Array => {
    const out = new Float64Array(h * h);
    for (let a = 0; a < h; a++)
      for (let b = 0; b < h; b++) out[a * h + b] = (prod[a * h + b]! - (sum[a]! * sum[b]!) / n) / (n - 1);
    return out;
  };
  const pooled = covarianceOf(pooledSum, pooledProducts, returnsCount);
  const covariances: Float64Array[] = [];
  const factors: Float64Array[] = [];
  const repairs: string[] = [];
  for (let k = 0; k < regimes; k++) {
    const n = counts[k]!;
    let sigma: Float64Array;
    const notes: string[] = [];
    if (n < h + 1) {
      // Too few days for a full-rank estimate: shrink toward the pooled covariance.
      const w = n >= 2 ? (n - 1) / (n - 1 + h + 1) : 0;
      const own = n >= 2 ? covarianceOf(sums[k]!, products[k]!, n) : new Float64Array(h * h);
      sigma = own.map((x, i) => w * x + (1 - w) * pooled[i]!);
      notes.push(
        `only ${n} training days: shrunk toward the pooled covariance (weight ${(1 - w).toFixed(2)})`,
      );
    } else {
      sigma = covarianceOf(sums[k]!, products[k]!, n);
    }
    const { factor, jitter } = choleskyWithJitter(sigma, h);
    if (jitter > 0) {
      for (let a = 0; a < h; a++) sigma[a * h + a]! += jitter;
      notes.push(`not positive definite: added ${jitter.toExponential(2)} to the diagonal`);
    }
    covariances.push(sigma);
    factors.push(factor);
    repairs.push(notes.join("; "));
  }
  const transition = new Float64Array(regimes * regimes);
  for (let i = 1; i < days; i++) transition[labels[i - 1]! * regimes + labels[i]!]!++;
  for (let a = 0; a < regimes; a++) {
    let row = 0;
    for (let b = 0; b < regimes; b++) row += transition[a * regimes + b]!;
    for (let b = 0; b < regimes; b++) {
      // A regime never left (or never seen) stays put.
      transition[a * regimes + b] = row > 0 ? transition[a * regimes + b]! / row : a === b ? 1 : 0;
    }
  }
  return {
    tickers: [...tickers],
    regimes,
    drift,
    covariances,
    cholesky: factors,
    repairs,
    counts,
    proportions: counts.map((c) => c / returnsCount),
    transition,
  };
}

/** Cholesky of Σ, adding the smallest jitter 10^j · mean(diag Σ) (j = −12, −11, …) that makes it succeed. */
function choleskyWithJitter(sigma: Float64Array, h: number): { factor: Float64Array; jitter: number } {
  let scale = 0;
  for (let a = 0; a < h; a++) scale += sigma[a * h + a]! / h;
  for (let exponent = -Infinity; ;) {
    const jitter = exponent === -Infinity ? 0 : 10 ** exponent * Math.max(scale, 1e-300);
    const trial = Float64Array.from(sigma);
    for (let a = 0; a < h; a++) trial[a * h + a]! += jitter;
    try {
      return { factor: cholesky(trial, h), jitter };
    } catch (error) {
      if (!(error instanceof HedgelabError)) throw error;
      exponent = exponent === -Infinity ? -12 : exponent + 1;
      if (exponent > 0)
        throw new HedgelabError("a regime covariance cannot be repaired to positive definite");
    }
  }
}
