import { assertOption } from "../errors.js";
import { nelderMead } from "../math/nelder-mead.js";
import { createRandom } from "../random/random-source.js";
import { TRADING_DAYS_PER_YEAR } from "./gbm.js";
import { generateRoughBergomi, type RoughBergomiParameters } from "./rough-bergomi.js";
import { clampFittedRho, fittedCorrelation } from "./daily-returns.js";

/** Options of {@link fitRoughBergomi}. */
export interface FitRoughBergomiOptions {
  /** Step of the returns in years; default 1/252 (daily). */
  dt?: number;
  /** Days per block of realised variance, τ; default 5. */
  block?: number;
  /** L, the lags (in blocks) of the structure function; default 20. */
  lags?: number;
  /**
   * Days per independent segment of the series (the returns of several paths laid end to end);
   * default the whole series. Statistics pair blocks of one segment only.
   */
  segment?: number;
  /** Paths of the simulation that calibrates ρ, each of min(segment, 250) days; default 400. */
  simulations?: number;
  /** Seed of that simulation; default 1. */
  seed?: number;
}

/** A fitted rough Bergomi world: its parameters and what the fit did, in words. */
export interface FittedRoughBergomi {
  parameters: RoughBergomiParameters;
  notes: string[];
}

/** c_H with Var(Y_{t+s} − Y_t) → c_H s^{2H} (t → ∞): 1 + 2H ∫₀^∞ ((1 + y)^α − y^α)² dy, α = H − ½. */
export function roughIncrementConstant(hurst: number): number {
  const alpha = hurst - 0.5;
  // y = x^k with k = 1/(2H) removes the singularity at 0; the tail ~ α² y^{2α−2} is integrated exactly beyond Y.
  const Y = 1e4;
  const k = 1 / (2 * hurst);
  const upper = Y ** (1 / k);
  const n = 20_000;
  let s = 0;
  for (let j = 0; j < n; j++) {
    const x = ((j + 0.5) / n) * upper;
    const y = x ** k;
    s += ((1 + y) ** alpha - y ** alpha) ** 2 * k * x ** (k - 1);
  }
  const tail = (alpha * alpha * Y ** (2 * alpha - 1)) / (1 - 2 * alpha);
  return 1 + 2 * hurst * (s * (upper / n) + tail);
}

/** Block log realised variances ln(Σ_{d ∈ j} r_d²/τ') and block returns R_j of one series. */
function blocks(r: Float64Array, block: number, tau: number): { logRv: Float64Array; sums: Float64Array } {
  const count = Math.floor(r.length / block);
  const logRv = new Float64Array(count);
  const sums = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    let rv = 0;
    for (let d = j * block; d < (j + 1) * block; d++) {
      rv += r[d]! * r[d]!;
      sums[j]! += r[d]!;
    }
    logRv[j] = Math.log(Math.max(rv, 1e-300) / tau);
  }
  return { logRv, sums };
}

/** The values of ρ at which the leverage statistic is simulated. */
const RHO_GRID = [-0.99, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 0.99];

/** The ρ at which the piecewise-linear curve through (RHO_GRID, values) reaches `target` (extrapolated at the ends). */
function invert(values: readonly number[], target: number): number {
  const last = RHO_GRID.length - 1;
  let k = 0;
  while (k < last - 1 && (values[k + 1]! - target) * (values[last]! - values[0]!) < 0) k++;
  const [x0, x1, y0, y1] = [RHO_GRID[k]!, RHO_GRID[k + 1]!, values[k]!, values[k + 1]!];
  return y1 === y0 ? x0 : x0 + ((target - y0) * (x1 - x0)) / (y1 - y0);
}

