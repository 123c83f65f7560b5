import type { RandomSource } from "../random/random-source.js";
import type { PriceTable } from "../data/price-table.js";
import type { DateSpan } from "../data/date-span.js";
import { predict, type CovarianceType, type GaussianMixture } from "../math/gaussian-mixture.js";
import {
  selectMixtureByBic,
  type MixtureSelection,
  type MixtureSelectionOptions,
} from "../math/mixture-selection.js";
import {
  fitScaler,
  marketFeatures,
  standardize,
  type FeatureScaler,
  type MarketFeatureOptions,
} from "./market-features.js";

/** Options of {@link fitRegimeModel}. */
export interface RegimeModelOptions extends MarketFeatureOptions {
  /** Candidate numbers of regimes K; default 1..6. */
  components?: number[];
  /** Candidate covariance types; default all four. */
  covariances?: CovarianceType[];
  /** Seeded EM restarts per candidate; default 5. */
  restarts?: number;
  /** EM stops when the mean log-likelihood per day changes by less; default 1e-4. */
  tolerance?: number;
  /** Progress of the BIC selection, after each candidate mixture (see `selectMixtureByBic`). */
  onCandidate?: MixtureSelectionOptions["onCandidate"];
}

/** A fitted regime classifier: the features' scaler and the Gaussian mixture, both from training days only. */
export interface RegimeModel {
  market: string;
  universe: string[];
  volatilityWindow: number;
  correlationWindow: number;
  scaler: FeatureScaler;
  mixture: GaussianMixture;
  /** K of the chosen mixture. */
  regimes: number;
  /** BIC of every candidate (K, covariance type). */
  selection: MixtureSelection["table"];
}

/**
 * Fits the paper's regime model on the training span (appendix 8.1.2): the four market features on
 * every training day, standardised with their training mean and standard deviation, then Gaussian
 * mixtures for every candidate K and covariance type, the one of least BIC kept.
 *
 * @returns the model and the label (most probable regime) of every training day.
 */
export function fitRegimeModel(
  table: PriceTable,
  train: DateSpan,
  options: RegimeModelOptions,
  random: RandomSource,
): { model: RegimeModel; labels: Int32Array } {
  const { volatilityWindow = 30, correlationWindow = 60 } = options;
  const features = marketFeatures(table, train, options);
  const scaler = fitScaler(features.values, 4);
  const z = standardize(features.values, scaler);
  const rows = features.dates.length;
  const selection = selectMixtureByBic(
    z,
    rows,
    4,
    {
      components: options.components ?? [1, 2, 3, 4, 5, 6],
      covariances: options.covariances ?? ["full", "diagonal", "tied", "spherical"],
      restarts: options.restarts ?? 5,
      tolerance: options.tolerance ?? 1e-4,
      ...(options.onCandidate ? { onCandidate: options.onCandidate } : {}),
    },
    random,
  );
  const model: RegimeModel = {
    market: features.market,
    universe: features.universe,
    volatilityWindow,
    correlationWindow,
    scaler,
    mixture: selection.model,
    regimes: selection.model.components,
    selection: selection.table,
  };
  return { model, labels: predict(selection.model, z, rows) };
}

/**
 * Labels every day of `span` with a fitted model: features from data up to each day, standardised with
 * the training scaler, most probable regime of the training mixture (no look-ahead).
 */
export function labelRegimes(model: RegimeModel, table: PriceTable, span: DateSpan): Int32Array {
  const features = marketFeatures(table, span, {
    market: model.market,
    universe: model.universe,
    volatilityWindow: model.volatilityWindow,
    correlationWindow: model.correlationWindow,
  });
  return predict(model.mixture, standardize(features.values, model.scaler), features.dates.length);
}
