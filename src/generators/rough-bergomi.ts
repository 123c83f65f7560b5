import type { RandomSource } from "../random/random-source.js";
import { createPathBatch } from "../data/path-batch.js";
import { TRADING_DAYS_PER_YEAR } from "./gbm.js";
import { joinVariancePaths, type VariancePaths } from "./variance-paths.js";
import { correlate, driverCorrelation } from "./world-correlation.js";
import { checkPerAsset, checkWorldGrid } from "./world-checks.js";

/**
 * The parameters of a multi-asset rough Bergomi world (C. Bayer, P. Friz and J. Gatheral, "Pricing
 * under rough volatility", Quantitative Finance 16(6), 2016), per asset (arrays of length H):
 *
 *   dS_a/S_a = μ_a dt + √v_a dW_a,   v_a(t) = ξ₀ exp(η Y(t) − ½η² Var Y(t)),
 *   Y(t) = √(2H) ∫₀ᵗ (t − s)^{H − ½} dB_a(s),   d⟨W_a, B_a⟩ = ρ_a dt,
 *
 * and d⟨W_a, W_b⟩ = C_ab dt between the price Brownian motions ({@link driverCorrelation}).
 */
export interface RoughBergomiParameters {
  /** Asset names, length H. */
  tickers: string[];
  /** H, the Hurst index of the volatility, in (0, ½). */
  hurst: number[];
  /** η, the volatility of volatility (per year^H). */
  eta: number[];
  /** ρ, correlation of each asset's price and volatility drivers, in (−1, 1). */
  rho: number[];
  /** ξ₀, the flat forward variance curve (annualised; 0.04 = 20 % volatility). */
  xi0: number[];
  /** μ, drift per year of each price (0: the zero-rate risk-neutral world). */
  drift: number[];
  /** C, correlation of the price Brownian motions, [H, H] row-major; absent: independent. */
  correlation?: number[];
}

/** Options of {@link roughBergomiPathChunks}. */
export interface RoughBergomiPathOptions {
  /** N, the number of paths. */
  n: number;
  /** T, steps per path; default 30. */
  steps?: number;
  /** Step length in years; default 1/252. */
  dt?: number;
  /** S_0 of every asset; default 100. */
  spot?: number;
}

/** Validates {@link RoughBergomiParameters}, naming the first bad field. */
export function checkRoughBergomiParameters(p: RoughBergomiParameters): void {
  checkPerAsset(p.tickers, [
    ["hurst", p.hurst, (x: number) => x > 0 && x < 0.5, "must be in (0, 0.5)"],
    ["eta", p.eta, (x: number) => x >= 0, "must be ≥ 0"],
    ["rho", p.rho, (x: number) => x > -1 && x < 1, "must be in (−1, 1)"],
    ["xi0", p.xi0, (x: number) => x > 0, "must be > 0"],
    ["drift", p.drift, () => true, "must be finite"],
  ]);
}

/**
 * Paths of the rough Bergomi model by the hybrid scheme with κ = 1 (M. Bennedsen, A. Lunde and M. S.
 * Pakkanen, "Hybrid scheme for Brownian semistationary processes", Finance and Stochastics 21, 2017;
 * as in R. McCrickerd and M. S. Pakkanen, "Turbocharging Monte Carlo pricing for the rough Bergomi
 * model", 2018), in chunks of at most `chunkSize` paths. With α = H − ½, Δ the step and ΔB_j the
 * driver's increment over [t_j, t_{j+1}]:
 *
 *   Y_i = √(2H) (B¹_{i−1} + Σ_{k=2}^{i} (b_k Δ)^α ΔB_{i−k}),   b_k = ((k^{α+1} − (k−1)^{α+1})/(α+1))^{1/α},
 *
 * B¹_j = ∫_{t_j}^{t_{j+1}} (t_{j+1} − s)^α dB_s drawn exactly with ΔB_j (Var Δ^{2α+1}/(2α+1),
 * covariance Δ^{α+1}/(α+1)). The variance is v_i = ξ₀ exp(η Y_i − ½η² Var Y_i) with Var Y_i the
 * scheme's own variance, so that E[v_i] = ξ₀ exactly on the grid; the price takes a log-Euler step,
 * ln S_{i+1} = ln S_i + (μ − ½v_i)Δ + √v_i (ρ ΔB_i + √(1 − ρ²) ΔW⊥_i). ΔB, the residual of B¹ and ΔW⊥ are
 * each correlated across assets by D ({@link driverCorrelation}; exact for equal H). Cost O(T²) per
 * path and asset (the convolution). Draws come from `random` in path order: chunks joined equal one batch.
 *
 * Shape: each chunk's `paths` and `variance` are [n, T + 1, H].
 */