/** The sample correlation of two series of equal length. */
function correlation(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]! / n;
    my += ys[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** corr(R_j, ln RV_{j+1} − ln RV_j) over the consecutive blocks of each segment: the leverage statistic. */
function leverage(segments: readonly { logRv: Float64Array; sums: Float64Array }[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const { logRv, sums } of segments) {
    for (let j = 0; j + 1 < logRv.length; j++) {
      xs.push(sums[j]!);
      ys.push(logRv[j + 1]! - logRv[j]!);
    }
  }
  return correlation(xs, ys);
}

/**
 * Fits a rough Bergomi world to each asset's daily log-returns by moments of the returns and of the
 * log realised variance over blocks of τ days (τ' = τΔ years), as in Gatheral, Jaisson and Rosenbaum
 * ("Volatility is rough", Quantitative Finance 18(6), 2018):
 *
 * - ξ₀ = the variance of the daily returns divided by Δ;
 * - H and η from the structure function of the log block variance, m(l) = mean (ln RV_{j+l} − ln RV_j)²
 *   for l = 1 … L, fitted by least squares (Nelder–Mead) to 2ν + η² c_H (lτ')^{2H}, where ν is the
 *   variance of the sampling noise of ln RV and c_H s^{2H} the variance of the increments of
 *   √(2H)∫(t − s)^{H−½} dB ({@link roughIncrementConstant}); the block averaging is ignored, so Ĥ is
 *   biased up a little at small τ;
 * - ρ by indirect inference: ĉ, the data's corr(R_j, ln RV_{j+1} − ln RV_j) (R_j the block's return),
 *   is matched by the same statistic on `simulations` seeded paths of min(segment, 250) days of the
 *   fitted (H, η, ξ₀) at ρ = −0.99, −0.75, …, 0.99 (common random numbers), interpolated linearly;
 *   clamped to [−0.99, 0.99];
 * - μ = mean(r)/Δ + ξ₀/2; C as in {@link fitHeston}.
 *
 * Shape: `returns` H series of equal length.
 */
export function fitRoughBergomi(
  returns: readonly Float64Array[],
  tickers: readonly string[],
  options: FitRoughBergomiOptions = {},
): FittedRoughBergomi {
  const { dt = 1 / TRADING_DAYS_PER_YEAR, block = 5, lags = 20, simulations = 400, seed = 1 } = options;
  assertOption(
    returns.length === tickers.length,
    "returns",
    returns.length,
    `must hold ${tickers.length} series`,
  );
  assertOption(Number.isInteger(block) && block >= 1, "block", block, "must be a positive integer");
  assertOption(Number.isInteger(lags) && lags >= 3, "lags", lags, "must be an integer ≥ 3");
  const tau = block * dt;
  const notes: string[] = [];
  const fits = returns.map((r, a) => {
    const days = r.length;
    assertOption(
      days >= (2 * lags + 2) * block,
      "returns",
      days,
      `must cover at least ${(2 * lags + 2) * block} days`,
    );
    let mean = 0;
    for (const x of r) mean += x / days;
    let ss = 0;
    for (const x of r) ss += (x - mean) ** 2;
    const xi0 = ss / (days - 1) / dt;
    const length = options.segment ?? days;
    assertOption(
      Number.isInteger(length) && length >= block * (lags + 2),
      "segment",
      length,
      `must be an integer ≥ ${block * (lags + 2)} days`,
    );
    const segments: { logRv: Float64Array; sums: Float64Array }[] = [];
    for (let start = 0; start + length <= days; start += length)
      segments.push(blocks(r.subarray(start, start + length), block, tau));
    const m = Array.from({ length: lags }, (_, i) => {
      const l = i + 1;
      let s = 0;
      let count = 0;
      for (const { logRv } of segments) {
        for (let j = 0; j + l < logRv.length; j++) {
          s += (logRv[j + l]! - logRv[j]!) ** 2;
          count++;
        }
      }
      return s / count;
    });
    // Parameters (ln 2ν, ln η, logit 2H).
    const objective = ([lnNoise, lnEta, h]: readonly number[]): number => {
      const hurst = 0.5 / (1 + Math.exp(-h!));
      if (hurst < 0.01 || hurst > 0.49) return Infinity;
      const c = Math.exp(2 * lnEta!) * roughIncrementConstant(hurst);
      let s = 0;
      for (let i = 0; i < lags; i++)
        s += (m[i]! - Math.exp(lnNoise!) - c * ((i + 1) * tau) ** (2 * hurst)) ** 2;
      return s;
    };
    const best = nelderMead(objective, [Math.log(m[0]! / 2), Math.log(1.5), 0], {
      tolerance: 1e-14,
      maxEvaluations: 600,
    });
    const hurst = 0.5 / (1 + Math.exp(-best.x[2]!));
    const eta = Math.exp(best.x[1]!);
    const simulatedDays = Math.min(length, 250);
    // The statistic at each ρ of a grid, on the same seeded draws (common random numbers).
    const curve = RHO_GRID.map((gridRho) => {
      const simulated = generateRoughBergomi(
        { tickers: ["sim"], hurst: [hurst], eta: [eta], rho: [gridRho], xi0: [xi0], drift: [0] },
        { n: simulations, steps: simulatedDays },
        createRandom(seed).fork(a),
      ).paths;
      return leverage(
        Array.from({ length: simulations }, (_, i) => {
          const path = simulated.values.subarray(i * (simulatedDays + 1), (i + 1) * (simulatedDays + 1));
          const daily = Float64Array.from({ length: simulatedDays }, (_, d) =>
            Math.log(path[d + 1]! / path[d]!),
          );
          return blocks(daily, block, tau);
        }),
      );
    });
    const rho = clampFittedRho(invert(curve, leverage(segments)), 0.99, tickers[a]!, notes);
    return { hurst, eta, xi0, rho, drift: mean / dt + xi0 / 2 };
  });
  const parameters: RoughBergomiParameters = {
    tickers: [...tickers],
    hurst: fits.map((f) => f.hurst),
    eta: fits.map((f) => f.eta),
    rho: fits.map((f) => f.rho),
    xi0: fits.map((f) => f.xi0),
    drift: fits.map((f) => f.drift),
  };
  const correlation = fittedCorrelation(returns, parameters.rho, notes);
  if (correlation) parameters.correlation = correlation;
  return { parameters, notes };
}
