import type { FitResult } from "../training/fit.js";
import type { LearnedCell } from "./study-context.js";

/** How one training of a study went, as the records of a backtest's folds and a sweep's trials keep it. */
export interface TrainingRecord {
  hedge: string[];
  strategy: string;
  source: string;
  /** The training seed, when the study trains several. */
  seed?: number;
  /** The epoch whose weights were kept (0: the initial weights, a residual policy's delta hedge). */
  bestEpoch: number;
  /** Epochs run. */
  epochs: number;
  /** The training loss on the validation windows at the kept epoch (the initial weights' for epoch 0). */
  validationRisk: number;
  /** Validation risk of the initial weights, when measured. */
  initialRisk?: number;
  diverged?: string;
}

/** The record of the training `info` describes, from its fit. */
export function trainingRecord(info: Omit<LearnedCell, "cached">, fit: FitResult): TrainingRecord {
  const kept = fit.history[fit.bestEpoch - 1];
  return {
    hedge: [...info.hedge],
    strategy: info.strategy,
    source: info.source,
    ...(info.seed !== undefined ? { seed: info.seed } : {}),
    bestEpoch: fit.bestEpoch,
    epochs: fit.history.length,
    validationRisk: kept?.validationRisk ?? fit.initialRisk ?? Number.NaN,
    ...(fit.initialRisk !== undefined ? { initialRisk: fit.initialRisk } : {}),
    ...(fit.diverged ? { diverged: fit.diverged } : {}),
  };
}
