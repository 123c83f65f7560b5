import { defineCell, type Cell } from "../graph/cell.js";
import { textFile } from "../graph/cell-files.js";
import type { MarketData } from "../market/market-data.js";
import { evaluationNotes, type HedgeSetEvaluation } from "../study/evaluation-cell.js";
import { trainingRecord, type TrainingRecord } from "../study/training-record.js";
import type { StudyGraph } from "../study/study-graph.js";
import type { StudyRunContext } from "../study/study-context.js";
import type { TrainedPolicy } from "../study/train-policy.js";
import { describeTrial, type SweepTrial } from "./search-space.js";

/** One strategy of one hedge set on the validation windows of a trial. */
export interface TrialRow {
  hedge: string[];
  /** The policy's name (`rnn-residual`, `rnn-residual:seed43`, `delta`). */
  strategy: string;
  /** The training source of a learned strategy; absent for a baseline. */
  source?: string;
  /**
   * For one training of a learned strategy (not an ensemble of seeds): its position among the
   * trial's trainings (0-based), the same in every trial of a sweep.
   */
  training?: number;
  /** P&L per validation window, [N]. */
  pnl: number[];
}

/** How one hedger of a trial was trained. */
export type TrialTraining = TrainingRecord;

/** What one trial of a sweep gives: every strategy's P&L on the validation windows, and how each hedger trained. */
export interface TrialRecord {
  /** The trial's number and values. */
  trial: SweepTrial;
  /** The validation period as dates, and its windows. */
  validation: { start: string; end: string; windows: number };
  rows: TrialRow[];
  training: TrialTraining[];
  /** Lines for the user (the delta hedge's volatility, divergences), each once. */
  notes: string[];
}

/**
 * The cell of one trial of a sweep: the trial's study graph (built with its validation evaluations)
 * reduced to its validation record: every strategy's P&L on the validation windows (the windows the
 * trainings selected their epoch on: never the test windows) and how each hedger trained. Its
 * inputs are the validation evaluations and the trainings only, so running it never evaluates a
 * strategy on the test period. Stored as JSON.
 *
 * @throws Error when the study graph has no validation evaluations.
 */
export function trialCell(trial: SweepTrial, study: StudyGraph): Cell<TrialRecord, StudyRunContext> {
  const validation = study.validationEvaluations;
  if (validation === undefined)
    throw new Error(
      "a trial's study graph needs its validation evaluations (buildStudyGraph with validation)",
    );
  const hedgeSets = validation.length;
  const inputs: Cell<unknown, StudyRunContext>[] = [
    study.evaluationMarket,
    ...validation,
    ...study.trainings.map((t) => t.cell),
  ];
  return defineCell<typeof inputs, TrialRecord, StudyRunContext>({
    kind: "sweep-trial",
    label: `sweep trial ${trial.index} (${describeTrial(trial)})`,
    identity: { trial },
    inputs,
    codec: {
      encode: (record) => ({ "trial.json": JSON.stringify(record) }),
      decode: (files) => JSON.parse(textFile(files, "trial.json")) as TrialRecord,
    },
    run: (outputs) => {
      const data = outputs[0] as MarketData;
      const evaluated = outputs.slice(1, 1 + hedgeSets) as HedgeSetEvaluation[];
      const trained = outputs.slice(1 + hedgeSets) as TrainedPolicy[];
      const notes = evaluationNotes(evaluated);
      const rows: TrialRow[] = [];
      let training = 0;
      for (const result of evaluated) {
        let member = 0;
        result.evaluations.forEach((evaluation, k) => {
          const source = result.sources[k];
          // A training's row carries the label of `labels` in order; an ensemble of seeds does not.
          const isTraining = source !== undefined && evaluation.strategy === result.labels[member];
          if (isTraining) member++;
          rows.push({
            hedge: [...evaluation.hedge],
            strategy: evaluation.strategy,
            ...(source !== undefined ? { source } : {}),
            ...(isTraining ? { training: training++ } : {}),
            pnl: Array.from(evaluation.pnl),
          });
        });
      }
      const windows = data.windows.validation;
      const dates = windows.startDates ?? [];
      const lastStart = windows.startIndex?.[windows.n - 1];
      return {
        trial,
        validation: {
          start: dates[0] ?? "",
          end: lastStart !== undefined ? (data.table.dates[lastStart + windows.steps] ?? "") : "",
          windows: windows.n,
        },
        rows,
        training: study.trainings.map(({ info }, k) => trainingRecord(info, trained[k]!.fit)),
        notes,
      };
    },
  });
}
