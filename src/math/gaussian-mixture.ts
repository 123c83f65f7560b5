import { assertOption, HedgelabError } from "../errors.js";
import { cholesky } from "./cholesky.js";
import { assertData, assignNearest, kMeans, kMeansPlusPlus, type UniformSource } from "./k-means.js";
import { sum } from "./sum.js";
import { choleskyLogDeterminant } from "./symmetric-matrix.js";

/**
 * How the component covariances Σₖ are constrained, and how they are stored (D = dimension):
 * - `"full"`: each Σₖ any positive definite matrix, stored [K, D, D];
 * - `"diagonal"`: each Σₖ diagonal, its diagonal stored [K, D];
 * - `"tied"`: one full Σ shared by all components, stored [D, D];
 * - `"spherical"`: each Σₖ = σₖ² I, the variances σₖ² stored [K].
 * The names follow scikit-learn's `covariance_type` ("diag" is spelt out).
 */
export type CovarianceType = "full" | "diagonal" | "tied" | "spherical";

/** Every {@link CovarianceType}, in the order BIC tables list them. */
export const COVARIANCE_TYPES: readonly CovarianceType[] = ["full", "diagonal", "tied", "spherical"];

/**
 * How EM starts: `"k-means++"` labels each row by its nearest k-means++ seed; `"k-means"` runs
 * Lloyd's algorithm from those seeds first (scikit-learn's default `"kmeans"`). Either way the
 * first parameters are the M-step of those hard labels.
 */
export type MixtureInit = "k-means++" | "k-means";

/** A seeded random source that can fork independent streams; a `RandomSource` (src/random) is one. */
export interface ForkableSource extends UniformSource {
  /** An independent source for the sub-task labelled `stream`. */
  fork(stream: number): ForkableSource;
}

/** Options of {@link fitGaussianMixture}. */
export interface GaussianMixtureOptions {
  /** K, the number of components; an integer in 1..N. */
  components: number;
  /** The covariance constraint; default `"full"`. */
  covariance?: CovarianceType;
  /** EM runs from different seeds (restart r draws from `random.fork(r)`); the best log-likelihood wins; default 5. */
  restarts?: number;
  /** The most EM iterations (M-steps) per restart; default 200. */
  maxIterations?: number;
  /** Converged when the mean log-likelihood per row changes by less than this between iterations; default 1e-6. */
  tolerance?: number;
  /**
   * λ ≥ 0 added to the diagonal of every covariance after each M-step (scikit-learn's `reg_covar`),
   * in squared data units; default 1e-6. It keeps Σₖ positive definite when a component collapses
   * onto a few rows, and bounds the likelihood away from its degenerate +∞.
   */
  covarianceFloor?: number;
  /** The initialisation; default `"k-means++"`. */
  init?: MixtureInit;
}

/**
 * A fitted Gaussian mixture p(x) = Σₖ πₖ N(x; μₖ, Σₖ), a plain value. Arrays are row-major.
 */
export interface GaussianMixture {
  /** K, the number of components. */
  readonly components: number;
  /** D, the dimension of the data. */
  readonly dimension: number;
  /** The covariance constraint, which fixes the layout of `covariances`. */
  readonly covariance: CovarianceType;
  /** The mixing weights πₖ, [K], positive and summing to 1. */
  readonly weights: Float64Array;
  /** The means μₖ, [K, D]. */
  readonly means: Float64Array;
  /** Σₖ as laid out by {@link CovarianceType}: full [K, D, D], diagonal [K, D], tied [D, D], spherical [K]. */
  readonly covariances: Float64Array;
  /** log L = Σᵢ log p(xᵢ) over the N fitted rows, natural log, at the returned parameters. */
  readonly logLikelihood: number;
  /** N, the number of rows the model was fitted on. */
  readonly samples: number;
  /** EM iterations (M-steps) of the winning restart. */
  readonly iterations: number;
  /** Whether the winning restart met the tolerance within `maxIterations`. */
  readonly converged: boolean;
  /** log L of the winning restart after 0, 1, …, `iterations` M-steps (non-decreasing); the last is `logLikelihood`. */
  readonly history: readonly number[];
  /** The index r of the winning restart. */
  readonly restart: number;
  /** The final log L of every restart, [restarts]. */
  readonly restartLogLikelihoods: readonly number[];
}

