import type { DateSpan } from "../data/date-span.js";
import type { RegimeModel } from "../generators/regime-model.js";
import { historicalVolatility, type TrainingVolatility } from "../hedgers/volatility-feature.js";
import type { MarketData } from "./market-data.js";

/** A period of a run as its first and last trading dates. */
export interface Period {
  start: string;
  end: string;
}

/**
 * Everything a trained hedger's evaluation takes from its own training run, saved with the model so
 * that scoring it on another price file or period uses nothing estimated from the new data:
 * the periods it was trained and validated on, the training volatility of the underlying (the
 * delta hedge's and the residual policy's σ), and the regime model (scaler and mixture) when it
 * reads regime labels. Learned premiums ω are in the model's training record.
 */
export interface FittedParameters {
  /** The training period. */
  train: Period;
  /** The validation period; absent when the run had none. */
  validation?: Period;
  /** The test period of the training run (the default period of `evaluate`). */
  test: Period;
  /** The underlying's annualised volatility over the training period. */
  volatility: TrainingVolatility;
  /** The regime model fitted on the training period, as saved by {@link saveRegimeModel}. */
  regimes?: SavedRegimeModel;
  /**
   * The simulated world the model was trained on, with its parameters (fitted on the training span
   * or given): the source's name and its per-asset parameters, as its paths were made.
   */
  world?: { source: string; parameters: Record<string, unknown> };
}

/** A {@link RegimeModel} as JSON: its typed arrays written as number arrays. */
export type SavedRegimeModel = Omit<RegimeModel, "mixture"> & {
  mixture: Omit<RegimeModel["mixture"], "weights" | "means" | "covariances"> & {
    weights: number[];
    means: number[];
    covariances: number[];
  };
};

/** The fitted parameters of the hedge set `hedge` (underlying first) in a run's market data. */
export function fittedParameters(data: MarketData, hedge: readonly string[]): FittedParameters {
  const { train, validation, test } = data.split;
  const period = (span: DateSpan): Period => ({ start: span.start, end: span.end });
  return {
    train: period(train),
    ...(validation.endIndex >= validation.startIndex ? { validation: period(validation) } : {}),
    test: period(test),
    volatility: { ...period(train), volatility: historicalVolatility(data.table, hedge[0]!, train) },
    ...(data.regimes ? { regimes: saveRegimeModel(data.regimes.model) } : {}),
  };
}

/** A regime model as JSON (typed arrays as number arrays). */
export function saveRegimeModel(model: RegimeModel): SavedRegimeModel {
  const { mixture } = model;
  return {
    ...model,
    mixture: {
      ...mixture,
      weights: Array.from(mixture.weights),
      means: Array.from(mixture.means),
      covariances: Array.from(mixture.covariances),
    },
  };
}

/** The regime model of {@link saveRegimeModel}'s JSON. */
export function restoreRegimeModel(saved: SavedRegimeModel): RegimeModel {
  const { mixture } = saved;
  return {
    ...saved,
    mixture: {
      ...mixture,
      weights: Float64Array.from(mixture.weights),
      means: Float64Array.from(mixture.means),
      covariances: Float64Array.from(mixture.covariances),
    },
  };
}