export function* roughBergomiPathChunks(
  params: RoughBergomiParameters,
  options: RoughBergomiPathOptions,
  random: RandomSource,
  chunkSize = 16_384,
): Generator<VariancePaths> {
  const { n, steps = 30, dt = 1 / TRADING_DAYS_PER_YEAR, spot = 100 } = options;
  checkRoughBergomiParameters(params);
  checkWorldGrid({ n, steps, dt, spot, chunkSize });
  const h = params.tickers.length;
  const { factor } = driverCorrelation(params.correlation, params.rho);
  const independent = h === 1 || params.correlation === undefined;
  const sqrtDt = Math.sqrt(dt);
  const c = params.tickers.map((_, a) => {
    const H = params.hurst[a]!;
    const alpha = H - 0.5;
    const varExact = dt ** (2 * alpha + 1) / (2 * alpha + 1);
    const cov = dt ** (alpha + 1) / (alpha + 1);
    // weights[k] = (b_k Δ)^α for k ≥ 2; varY[i] = Var Y_i.
    const weights = new Float64Array(steps + 1);
    const varY = new Float64Array(steps + 1);
    let acc = varExact;
    for (let i = 1; i <= steps; i++) {
      if (i >= 2) {
        const b = ((i ** (alpha + 1) - (i - 1) ** (alpha + 1)) / (alpha + 1)) ** (1 / alpha);
        weights[i] = (b * dt) ** alpha;
        acc += weights[i]! ** 2 * dt;
      }
      varY[i] = 2 * H * acc;
    }
    const eta = params.eta[a]!;
    return {
      scale: Math.sqrt(2 * H),
      beta: cov / dt,
      residual: Math.sqrt(Math.max(0, varExact - (cov * cov) / dt)),
      weights,
      compensator: Float64Array.from(varY, (v) => -0.5 * eta * eta * v),
      eta,
      xi0: params.xi0[a]!,
      rho: params.rho[a]!,
      rhoBar: Math.sqrt(1 - params.rho[a]! ** 2),
      drift: params.drift[a]! * dt,
    };
  });
  const z1 = new Float64Array(h);
  const z2 = new Float64Array(h);
  const z3 = new Float64Array(h);
  const draw = new Float64Array(h);
  const increments = new Float64Array(steps * h); // ΔB_j of the current path, [T, H]
  const exact = new Float64Array(h); // B¹ of the last step
  for (let first = 0; first < n; first += chunkSize) {
    const size = Math.min(chunkSize, n - first);
    const values = new Float64Array(size * (steps + 1) * h);
    const variance = new Float64Array(size * (steps + 1) * h);
    for (let i = 0; i < size; i++) {
      const base = i * (steps + 1) * h;
      for (let a = 0; a < h; a++) {
        values[base + a] = spot;
        variance[base + a] = c[a]!.xi0;
      }
      for (let t = 0; t < steps; t++) {
        if (independent) {
          random.fillNormal(z1);
          random.fillNormal(z2);
          random.fillNormal(z3);
        } else {
          correlate(factor, random.fillNormal(draw), z1);
          correlate(factor, random.fillNormal(draw), z2);
          correlate(factor, random.fillNormal(draw), z3);
        }
        const row = base + t * h;
        for (let a = 0; a < h; a++) {
          const k = c[a]!;
          const dB = sqrtDt * z1[a]!;
          increments[t * h + a] = dB;
          exact[a] = k.beta * dB + k.residual * z2[a]!;
          const v = variance[row + a]!;
          const dW = k.rho * dB + k.rhoBar * sqrtDt * z3[a]!;
          values[row + h + a] = values[row + a]! * Math.exp(k.drift - 0.5 * v * dt + Math.sqrt(v) * dW);
          // Y_{t+1} = √(2H)(B¹_t + Σ_{k=2}^{t+1} w_k ΔB_{t+1−k}).
          let y = exact[a]!;
          for (let lag = 2; lag <= t + 1; lag++) y += k.weights[lag]! * increments[(t + 1 - lag) * h + a]!;
          variance[row + h + a] = k.xi0 * Math.exp(k.eta * k.scale * y + k.compensator[t + 1]!);
        }
      }
    }
    yield { paths: createPathBatch(values, { n: size, steps, tickers: params.tickers }), variance };
  }
}

/** All the paths of {@link roughBergomiPathChunks} in one batch: prices and variance, [N, T + 1, H]. */
export function generateRoughBergomi(
  params: RoughBergomiParameters,
  options: RoughBergomiPathOptions,
  random: RandomSource,
): VariancePaths {
  const chunks = [...roughBergomiPathChunks(params, options, random)];
  return joinVariancePaths(chunks, options.steps ?? 30, params.tickers);
}