type Parameters = Pick<
  GaussianMixture,
  "components" | "dimension" | "covariance" | "weights" | "means" | "covariances"
>;

const LOG_2PI = Math.log(2 * Math.PI);
/** Added to every Nₖ, as scikit-learn does, so that an empty component divides by a tiny number, not 0. */
const EMPTY_COMPONENT_MASS = 10 * Number.EPSILON;

/**
 * Fits a Gaussian mixture by expectation–maximisation, keeping the best of several seeded restarts.
 *
 * E-step, in log space: log rᵢₖ = log πₖ + log N(xᵢ; μₖ, Σₖ) − logsumexpⱼ(log πⱼ + log N(xᵢ; μⱼ, Σⱼ)),
 * with log N = −½(D log 2π + log det Σₖ + ‖Lₖ⁻¹(xᵢ − μₖ)‖²) from the Cholesky factor Σₖ = Lₖ Lₖᵀ,
 * so a row far from every component gets finite responsibilities instead of 0/0.
 * M-step (scikit-learn's formulas; Nₖ = Σᵢ rᵢₖ + 10ε, λ = `covarianceFloor`): πₖ = Nₖ / Σⱼ Nⱼ,
 * μₖ = Σᵢ rᵢₖ xᵢ / Nₖ, Sₖ = Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ / Nₖ, and
 * full Σₖ = Sₖ + λI; diagonal Σₖ = diag(Sₖ) + λI; tied Σ = Σₖ Nₖ Sₖ / Σₖ Nₖ + λI (the pooled
 * within-component covariance); spherical σₖ² = tr(Sₖ)/D + λ. Scatters are accumulated about the
 * new means (two passes), not as E[xxᵀ] − μμᵀ. EM stops when |Δ log L| / N < `tolerance`.
 * Each iteration cannot lower log L (up to the O(λ) effect of the floor), see `history`.
 *
 * Shape: `data` is [N, D] row-major; see {@link GaussianMixture} for the result.
 *
 * Reference: A. P. Dempster, N. M. Laird and D. B. Rubin, "Maximum likelihood from incomplete data
 * via the EM algorithm", J. R. Stat. Soc. B 39 (1977) 1–38; C. M. Bishop, Pattern Recognition and
 * Machine Learning (2006), section 9.2; scikit-learn's `GaussianMixture` (sklearn/mixture/_gaussian_mixture.py)
 * for the covariance types and `reg_covar`; the paper's appendix 8.1 (regimes by a GMM chosen by BIC).
 *
 * @param n - N, the number of rows, an integer ≥ K.
 * @param dimension - D, the number of columns.
 * @param random - the seeded source; restart r uses `random.fork(r)`, so results do not depend on
 *   draws made elsewhere.
 */
export function fitGaussianMixture(
  data: ArrayLike<number>,
  n: number,
  dimension: number,
  options: GaussianMixtureOptions,
  random: ForkableSource,
): GaussianMixture {
  assertData(data, n, dimension);
  const settings = resolveOptions(options, n);
  const x = asFloat64(data);
  let best: (Run & { restart: number }) | undefined;
  const restartLogLikelihoods: number[] = [];
  for (let r = 0; r < settings.restarts; r++) {
    const run = runEm(x, n, dimension, settings, random.fork(r));
    restartLogLikelihoods.push(run.logLikelihood);
    if (best === undefined || run.logLikelihood > best.logLikelihood) best = { ...run, restart: r };
  }
  return { ...best!, restartLogLikelihoods };
}

type Settings = Required<GaussianMixtureOptions>;

