import type { EpochRecord } from "./fit.js";

/**
 * The columns of a training history in CSV (`history.csv` of a model folder, `training.csv` of a
 * run after its hedge, strategy and source columns): one per {@link EpochRecord} field, in this
 * order. `trainingPnl` and `clippedShare` are empty where the record has none (a run without a
 * clip, a history written before they were recorded).
 */
export const EPOCH_COLUMNS = [
  "epoch",
  "loss",
  "validationRisk",
  "meanHolding",
  "learningRate",
  "trainingPnl",
  "clippedShare",
] as const;

/** One record's cells, comma-separated, in the order of {@link EPOCH_COLUMNS}. */
export function epochCsvCells(record: EpochRecord): string {
  return EPOCH_COLUMNS.map((column) => {
    const value = record[column];
    return value === undefined ? "" : String(value);
  }).join(",");
}
