import { assertOption } from "../errors.js";
import { TRADING_DAYS_PER_YEAR } from "./gbm.js";
import type { HestonParameters } from "./heston.js";
import { clampFittedRho, fittedCorrelation } from "./daily-returns.js";

/** Options of {@link fitHeston}. */
export interface FitHestonOptions {
  /** Step of the returns in years; default 1/252 (daily). */
  dt?: number;
  /** Days per block of realised variance, τ; default 5 (a week). */
  block?: number;
  /** L, the lags (in blocks) of the autocovariances used; default 20. */
  lags?: number;
}

/** A fitted Heston world: its parameters and what the fit did, in words. */
export interface FittedHeston {
  parameters: HestonParameters;
  /** Per asset, e^{−κτ}: the estimated lag-one persistence of the block variance. */
  persistence: number[];
  notes: string[];
}

/**
 * Fits a Heston world to each asset's daily log-returns r_d by the method of moments of the returns and
 * their realised variance over blocks of τ days (τ' = τΔ years), using the moments of the stationary
 * CIR variance (autocovariance Var v · e^{−κ|s|}, Var v = θξ²/(2κ)) and the leverage E[dW dB] = ρ dt:
 *
 * - θ = the variance of r_d divided by Δ; v_0 = θ (paths start at the long-run level);
 * - RV_j = Σ_{d ∈ block j} r_d² / τ', whose autocovariances for lags l ≥ 1 are those of the block-mean
 *   variance, γ_l = Var v (1 − e^{−κτ'})² e^{−κτ'(l−1)}/(κτ')² (the sampling noise of RV is uncorrelated
 *   across blocks, so lag 0 is left out): e^{−κτ'} = Σ_{l=2}^{L} γ_l / Σ_{l=1}^{L−1} γ_l, then
 *   Var v = γ_1 (κτ')²/(1 − e^{−κτ'})² and ξ² = 2κ Var v/θ;
 * - with R_j = Σ_{d ∈ block j} r_d, Cov(R_j, RV_{j+l}) = ρξθ (1 − e^{−κτ'})² e^{−κτ'(l−1)}/(κ²τ'):
 *   ρ from the sum of these over l = 1 … L;
 * - μ = mean(r)/Δ + θ/2; C = the sample correlation of the daily returns, shrunk toward the
 *   identity if the drivers' matrix ({@link driverCorrelation}) would not be positive definite.
 *
 * Estimates outside the model's range are clamped (e^{−κτ'} to [0.02, 0.999], ρ to [−0.95, 0.95],
 * ξ to ≥ 0.01) and every clamp is written in `notes`. Shape: `returns` H series of equal length.
 */
export function fitHeston(
  returns: readonly Float64Array[],
  tickers: readonly string[],
  options: FitHestonOptions = {},
): FittedHeston {
  const { dt = 1 / TRADING_DAYS_PER_YEAR, block = 5, lags = 20 } = options;
  assertOption(
    returns.length === tickers.length,
    "returns",
    returns.length,
    `must hold ${tickers.length} series`,
  );
  assertOption(Number.isInteger(block) && block >= 1, "block", block, "must be a positive integer");
  assertOption(Number.isInteger(lags) && lags >= 2, "lags", lags, "must be an integer ≥ 2");
  const notes: string[] = [];
  const tau = block * dt;
  const fits = returns.map((r, a) => {
    const days = r.length;
    const blocks = Math.floor(days / block);
    assertOption(
      blocks >= 2 * lags + 2,
      "returns",
      days,
      `must cover at least ${(2 * lags + 2) * block} days`,
    );
    let mean = 0;
    for (const x of r) mean += x / days;
    let ss = 0;
    for (const x of r) ss += (x - mean) ** 2;
    const theta = ss / (days - 1) / dt;
    const rv = new Float64Array(blocks);
    const sums = new Float64Array(blocks);
    for (let j = 0; j < blocks; j++) {
      for (let d = j * block; d < (j + 1) * block; d++) {
        rv[j]! += (r[d]! * r[d]!) / tau;
        sums[j]! += r[d]!;
      }
    }
    let rvMean = 0;
    for (const x of rv) rvMean += x / blocks;
    let sumMean = 0;
    for (const x of sums) sumMean += x / blocks;
    const gamma = (l: number): number => {
      let s = 0;
      for (let j = 0; j + l < blocks; j++) s += (rv[j]! - rvMean) * (rv[j + l]! - rvMean);
      return s / blocks;
    };
    const cross = (l: number): number => {
      let s = 0;
      for (let j = 0; j + l < blocks; j++) s += (sums[j]! - sumMean) * (rv[j + l]! - rvMean);
      return s / blocks;
    };
    const g = Array.from({ length: lags + 1 }, (_, l) => (l === 0 ? 0 : gamma(l)));
    let num = 0;
    let den = 0;
    for (let l = 2; l <= lags; l++) num += g[l]!;
    for (let l = 1; l < lags; l++) den += g[l]!;
    let phi = num / den;
    if (!(phi >= 0.02 && phi <= 0.999)) {
      const clamped = Number.isFinite(phi) && phi > 0.999 ? 0.999 : 0.02;
      notes.push(`${tickers[a]}: block persistence ${phi.toFixed(3)} clamped to ${clamped}`);
      phi = clamped;
    }
    const kappa = -Math.log(phi) / tau;
    const varV = Math.max(0, (g[1]! * (kappa * tau) ** 2) / (1 - phi) ** 2);
    let xi = Math.sqrt((2 * kappa * varV) / theta);
    if (!(xi >= 0.01)) {
      notes.push(`${tickers[a]}: ξ ${xi.toFixed(4)} clamped to 0.01`);
      xi = 0.01;
    }
    let crossSum = 0;
    let weight = 0;
    for (let l = 1; l <= lags; l++) {
      crossSum += cross(l);
      weight += phi ** (l - 1);
    }
    const rho = clampFittedRho(
      (crossSum * kappa * kappa * tau) / (xi * theta * (1 - phi) ** 2 * weight),
      0.95,
      tickers[a]!,
      notes,
    );
    return { kappa, theta, xi, rho, phi, drift: mean / dt + theta / 2 };
  });
  const parameters: HestonParameters = {
    tickers: [...tickers],
    kappa: fits.map((f) => f.kappa),
    theta: fits.map((f) => f.theta),
    xi: fits.map((f) => f.xi),
    rho: fits.map((f) => f.rho),
    v0: fits.map((f) => f.theta),
    drift: fits.map((f) => f.drift),
  };
  const correlation = fittedCorrelation(returns, parameters.rho, notes);
  if (correlation) parameters.correlation = correlation;
  return { parameters, persistence: fits.map((f) => f.phi), notes };
}