function resolveOptions(options: GaussianMixtureOptions, n: number): Settings {
  const {
    components,
    covariance = "full",
    restarts = 5,
    maxIterations = 200,
    tolerance = 1e-6,
    covarianceFloor = 1e-6,
    init = "k-means++",
  } = options;
  assertOption(
    Number.isInteger(components) && components >= 1 && components <= n,
    "components",
    components,
    `must be an integer in 1..N = ${n}`,
  );
  assertOption(
    COVARIANCE_TYPES.includes(covariance),
    "covariance",
    covariance,
    `must be one of ${COVARIANCE_TYPES.join(", ")}`,
  );
  assertOption(
    Number.isInteger(restarts) && restarts >= 1,
    "restarts",
    restarts,
    "must be a positive integer",
  );
  assertOption(
    Number.isInteger(maxIterations) && maxIterations >= 1,
    "maxIterations",
    maxIterations,
    "must be a positive integer",
  );
  assertOption(
    Number.isFinite(tolerance) && tolerance >= 0,
    "tolerance",
    tolerance,
    "must be a finite number ≥ 0",
  );
  assertOption(
    Number.isFinite(covarianceFloor) && covarianceFloor >= 0,
    "covarianceFloor",
    covarianceFloor,
    "must be a finite number ≥ 0",
  );
  assertOption(init === "k-means++" || init === "k-means", "init", init, "must be k-means++ or k-means");
  return { components, covariance, restarts, maxIterations, tolerance, covarianceFloor, init };
}

type Run = Omit<GaussianMixture, "restart" | "restartLogLikelihoods">;

function runEm(
  x: Float64Array,
  n: number,
  dimension: number,
  settings: Settings,
  random: ForkableSource,
): Run {
  const k = settings.components;
  const labels =
    settings.init === "k-means"
      ? kMeans(x, n, dimension, k, random).labels
      : assignNearest(x, n, dimension, kMeansPlusPlus(x, n, dimension, k, random), k);
  const responsibilities = new Float64Array(n * k);
  for (let i = 0; i < n; i++) responsibilities[i * k + labels[i]!] = 1;
  let parameters = maximise(x, n, dimension, responsibilities, settings);
  let logLikelihood = sum(expect(parameters, x, n, responsibilities, settings.covarianceFloor));
  const history = [logLikelihood];
  let iterations = 0;
  let converged = false;
  while (iterations < settings.maxIterations) {
    parameters = maximise(x, n, dimension, responsibilities, settings);
    iterations++;
    const previous = logLikelihood;
    logLikelihood = sum(expect(parameters, x, n, responsibilities, settings.covarianceFloor));
    history.push(logLikelihood);
    if (Math.abs(logLikelihood - previous) / n < settings.tolerance) {
      converged = true;
      break;
    }
  }
  return { ...parameters, logLikelihood, samples: n, iterations, converged, history };
}

/** The M-step: parameters from the responsibilities [N, K] (see {@link fitGaussianMixture}). */
function maximise(
  x: Float64Array,
  n: number,
  dd: number,
  responsibilities: Float64Array,
  settings: Settings,
): Parameters {
  const { components: k, covariance, covarianceFloor: floor } = settings;
  const full = covariance === "full" || covariance === "tied";
  const mass = new Float64Array(k);
  const means = new Float64Array(k * dd);
  // Per component: Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ / Nₖ, the lower triangle when full, else the diagonal.
  const scatter = new Float64Array(full ? k * dd * dd : k * dd);
  const diff = new Float64Array(dd);
  for (let j = 0; j < k; j++) {
    let m = 0;
    const mean = means.subarray(j * dd, (j + 1) * dd);
    for (let i = 0; i < n; i++) {
      const r = responsibilities[i * k + j]!;
      m += r;
      for (let d = 0; d < dd; d++) mean[d]! += r * x[i * dd + d]!;
    }
    m += EMPTY_COMPONENT_MASS;
    mass[j] = m;
    for (let d = 0; d < dd; d++) mean[d]! /= m;
    // Second pass about the new mean: no E[xxᵀ] − μμᵀ cancellation.
    const s = full
      ? scatter.subarray(j * dd * dd, (j + 1) * dd * dd)
      : scatter.subarray(j * dd, (j + 1) * dd);
    for (let i = 0; i < n; i++) {
      const r = responsibilities[i * k + j]!;
      if (r === 0) continue;
      const row = i * dd;
      if (full) {
        for (let d = 0; d < dd; d++) diff[d] = x[row + d]! - mean[d]!;
        for (let a = 0; a < dd; a++) {
          const ra = r * diff[a]!;
          for (let b = 0; b <= a; b++) s[a * dd + b]! += ra * diff[b]!;
        }
      } else {
        for (let d = 0; d < dd; d++) {
          const delta = x[row + d]! - mean[d]!;
          s[d]! += r * delta * delta;
        }
      }
    }
    for (let e = 0; e < s.length; e++) s[e]! /= m;
  }
  const totalMass = sum(mass);
  const weights = mass.map((m) => m / totalMass);
  let covariances: Float64Array;
  if (full) {
    const count = covariance === "full" ? k : 1;
    covariances = new Float64Array(count * dd * dd);
    for (let j = 0; j < k; j++) {
      // Tied: Σ = Σₖ Nₖ Sₖ / Σₖ Nₖ, the pooled within-component covariance.
      const target = covariance === "full" ? j * dd * dd : 0;
      const factor = covariance === "full" ? 1 : mass[j]! / totalMass;
      for (let a = 0; a < dd; a++) {
        for (let b = 0; b <= a; b++)
          covariances[target + a * dd + b]! += factor * scatter[j * dd * dd + a * dd + b]!;
      }
    }
    for (let c = 0; c < count; c++) {
      const base = c * dd * dd;
      for (let a = 0; a < dd; a++) {
        covariances[base + a * dd + a]! += floor;
        for (let b = 0; b < a; b++) covariances[base + b * dd + a] = covariances[base + a * dd + b]!;
      }
    }
  } else if (covariance === "diagonal") {
    covariances = scatter.map((v) => v + floor);
  } else {
    covariances = new Float64Array(k);
    for (let j = 0; j < k; j++) covariances[j] = sum(scatter.subarray(j * dd, (j + 1) * dd)) / dd + floor;
  }
  return { components: k, dimension: dd, covariance, weights, means, covariances };
}

