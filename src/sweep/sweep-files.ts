import type { RunConfig } from "../config/run-config.js";
import type { RunFiles } from "../store/output-folder.js";
import { spaceEdges, type SpaceEdge, type Sweep } from "./search-space.js";
import type { ScoredDifference } from "./sweep-score.js";
import type { SweepResult } from "./run-sweep.js";
import { formatSweep, trainingSummary, trialValues } from "./sweep-tables.js";
import type { TrialTraining } from "./trial-cell.js";

/** One trial as sweep.json holds it: its values, scores and trainings, without P&L arrays. */
export interface TrialJson {
  index: number;
  values: Record<string, unknown>;
  objective: number | null;
  perTraining: (number | null)[];
  vsChosen?: ScoredDifference;
  vsDelta?: ScoredDifference;
  training: TrialTraining[];
}

/** What sweep.json holds (see {@link formatSweepFiles}); the report reads it back. */
export interface SweepJson {
  version: string;
  sources: string[];
  sweep: Sweep;
  measure: Sweep["measure"];
  measureTitle: string;
  validation: { start: string; end: string; windows: number };
  /** The number of the chosen trial, or null. */
  chosen: number | null;
  /** The chosen trial's numeric values at an edge of the space ({@link spaceEdges}). */
  edges: SpaceEdge[];
  trials: TrialJson[];
  notes: string[];
}

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number for JSON: null where it is not finite (JSON has no NaN). */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * The files of a sweep's results folder: `config.json` (the base configuration), `sweep.json`
 * (every trial's values, validation objective, differences with the chosen trial and with delta,
 * trainings), `trials.csv` (the same, one line per trial), `tables.txt` (what was printed) and,
 * when a trial was chosen, `chosen.json`: its configuration, ready for `hedgelab run --config`.
 *
 * @param config - the base configuration as saved (file paths absolute).
 * @param chosen - the chosen configuration as saved (file paths absolute).
 */
export function formatSweepFiles(result: SweepResult, config: RunConfig, chosen?: RunConfig): RunFiles {
  const { score, records, sweep } = result;
  const first = records[0]!;
  const chosenRecord = records.find((r) => r.trial.index === score.chosen);
  const json: SweepJson = {
    version: result.version,
    sources: result.sources,
    sweep,
    measure: score.measure,
    measureTitle: score.measureTitle,
    validation: first.validation,
    chosen: score.chosen ?? null,
    edges: chosenRecord ? spaceEdges(sweep, chosenRecord.trial.values) : [],
    trials: records.map((record, k) => {
      const s = score.trials[k]!;
      return {
        index: record.trial.index,
        values: record.trial.values,
        objective: finite(s.objective),
        perTraining: s.perTraining.map(finite),
        ...(s.vsChosen ? { vsChosen: s.vsChosen } : {}),
        ...(s.vsDelta ? { vsDelta: s.vsDelta } : {}),
        training: record.training,
      };
    }),
    notes: first.notes,
  };
  const paths = Object.keys(sweep.space);
  const difference = (d: ScoredDifference | undefined): (string | number)[] =>
    d ? [d.estimate, d.lower, d.upper, d.verdict] : ["", "", "", ""];
  const csv = [
    [
      "trial",
      ...paths,
      "objective",
      "chosen",
      "minus_chosen",
      "minus_chosen_lower",
      "minus_chosen_upper",
      "minus_chosen_verdict",
      "minus_delta",
      "minus_delta_lower",
      "minus_delta_upper",
      "minus_delta_verdict",
      "epochs_mean",
      "kept_epoch_mean",
      "diverged",
    ].join(","),
    ...records.map((record, k) => {
      const s = score.trials[k]!;
      const values = trialValues(record.trial);
      const { epochs, kept, diverged } = trainingSummary(record);
      return [
        record.trial.index,
        ...paths.map((p) => values[p]!),
        Number.isFinite(s.objective) ? s.objective : "",
        s.index === score.chosen ? 1 : 0,
        ...difference(s.vsChosen),
        ...difference(s.vsDelta),
        epochs,
        kept,
        diverged,
      ]
        .map(csvField)
        .join(",");
    }),
  ];
  return {
    "config.json": `${JSON.stringify(config, null, 2)}\n`,
    "sweep.json": `${JSON.stringify(json, null, 2)}\n`,
    "trials.csv": `${csv.join("\n")}\n`,
    "tables.txt": `${formatSweep(result)}\n`,
    ...(chosen ? { "chosen.json": `${JSON.stringify(chosen, null, 2)}\n` } : {}),
  };
}
