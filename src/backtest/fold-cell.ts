import { defineCell, type Cell } from "../graph/cell.js";
import type { UntrainedReason } from "../training/training-outcome.js";
import { textFile } from "../graph/cell-files.js";
import type { PathBatch } from "../data/path-batch.js";
import type { MarketData } from "../market/market-data.js";
import { evaluationNotes, type HedgeSetEvaluation } from "../study/evaluation-cell.js";
import { trainingRecord, type TrainingRecord } from "../study/training-record.js";
import type { StudyGraph } from "../study/study-graph.js";
import type { StudyRunContext } from "../study/study-context.js";
import type { TrainedPolicy } from "../study/train-policy.js";
import type { Fold } from "./folds.js";

/** A period of a fold as dates, with its number of trading dates and of windows. */
export interface FoldSpan {
  start: string;
  end: string;
  dates: number;
  windows: number;
}

/** One strategy of one hedge set on a fold's test windows. */
export interface FoldRow {
  hedge: string[];
  /** Its label: the policy's name (`rnn-residual`), with ` · source` when the study has several sources. */
  strategy: string;
  /** True for a learned hedger (not `delta`, not `no-hedge`). */
  learned: boolean;
  /** P&L per test window, [N]. */
  pnl: number[];
  /** Mean holding of the underlying (the hedge set's first asset) over each window's T dates, [N]. */
  holding: number[];
  /** Why a learned hedger did not train (`untrainedReason`), when it did not; absent in folds stored before it was recorded. */
  untrained?: UntrainedReason;
}

/** How one hedger of a fold was trained. */
export type FoldTraining = TrainingRecord;

/** What a fold of a backtest gives: its periods, test windows and every strategy's P&L and holdings on them. */
export interface FoldRecord {
  name: string;
  train: FoldSpan;
  validation: FoldSpan;
  test: FoldSpan;
  /** First and last date of each test window, [N]. */
  windows: { start: string[]; end: string[] };
  rows: FoldRow[];
  /** The same strategies on the fold's validation windows (what the backtest chooses its hedger on). */
  validationRecord: { windows: { start: string[]; end: string[] }; rows: FoldRow[] };
  training: FoldTraining[];
  /** Lines for the user (the delta hedge's volatility, divergences), each once. */
  notes: string[];
}

/**
 * The cell of one fold of a walk-forward backtest: the fold's study graph (market data of the fold's
 * periods, trainings, evaluations: every cell's identity holds the fold's periods through the market
 * data) reduced to what the backtest's tables and report read: each strategy's P&L and mean holding
 * per test window, and how each hedger trained. Stored as JSON, so that a finished fold is read
 * back without training or evaluating again.
 */
export function foldCell(fold: Fold, study: StudyGraph): Cell<FoldRecord, StudyRunContext> {
  const validation = study.validationEvaluations ?? [];
  const hedgeSets = study.evaluations.length;
  if (validation.length !== hedgeSets)
    throw new Error(
      "a fold's study graph needs its validation evaluations (buildStudyGraph with validation)",
    );
  const inputs: Cell<unknown, StudyRunContext>[] = [
    study.evaluationMarket,
    ...study.evaluations,
    ...validation,
    ...study.trainings.map((t) => t.cell),
  ];
  return defineCell<typeof inputs, FoldRecord, StudyRunContext>({
    kind: "fold",
    label: `fold ${fold.name}`,
    identity: { fold: fold.name },
    inputs,
    codec: {
      encode: (record) => ({ "fold.json": JSON.stringify(record) }),
      decode: (files) => JSON.parse(textFile(files, "fold.json")) as FoldRecord,
    },
    run: (outputs) => {
      const data = outputs[0] as MarketData;
      const tested = outputs.slice(1, 1 + hedgeSets) as HedgeSetEvaluation[];
      const validated = outputs.slice(1 + hedgeSets, 1 + 2 * hedgeSets) as HedgeSetEvaluation[];
      const trained = outputs.slice(1 + 2 * hedgeSets) as TrainedPolicy[];
      const span = (s: Fold["train"], windows: number): FoldSpan => ({
        start: s.start,
        end: s.end,
        dates: s.endIndex - s.startIndex + 1,
        windows,
      });
      const notes = evaluationNotes(tested);
      const training = study.trainings.map(({ info }, k) => trainingRecord(info, trained[k]!.fit));
      const { test, validation: validationWindows } = data.windows;
      return {
        name: fold.name,
        train: span(fold.train, data.windows.train.n),
        validation: span(fold.validation, validationWindows.n),
        test: span(fold.test, test.n),
        windows: windowDates(data, test),
        rows: foldRows(tested),
        validationRecord: { windows: windowDates(data, validationWindows), rows: foldRows(validated) },
        training,
        notes,
      };
    },
  });
}

/** First and last date of each window of `batch`, [N]. */
function windowDates(data: MarketData, batch: PathBatch): { start: string[]; end: string[] } {
  return {
    start: [...(batch.startDates ?? [])],
    end: Array.from(batch.startIndex ?? [], (d) => data.table.dates[d + batch.steps]!),
  };
}

/** Every strategy's P&L and mean holding of the underlying per window, from the evaluations of each hedge set. */
function foldRows(evaluations: readonly HedgeSetEvaluation[]): FoldRow[] {
  const several = new Set(evaluations.flatMap((e) => e.sources.filter((s) => s !== undefined))).size > 1;
  const rows: FoldRow[] = [];
  for (const result of evaluations) {
    result.evaluations.forEach((evaluation, k) => {
      const source = result.sources[k];
      const assets = evaluation.hedge.length;
      const n = evaluation.pnl.length;
      const steps = evaluation.holdings.length / (n * assets);
      const holding = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let t = 0; t < steps; t++) sum += evaluation.holdings[(i * steps + t) * assets]!;
        holding[i] = sum / steps;
      }
      rows.push({
        hedge: [...evaluation.hedge],
        strategy: source && several ? `${evaluation.strategy} · ${source}` : evaluation.strategy,
        learned: source !== undefined,
        pnl: Array.from(evaluation.pnl),
        holding,
        ...(evaluation.untrained ? { untrained: evaluation.untrained } : {}),
      });
    });
  }
  return rows;
}
