import { assertOption } from "../errors.js";
import type { RandomSource } from "../random/random-source.js";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import type { RegimeDynamics } from "./regime-dynamics.js";

/** Options of {@link generateRegimePaths}. */
export interface RegimePathOptions {
  /**
   * How the paths' regimes are drawn (issue 23 calls this `draw`, with `"equal"` and `"frequency"`):
   * `"equal"` (default, the paper's section 3.2: `pathsPerRegime` paths started in each regime, so
   * each regime weighs 1/K) or `"empirical"` (the issue's frequency draw: `paths` in all, each started
   * in regime k with probability `proportions[k]`, the share of training days in regime k).
   */
  allocation?: "equal" | "empirical";
  /** M, paths per regime with `"equal"`; default 1000 (the paper's section 3.2). */
  pathsPerRegime?: number;
  /** Total paths with `"empirical"`; default `pathsPerRegime`·K, the equal draw's total. */
  paths?: number;
  /** T, daily steps per path; default 30. */
  steps?: number;
  /** S_0 of every asset; default 100. */
  spot?: number;
  /**
   * `"fixed"` (default, the paper's): a path keeps its regime; `"markov"` (beyond the paper): the regime
   * moves every day with the empirical transition matrix, so a path can go from calm to turbulent.
   */
  switching?: "fixed" | "markov";
}

/**
 * N, the number of paths a generation with `options` makes for K = `regimes`: K·M with `"equal"`,
 * `paths` (default K·M) with `"empirical"`. Validates the options it reads, like the generation.
 *
 * @example countRegimePaths(6, { pathsPerRegime: 500 }) // 3000, and the same with allocation "empirical"
 */
export function countRegimePaths(regimes: number, options: RegimePathOptions): number {
  const { allocation = "equal", pathsPerRegime = 1000 } = options;
  assertOption(
    allocation === "equal" || allocation === "empirical",
    "allocation",
    allocation,
    'must be "equal" or "empirical"',
  );
  assertOption(
    Number.isInteger(pathsPerRegime) && pathsPerRegime >= 1,
    "pathsPerRegime",
    pathsPerRegime,
    "must be a positive integer",
  );
  if (allocation === "equal") return regimes * pathsPerRegime;
  const n = options.paths ?? regimes * pathsPerRegime;
  assertOption(Number.isInteger(n) && n >= 1, "paths", n, "must be a positive integer");
  return n;
}

/** The resolved plan of a generation: how many paths and each one's first regime. */
function plan(dynamics: RegimeDynamics, options: RegimePathOptions, random: RandomSource): Int32Array {
  const n = countRegimePaths(dynamics.regimes, options);
  if ((options.allocation ?? "equal") === "equal") {
    const m = n / dynamics.regimes;
    return Int32Array.from({ length: n }, (_, i) => Math.floor(i / m));
  }
  return Int32Array.from({ length: n }, () => draw(dynamics.proportions, random.uniform()));
}

function draw(probabilities: ArrayLike<number>, u: number, offset = 0, count = probabilities.length): number {
  let acc = 0;
  for (let j = 0; j < count; j++) {
    acc += probabilities[offset + j]!;
    if (u < acc) return j;
  }
  return count - 1;
}

/**
 * Paths of the regime-switching multivariate Black–Scholes model (paper, appendix 8.1.3), in chunks of
 * at most `chunkSize` paths, so that millions of paths never need to be held at once. Daily units:
 *
 *   S_t = S_{t−1} ⊙ exp((μ − ½ diag Σ_k) + L_k Z_t),  Z_t ~ N(0, I_H),
 *
 * k the path's regime on day t − 1. Every chunk carries its regime labels [n, T] (the regime in force
 * over (t, t + 1]). Draws come from `random` in path order: the chunks joined equal one large batch.
 */
export function* regimePathChunks(
  dynamics: RegimeDynamics,
  options: RegimePathOptions,
  random: RandomSource,
  chunkSize = 16_384,
): Generator<PathBatch> {
  const { steps = 30, spot = 100, switching = "fixed" } = options;
  assertOption(Number.isInteger(steps) && steps >= 1, "steps", steps, "must be a positive integer");
  assertOption(Number.isFinite(spot) && spot > 0, "spot", spot, "must be > 0");
  assertOption(
    switching === "fixed" || switching === "markov",
    "switching",
    switching,
    'must be "fixed" or "markov"',
  );
  const starts = plan(dynamics, options, random);
  const h = dynamics.tickers.length;
  const k = dynamics.regimes;
  // Per-regime drift of the log-returns: μ − ½ diag Σ_k.
  const logDrift = dynamics.covariances.map((sigma) =>
    dynamics.drift.map((mu, a) => mu - 0.5 * sigma[a * h + a]!),
  );
  const z = new Float64Array(h);
  for (let first = 0; first < starts.length; first += chunkSize) {
    const n = Math.min(chunkSize, starts.length - first);
    const values = new Float64Array(n * (steps + 1) * h);
    const regimes = new Int32Array(n * steps);
    for (let i = 0; i < n; i++) {
      let regime = starts[first + i]!;
      const base = i * (steps + 1) * h;
      for (let a = 0; a < h; a++) values[base + a] = spot;
      for (let t = 0; t < steps; t++) {
        if (t > 0 && switching === "markov")
          regime = draw(dynamics.transition, random.uniform(), regime * k, k);
        regimes[i * steps + t] = regime;
        random.fillNormal(z);
        const factor = dynamics.cholesky[regime]!;
        const drift = logDrift[regime]!;
        const row = base + t * h;
        for (let a = 0; a < h; a++) {
          let shock = 0;
          for (let b = 0; b <= a; b++) shock += factor[a * h + b]! * z[b]!;
          values[row + h + a] = values[row + a]! * Math.exp(drift[a]! + shock);
        }
      }
    }
    yield createPathBatch(values, { n, steps, tickers: dynamics.tickers }, { regimes });
  }
}

/** All the paths of {@link regimePathChunks} in one batch, [N, T + 1, H] with regimes [N, T]. */
export function generateRegimePaths(
  dynamics: RegimeDynamics,
  options: RegimePathOptions,
  random: RandomSource,
): PathBatch {
  const chunks = [...regimePathChunks(dynamics, options, random)];
  if (chunks.length === 1) return chunks[0]!;
  const steps = chunks[0]!.steps;
  const h = dynamics.tickers.length;
  const n = chunks.reduce((s, c) => s + c.n, 0);
  const values = new Float64Array(n * (steps + 1) * h);
  const regimes = new Int32Array(n * steps);
  let at = 0;
  for (const c of chunks) {
    values.set(c.values, at * (steps + 1) * h);
    regimes.set(c.regimes!, at * steps);
    at += c.n;
  }
  return createPathBatch(values, { n, steps, tickers: dynamics.tickers }, { regimes });
}
