import { assertOption } from "../errors.js";
import type { RandomSource } from "../random/random-source.js";
import { createPathBatch } from "../data/path-batch.js";
import { TRADING_DAYS_PER_YEAR } from "./gbm.js";
import { correlate, driverCorrelation } from "./world-correlation.js";
import { normalCdf } from "../math/normal.js";
import { joinVariancePaths, type VariancePaths } from "./variance-paths.js";
import { checkPerAsset, checkWorldGrid } from "./world-checks.js";

/**
 * The parameters of a multi-asset Heston world, per asset (arrays of length H), annualised:
 *
 *   dS_a/S_a = μ_a dt + √v_a dW_a,   dv_a = κ_a(θ_a − v_a) dt + ξ_a √v_a dB_a,   d⟨W_a, B_a⟩ = ρ_a dt,
 *
 * and d⟨W_a, W_b⟩ = C_ab dt between the assets' price Brownian motions (the drivers' correlation is
 * {@link driverCorrelation}'s: variance drivers and residual price drivers each correlated by D).
 */
export interface HestonParameters {
  /** Asset names, length H. */
  tickers: string[];
  /** κ, mean-reversion speed of the variance (per year). */
  kappa: number[];
  /** θ, long-run variance (annualised; 0.04 = 20 % volatility). */
  theta: number[];
  /** ξ, volatility of the variance (per √year). */
  xi: number[];
  /** ρ, correlation of each asset's price and variance drivers, in (−1, 1). */
  rho: number[];
  /** v_0, the variance on the first date (annualised). */
  v0: number[];
  /** μ, drift per year of each price; 0 is the zero-rate risk-neutral world. */
  drift: number[];
  /** C, correlation of the price Brownian motions, [H, H] row-major; absent: independent assets. */
  correlation?: number[];
}

/** Options of {@link hestonPathChunks}. */
export interface HestonPathOptions {
  /** N, the number of paths. */
  n: number;
  /** T, steps per path; default 30. */
  steps?: number;
  /** Step length in years; default 1/252 (one trading day). */
  dt?: number;
  /** S_0 of every asset; default 100. */
  spot?: number;
  /** ψ_c, the QE switching level between the quadratic and the exponential branch; default 1.5 (Andersen's). */
  psiCritical?: number;
}

/** Validates {@link HestonParameters}, naming the first bad field. */
export function checkHestonParameters(p: HestonParameters): void {
  checkPerAsset(p.tickers, [
    ["kappa", p.kappa, (x: number) => x > 0, "must be > 0"],
    ["theta", p.theta, (x: number) => x > 0, "must be > 0"],
    ["xi", p.xi, (x: number) => x > 0, "must be > 0"],
    ["rho", p.rho, (x: number) => x > -1 && x < 1, "must be in (−1, 1)"],
    ["v0", p.v0, (x: number) => x >= 0, "must be ≥ 0"],
    ["drift", p.drift, () => true, "must be finite"],
  ]);
}

/**
 * Paths of the Heston model by Andersen's quadratic-exponential (QE) scheme with the martingale
 * correction (L. Andersen, "Efficient simulation of the Heston stochastic volatility model", J.
 * Computational Finance 11(3), 2008, sections 3.2.4 and 4.3, γ₁ = γ₂ = ½), in chunks of at most
 * `chunkSize` paths. Per step Δ and asset, with m, s² the conditional mean and variance of v_{t+Δ}:
 *
 *   ψ = s²/m² ≤ ψ_c:  v_{t+Δ} = a (b + Z_v)²,   b² = 2/ψ − 1 + √(2/ψ)√(2/ψ − 1),  a = m/(1 + b²);
 *   ψ > ψ_c:          v_{t+Δ} = 0 if U ≤ p, else ln((1 − p)/(1 − U))/β,  p = (ψ − 1)/(ψ + 1), β = (1 − p)/m;
 *   ln S_{t+Δ} = ln S_t + μΔ + K₀* + K₁ v_t + K₂ v_{t+Δ} + √(K₃ v_t + K₄ v_{t+Δ}) Z,
 *
 * K₀* the martingale-corrected constant so that E[S_{t+Δ} | S_t, v_t] = S_t e^{μΔ} exactly (the
 * uncorrected K₀ = −ρκθΔ/ξ where the correction does not exist: A ≥ 1/(2a) or A ≥ β). Z_v and Z are
 * correlated across assets by D ({@link driverCorrelation}); U = Φ(Z_v), a Gaussian copula, so the
 * variance draws of the assets stay correlated on both branches. Draws come from `random` in path
 * order: the chunks joined equal one batch.
 *
 * Shape: each chunk's `paths` and `variance` are [n, T + 1, H].
 */
