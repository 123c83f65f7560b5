import { assertOption } from "../errors.js";
import { nelderMead } from "../math/nelder-mead.js";
import { TRADING_DAYS_PER_YEAR } from "./gbm.js";
import type { MertonParameters } from "./merton.js";
import { sampleCorrelation } from "./daily-returns.js";

/** Options of {@link fitMerton}. */
export interface FitMertonOptions {
  /** Step of the returns in years; default 1/252 (daily). */
  dt?: number;
  /** Most jumps on one day in the likelihood's Poisson sum; default 8. */
  maxJumps?: number;
}

/** A fitted Merton world: its parameters and what the fit did, in words. */
export interface FittedMerton {
  parameters: MertonParameters;
  /** Per asset, the maximised mean log-likelihood per day. */
  logLikelihood: number[];
  notes: string[];
}

/** The Merton log-density of one day's log-return x per Poisson term, written into `terms`; returns log Σ. */
function logDensity(x: number, p: number[], lambdaDt: number, dt: number, terms: Float64Array): number {
  const [a, logSigma, , m, logS] = p as [number, number, number, number, number];
  const b = Math.exp(2 * logSigma) * dt;
  const s2 = Math.exp(2 * logS);
  let most = -Infinity;
  let logWeight = -lambdaDt;
  for (let n = 0; n < terms.length; n++) {
    if (n > 0) logWeight += Math.log(lambdaDt / n);
    const v = b + n * s2;
    const e = x - a - n * m;
    terms[n] = logWeight - 0.5 * Math.log(2 * Math.PI * v) - (e * e) / (2 * v);
    if (terms[n]! > most) most = terms[n]!;
  }
  let sum = 0;
  for (let n = 0; n < terms.length; n++) sum += Math.exp(terms[n]! - most);
  return most + Math.log(sum);
}

/**
 * Fits a Merton jump-diffusion to each asset's daily log-returns by maximum likelihood: the density of
 * a day's log-return is the Poisson mixture Σ_n e^{−λΔ}(λΔ)ⁿ/n! · N(a + n m, σ²Δ + n s²) (truncated at
 * `maxJumps`), maximised over (a, ln σ, ln λ, m, ln s) by {@link nelderMead} from a moment start
 * (σ from the median absolute deviation, λ = 10 a year, m = 0, s = 3 daily standard deviations);
 * then μ = a/Δ + σ²/2 + λk. The diffusions' correlation is the sample correlation of the days on
 * which every asset's posterior probability of no jump is above ½.
 *
 * Shape: `returns` H series of daily log-returns of equal length.
 */
export function fitMerton(
  returns: readonly Float64Array[],
  tickers: readonly string[],
  options: FitMertonOptions = {},
): FittedMerton {
  const { dt = 1 / TRADING_DAYS_PER_YEAR, maxJumps = 8 } = options;
  assertOption(
    returns.length === tickers.length,
    "returns",
    returns.length,
    `must hold ${tickers.length} series`,
  );
  const terms = new Float64Array(maxJumps + 1);
  const fits = returns.map((r) => {
    const days = r.length;
    let mean = 0;
    for (const x of r) mean += x / days;
    const deviations = Float64Array.from(r, (x) => Math.abs(x - mean)).sort();
    const mad = deviations[Math.floor(days / 2)]! * 1.4826;
    const start = [mean, Math.log(mad / Math.sqrt(dt)), Math.log(10), 0, Math.log(3 * mad)];
    const objective = (p: readonly number[]): number => {
      const lambdaDt = Math.exp(p[2]!) * dt;
      if (!(lambdaDt < 2) || p[4]! < Math.log(1e-6) || p[1]! < Math.log(1e-6)) return Infinity;
      let total = 0;
      for (const x of r) total += logDensity(x, p as number[], lambdaDt, dt, terms);
      return -total / days;
    };
    let best = nelderMead(objective, start, { step: [mad / 10, 0.2, 0.5, mad, 0.3], tolerance: 1e-12 });
    // One restart from the optimum: Nelder–Mead can stall on a flat ridge.
    best = nelderMead(objective, best.x, { step: [mad / 20, 0.05, 0.2, mad / 2, 0.1], tolerance: 1e-12 });
    return { p: best.x, logLikelihood: -best.value };
  });
  const sigma = fits.map((f) => Math.exp(f.p[1]!));
  const intensity = fits.map((f) => Math.exp(f.p[2]!));
  const jumpMean = fits.map((f) => f.p[3]!);
  const jumpStd = fits.map((f) => Math.exp(f.p[4]!));
  const drift = fits.map((f, a) => {
    const k = Math.exp(jumpMean[a]! + 0.5 * jumpStd[a]! ** 2) - 1;
    return f.p[0]! / dt + 0.5 * sigma[a]! ** 2 + intensity[a]! * k;
  });
  const parameters: MertonParameters = {
    tickers: [...tickers],
    volatility: sigma,
    intensity,
    jumpMean,
    jumpStd,
    drift,
  };
  const notes: string[] = [];
  if (tickers.length > 1) {
    // P(N = 0 | x) per asset and day.
    const calm = returns.map((r, a) =>
      Float64Array.from(r, (x) => {
        const p = fits[a]!.p;
        const all = logDensity(x, p, intensity[a]! * dt, dt, terms);
        return Math.exp(terms[0]! - all);
      }),
    );
    const days = returns[0]!.length;
    const keep = (d: number): boolean => calm.every((c) => c[d]! > 0.5);
    let kept = 0;
    for (let d = 0; d < days; d++) if (keep(d)) kept++;
    parameters.correlation = sampleCorrelation(returns, keep);
    notes.push(`diffusion correlation from the ${kept} of ${days} days without a likely jump`);
  }
  return { parameters, logLikelihood: fits.map((f) => f.logLikelihood), notes };
}