/**
 * The E-step: fills `responsibilities` [N, K] with the posteriors and returns log p(xᵢ) per row, [N].
 * Per row, log p(xᵢ) = m + log Σₖ exp(ℓᵢₖ − m) with m = maxₖ ℓᵢₖ (the max shift of `logSumExp` in log-sum-exp.ts:
 * every exponent ≤ 0, one equal to 0, so the sum is in [1, K] and neither underflows nor overflows).
 */
function expect(
  parameters: Parameters,
  x: Float64Array,
  n: number,
  responsibilities: Float64Array,
  floor?: number,
): Float64Array {
  const k = parameters.components;
  weightedLogDensities(parameters, x, n, responsibilities, floor);
  const rowLog = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) m = Math.max(m, responsibilities[base + j]!);
    let total = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(responsibilities[base + j]! - m);
      responsibilities[base + j] = e;
      total += e;
    }
    for (let j = 0; j < k; j++) responsibilities[base + j]! /= total;
    rowLog[i] = m + Math.log(total);
  }
  return rowLog;
}

/** Fills `out` [N, K] with ℓᵢₖ = log πₖ + log N(xᵢ; μₖ, Σₖ). */
function weightedLogDensities(
  parameters: Parameters,
  x: Float64Array,
  n: number,
  out: Float64Array,
  floor?: number,
): void {
  const { components: k, dimension: dd, covariance, weights, means, covariances } = parameters;
  const y = new Float64Array(dd);
  let tiedFactor: Float64Array | undefined;
  for (let j = 0; j < k; j++) {
    const mean = means.subarray(j * dd, (j + 1) * dd);
    if (covariance === "full" || covariance === "tied") {
      const lower =
        covariance === "full"
          ? factorise(covariances.subarray(j * dd * dd, (j + 1) * dd * dd), dd, j, covariance, floor)
          : (tiedFactor ??= factorise(covariances, dd, j, covariance, floor));
      const constant = Math.log(weights[j]!) - 0.5 * (dd * LOG_2PI + choleskyLogDeterminant(lower, dd));
      for (let i = 0; i < n; i++) {
        // Forward substitution L y = x − μ, so that ‖y‖² = (x − μ)ᵀ Σ⁻¹ (x − μ).
        let mahalanobis = 0;
        for (let a = 0; a < dd; a++) {
          let s = x[i * dd + a]! - mean[a]!;
          for (let b = 0; b < a; b++) s -= lower[a * dd + b]! * y[b]!;
          const ya = s / lower[a * dd + a]!;
          y[a] = ya;
          mahalanobis += ya * ya;
        }
        out[i * k + j] = constant - 0.5 * mahalanobis;
      }
    } else {
      const precision = new Float64Array(dd);
      let logDeterminant = 0;
      for (let d = 0; d < dd; d++) {
        const v = covariance === "diagonal" ? covariances[j * dd + d]! : covariances[j]!;
        if (!(v > 0 && Number.isFinite(v))) throw collapseError(j, covariance, floor);
        precision[d] = 1 / v;
        logDeterminant += Math.log(v);
      }
      const constant = Math.log(weights[j]!) - 0.5 * (dd * LOG_2PI + logDeterminant);
      for (let i = 0; i < n; i++) {
        let mahalanobis = 0;
        for (let d = 0; d < dd; d++) mahalanobis += (x[i * dd + d]! - mean[d]!) ** 2 * precision[d]!;
        out[i * k + j] = constant - 0.5 * mahalanobis;
      }
    }
  }
}

