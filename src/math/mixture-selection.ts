import { assertOption } from "../errors.js";
import {
  COVARIANCE_TYPES,
  fitGaussianMixture,
  type CovarianceType,
  type ForkableSource,
  type GaussianMixture,
  type GaussianMixtureOptions,
} from "./gaussian-mixture.js";

/**
 * The number of free parameters p of a K-component mixture in D dimensions.
 *
 * Formula: p = (K − 1) weights + K·D means + the covariance parameters: full K·D(D + 1)/2,
 * diagonal K·D, tied D(D + 1)/2, spherical K.
 *
 * Reference: scikit-learn's `GaussianMixture._n_parameters`; G. Schwarz (1978), see {@link bic}.
 */
export function parameterCount(components: number, dimension: number, covariance: CovarianceType): number {
  assertOption(
    Number.isInteger(components) && components >= 1,
    "components",
    components,
    "must be a positive integer",
  );
  assertOption(
    Number.isInteger(dimension) && dimension >= 1,
    "dimension",
    dimension,
    "must be a positive integer",
  );
  const triangle = (dimension * (dimension + 1)) / 2;
  const covarianceParameters = {
    full: components * triangle,
    diagonal: components * dimension,
    tied: triangle,
    spherical: components,
  };
  assertOption(
    covariance in covarianceParameters,
    "covariance",
    covariance,
    `must be one of ${COVARIANCE_TYPES.join(", ")}`,
  );
  return components - 1 + components * dimension + covarianceParameters[covariance];
}

/**
 * The Bayesian information criterion of a fitted mixture; lower is better.
 *
 * Formula: BIC = −2 log L + p log N, with log L the model's total log-likelihood and p =
 * {@link parameterCount}. Dimensionless.
 *
 * Reference: G. Schwarz, "Estimating the dimension of a model", Ann. Stat. 6 (1978) 461–464; the
 * paper's appendix 8.1.2 (K and the covariance type chosen by BIC); scikit-learn's `bic`.
 *
 * @param n - N, the number of rows log L was computed on; default `model.samples`.
 */
export function bic(model: GaussianMixture, n: number = model.samples): number {
  assertOption(Number.isInteger(n) && n >= 1, "n", n, "must be a positive integer");
  return (
    -2 * model.logLikelihood +
    parameterCount(model.components, model.dimension, model.covariance) * Math.log(n)
  );
}

/** Options of {@link selectMixtureByBic}: the candidates, and the EM settings shared by every fit. */
export interface MixtureSelectionOptions extends Omit<GaussianMixtureOptions, "components" | "covariance"> {
  /** The candidate numbers of components, each in 1..N; default [1, 2, 3, 4, 5, 6]. */
  components?: readonly number[];
  /** The candidate covariance types; default all four, {@link COVARIANCE_TYPES}. */
  covariances?: readonly CovarianceType[];
  /** Called after each candidate's fit with how many are done of how many (a progress bar). */
  onCandidate?: (candidate: MixtureCandidate, done: number, total: number) => void;
}

/** One candidate of a BIC selection. */
export interface MixtureCandidate {
  components: number;
  covariance: CovarianceType;
  /** −2 log L + p log N. */
  bic: number;
  logLikelihood: number;
  /** p, see {@link parameterCount}. */
  parameters: number;
  converged: boolean;
}

/** The result of {@link selectMixtureByBic}. */
export interface MixtureSelection {
  /** The candidate of least BIC (the first listed on a tie). */
  model: GaussianMixture;
  /** Its BIC. */
  bic: number;
  /** Every candidate, by components then covariance in the order given. */
  table: MixtureCandidate[];
}

/**
 * Fits a mixture for every (K, covariance type) candidate and keeps the one of least BIC.
 *
 * The candidate (K, type) draws from `random.fork(4·K + index of type in COVARIANCE_TYPES)`, so its
 * fit does not depend on which other candidates are listed.
 *
 * Shape: `data` is [N, D] row-major.
 *
 * Reference: the paper's appendix 8.1.2 (K ∈ 1..6 and the covariance type chosen by BIC, K = 4
 * reported); Schwarz (1978); scikit-learn's "Gaussian Mixture Model Selection" example.
 */
export function selectMixtureByBic(
  data: ArrayLike<number>,
  n: number,
  dimension: number,
  options: MixtureSelectionOptions,
  random: ForkableSource,
): MixtureSelection {
  const { components = [1, 2, 3, 4, 5, 6], covariances = COVARIANCE_TYPES, onCandidate, ...em } = options;
  assertOption(components.length > 0, "components", components, "must list at least one K");
  assertOption(covariances.length > 0, "covariances", covariances, "must list at least one covariance type");
  let best: { model: GaussianMixture; bic: number } | undefined;
  const table: MixtureCandidate[] = [];
  for (const k of components) {
    for (const covariance of covariances) {
      const stream = 4 * k + COVARIANCE_TYPES.indexOf(covariance);
      const model = fitGaussianMixture(
        data,
        n,
        dimension,
        { ...em, components: k, covariance },
        random.fork(stream),
      );
      const score = bic(model, n);
      const parameters = parameterCount(k, dimension, covariance);
      const candidate = {
        components: k,
        covariance,
        bic: score,
        logLikelihood: model.logLikelihood,
        parameters,
        converged: model.converged,
      };
      table.push(candidate);
      onCandidate?.(candidate, table.length, components.length * covariances.length);
      if (best === undefined || score < best.bic) best = { model, bic: score };
    }
  }
  return { ...best!, table };
}
