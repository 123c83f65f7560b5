import type { RandomSource } from "../random/random-source.js";
import { createPathBatch, joinPaths, type PathBatch } from "../data/path-batch.js";
import { TRADING_DAYS_PER_YEAR } from "./gbm.js";
import { correlate, driverCorrelation } from "./world-correlation.js";
import { checkPerAsset, checkWorldGrid } from "./world-checks.js";

/**
 * The parameters of a multi-asset Merton (1976) jump-diffusion world, per asset (arrays of length H),
 * annualised:
 *
 *   ln(S_{t+Δ}/S_t) = (μ − σ²/2 − λk)Δ + σ√Δ·(L Z)_a + Σ_{j ≤ N_a} J_j,   J ~ N(m, s²),  k = e^{m + s²/2} − 1,
 *
 * N_a ~ Poisson(λΔ). The diffusive parts are correlated by C (L Lᵀ = C); the jumps are independent
 * across assets and of the diffusions (each asset has its own Poisson process and jump sizes). The
 * compensator λk makes E[S_t] = S_0 e^{μt}.
 */
export interface MertonParameters {
  /** Asset names, length H. */
  tickers: string[];
  /** σ, the diffusive volatility (annualised). */
  volatility: number[];
  /** λ, jumps per year. */
  intensity: number[];
  /** m, mean of the log jump size. */
  jumpMean: number[];
  /** s, standard deviation of the log jump size. */
  jumpStd: number[];
  /** μ, drift per year of each price (0: the zero-rate risk-neutral world). */
  drift: number[];
  /** C, correlation of the diffusive Brownian motions, [H, H] row-major; absent: independent. */
  correlation?: number[];
}

/** Options of {@link mertonPathChunks}. */
export interface MertonPathOptions {
  /** N, the number of paths. */
  n: number;
  /** T, steps per path; default 30. */
  steps?: number;
  /** Step length in years; default 1/252. */
  dt?: number;
  /** S_0 of every asset; default 100. */
  spot?: number;
}

/** Validates {@link MertonParameters}, naming the first bad field. */
export function checkMertonParameters(p: MertonParameters): void {
  checkPerAsset(p.tickers, [
    ["volatility", p.volatility, (x: number) => x >= 0, "must be ≥ 0"],
    ["intensity", p.intensity, (x: number) => x >= 0, "must be ≥ 0 (jumps per year)"],
    ["jumpMean", p.jumpMean, () => true, "must be finite"],
    ["jumpStd", p.jumpStd, (x: number) => x >= 0, "must be ≥ 0"],
    ["drift", p.drift, () => true, "must be finite"],
  ]);
}

/** A Poisson(mean) count by inversion of its cdf with one uniform (fine for the small λΔ of daily steps). */
function poisson(mean: number, u: number): number {
  let p = Math.exp(-mean);
  let cdf = p;
  let k = 0;
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/**
 * Paths of the Merton jump-diffusion, exact on the grid (the log-return of a step has exactly the
 * model's law), in chunks of at most `chunkSize` paths. Per step: H correlated normals for the
 * diffusions, then per asset one uniform for the jump count N and, when N > 0, one normal for the
 * sum of the N jump sizes (N m + s√N Z). Draws come from `random` in path order: the chunks joined
 * equal one batch.
 *
 * Shape: each chunk [n, T + 1, H].
 */
export function* mertonPathChunks(
  params: MertonParameters,
  options: MertonPathOptions,
  random: RandomSource,
  chunkSize = 16_384,
): Generator<PathBatch> {
  const { n, steps = 30, dt = 1 / TRADING_DAYS_PER_YEAR, spot = 100 } = options;
  checkMertonParameters(params);
  checkWorldGrid({ n, steps, dt, spot, chunkSize });
  const h = params.tickers.length;
  // ρ = 0 makes the driver matrix C itself.
  const { factor } = driverCorrelation(params.correlation, new Array<number>(h).fill(0));
  const independent = h === 1 || params.correlation === undefined;
  const c = params.tickers.map((_, a) => {
    const sigma = params.volatility[a]!;
    const lambda = params.intensity[a]!;
    const k = Math.exp(params.jumpMean[a]! + 0.5 * params.jumpStd[a]! ** 2) - 1;
    return {
      drift: (params.drift[a]! - 0.5 * sigma * sigma - lambda * k) * dt,
      scale: sigma * Math.sqrt(dt),
      mean: lambda * dt,
      m: params.jumpMean[a]!,
      s: params.jumpStd[a]!,
    };
  });
  const z = new Float64Array(h);
  const draw = new Float64Array(h);
  for (let first = 0; first < n; first += chunkSize) {
    const size = Math.min(chunkSize, n - first);
    const values = new Float64Array(size * (steps + 1) * h);
    for (let i = 0; i < size; i++) {
      const base = i * (steps + 1) * h;
      for (let a = 0; a < h; a++) values[base + a] = spot;
      for (let t = 0; t < steps; t++) {
        const row = base + t * h;
        if (independent) random.fillNormal(z);
        else correlate(factor, random.fillNormal(draw), z);
        for (let a = 0; a < h; a++) {
          const k = c[a]!;
          let log = k.drift + k.scale * z[a]!;
          const jumps = k.mean > 0 ? poisson(k.mean, random.uniform()) : 0;
          if (jumps > 0) log += jumps * k.m + k.s * Math.sqrt(jumps) * random.normal();
          values[row + h + a] = values[row + a]! * Math.exp(log);
        }
      }
    }
    yield createPathBatch(values, { n: size, steps, tickers: params.tickers });
  }
}

/** All the paths of {@link mertonPathChunks} in one batch, [N, T + 1, H]. */
export function generateMerton(
  params: MertonParameters,
  options: MertonPathOptions,
  random: RandomSource,
): PathBatch {
  const chunks = [...mertonPathChunks(params, options, random)];
  return chunks.length === 1 ? chunks[0]! : joinPaths(chunks, options.steps ?? 30, params.tickers);
}