function factorise(
  matrix: Float64Array,
  dd: number,
  j: number,
  covariance: CovarianceType,
  floor?: number,
): Float64Array {
  try {
    return cholesky(matrix, dd);
  } catch (error) {
    if (error instanceof HedgelabError) throw collapseError(j, covariance, floor);
    throw error;
  }
}

function collapseError(j: number, covariance: CovarianceType, floor?: number): HedgelabError {
  const which = covariance === "tied" ? "the tied covariance" : `the covariance of component ${j}`;
  const hint =
    floor === undefined
      ? "the model is invalid"
      : `a component collapsed onto too few distinct rows: raise covarianceFloor (now ${floor}) or lower components`;
  return new HedgelabError(`Gaussian mixture: ${which} is not positive definite (${hint})`);
}

/** The data as a Float64Array (itself when it is one), so that the loops above see one array type. */
function asFloat64(data: ArrayLike<number>): Float64Array {
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/**
 * log p(xᵢ) = log Σₖ πₖ N(xᵢ; μₖ, Σₖ) for each row, by log-sum-exp over the components, so rows
 * far from every component get a large negative number, not −∞ (while ‖Lₖ⁻¹(xᵢ − μₖ)‖² < 1.8e308).
 *
 * Shape: `data` is [N, D] row-major with D = `model.dimension`; the result is [N].
 *
 * Reference: Bishop (2006), equation 9.7; see {@link fitGaussianMixture}.
 */
export function mixtureLogDensity(model: GaussianMixture, data: ArrayLike<number>, n: number): Float64Array {
  assertData(data, n, model.dimension);
  return expect(model, asFloat64(data), n, new Float64Array(n * model.components));
}

/**
 * The total log-likelihood log L = Σᵢ log p(xᵢ) of the rows under the model (natural log,
 * compensated sum); on the fitted data it equals `model.logLikelihood`.
 *
 * Shape: `data` is [N, D] row-major.
 *
 * Reference: Bishop (2006), equation 9.14.
 */
export function mixtureLogLikelihood(model: GaussianMixture, data: ArrayLike<number>, n: number): number {
  return sum(mixtureLogDensity(model, data, n));
}

/**
 * The posterior probability of each component for each row (the responsibilities):
 * P(k | xᵢ) = πₖ N(xᵢ; μₖ, Σₖ) / Σⱼ πⱼ N(xᵢ; μⱼ, Σⱼ), computed in log space. Each row sums to 1.
 *
 * Shape: `data` is [N, D] row-major; the result is [N, K] row-major.
 *
 * Reference: Bishop (2006), equation 9.23; scikit-learn's `predict_proba`.
 */
export function predictProba(model: GaussianMixture, data: ArrayLike<number>, n: number): Float64Array {
  assertData(data, n, model.dimension);
  const posterior = new Float64Array(n * model.components);
  expect(model, asFloat64(data), n, posterior);
  return posterior;
}

/**
 * The most probable component of each row, argmaxₖ P(k | xᵢ) (the lower index on ties).
 *
 * Shape: `data` is [N, D] row-major; the result is [N], values in 0..K − 1.
 *
 * Reference: scikit-learn's `predict`.
 */
export function predict(model: GaussianMixture, data: ArrayLike<number>, n: number): Int32Array {
  assertData(data, n, model.dimension);
  const k = model.components;
  const scores = new Float64Array(n * k);
  weightedLogDensities(model, asFloat64(data), n, scores);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 1; j < k; j++) if (scores[i * k + j]! > scores[i * k + labels[i]!]!) labels[i] = j;
  }
  return labels;
}