export function* hestonPathChunks(
  params: HestonParameters,
  options: HestonPathOptions,
  random: RandomSource,
  chunkSize = 16_384,
): Generator<VariancePaths> {
  const { n, steps = 30, dt = 1 / TRADING_DAYS_PER_YEAR, spot = 100, psiCritical = 1.5 } = options;
  checkHestonParameters(params);
  checkWorldGrid({ n, steps, dt, spot, chunkSize });
  assertOption(psiCritical >= 1 && psiCritical <= 2, "psiCritical", psiCritical, "must be in [1, 2]");
  const h = params.tickers.length;
  const { factor } = driverCorrelation(params.correlation, params.rho);
  const independent = h === 1 || params.correlation === undefined;
  // Per-asset constants of the scheme.
  const c = params.tickers.map((_, a) => {
    const kappa = params.kappa[a]!;
    const theta = params.theta[a]!;
    const xi = params.xi[a]!;
    const rho = params.rho[a]!;
    const e = Math.exp(-kappa * dt);
    const k1 = 0.5 * dt * ((kappa * rho) / xi - 0.5) - rho / xi;
    const k2 = 0.5 * dt * ((kappa * rho) / xi - 0.5) + rho / xi;
    const k3 = 0.5 * dt * (1 - rho * rho);
    return {
      theta,
      e,
      // s² = v·c1 + c2.
      c1: (xi * xi * e * (1 - e)) / kappa,
      c2: (theta * xi * xi * (1 - e) ** 2) / (2 * kappa),
      k0: (-rho * kappa * theta * dt) / xi,
      k1,
      k2,
      k3,
      a: k2 + 0.5 * k3,
      drift: params.drift[a]! * dt,
    };
  });
  const zv = new Float64Array(h);
  const zs = new Float64Array(h);
  const draw = new Float64Array(h);
  for (let first = 0; first < n; first += chunkSize) {
    const size = Math.min(chunkSize, n - first);
    const values = new Float64Array(size * (steps + 1) * h);
    const variance = new Float64Array(size * (steps + 1) * h);
    for (let i = 0; i < size; i++) {
      const base = i * (steps + 1) * h;
      for (let a = 0; a < h; a++) {
        values[base + a] = spot;
        variance[base + a] = params.v0[a]!;
      }
      for (let t = 0; t < steps; t++) {
        const row = base + t * h;
        if (independent) {
          random.fillNormal(zv);
          random.fillNormal(zs);
        } else {
          correlate(factor, random.fillNormal(draw), zv);
          correlate(factor, random.fillNormal(draw), zs);
        }
        for (let a = 0; a < h; a++) {
          const k = c[a]!;
          const v = variance[row + a]!;
          const m = k.theta + (v - k.theta) * k.e;
          const s2 = v * k.c1 + k.c2;
          const psi = s2 / (m * m);
          let next: number;
          let k0 = k.k0;
          if (psi <= psiCritical) {
            const inv = 2 / psi;
            const b2 = inv - 1 + Math.sqrt(inv * (inv - 1));
            const b = Math.sqrt(b2);
            const aq = m / (1 + b2);
            const x = b + zv[a]!;
            next = aq * x * x;
            if (k.a < 1 / (2 * aq))
              k0 =
                (-k.a * b2 * aq) / (1 - 2 * k.a * aq) +
                0.5 * Math.log(1 - 2 * k.a * aq) -
                (k.k1 + 0.5 * k.k3) * v;
          } else {
            const p = (psi - 1) / (psi + 1);
            const beta = (1 - p) / m;
            // 1 − U = Φ(−Z_v), computed directly so that a far tail never rounds U to 1.
            const tail = normalCdf(-zv[a]!);
            next = tail >= 1 - p ? 0 : Math.log((1 - p) / tail) / beta;
            if (k.a < beta) k0 = -Math.log(p + (beta * (1 - p)) / (beta - k.a)) - (k.k1 + 0.5 * k.k3) * v;
          }
          const log = k.drift + k0 + k.k1 * v + k.k2 * next + Math.sqrt(k.k3 * (v + next)) * zs[a]!;
          values[row + h + a] = values[row + a]! * Math.exp(log);
          variance[row + h + a] = next;
        }
      }
    }
    yield { paths: createPathBatch(values, { n: size, steps, tickers: params.tickers }), variance };
  }
}

/** All the paths of {@link hestonPathChunks} in one batch: prices and variance, each [N, T + 1, H]. */
export function generateHeston(
  params: HestonParameters,
  options: HestonPathOptions,
  random: RandomSource,
): VariancePaths {
  const chunks = [...hestonPathChunks(params, options, random)];
  return joinVariancePaths(chunks, options.steps ?? 30, params.tickers);
}
