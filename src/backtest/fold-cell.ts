import { defineCell, type Cell } from "../graph/cell.js";
import { textFile } from "../graph/cell-files.js";
import type { MarketData } from "../market/market-data.js";
import type { HedgeSetEvaluation } from "../study/evaluation-cell.js";
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
}

/** How one hedger of a fold was trained. */
export interface FoldTraining {
  hedge: string[];
  strategy: string;
  source: string;
  /** The epoch whose weights were kept (0: the initial weights, a residual policy's delta hedge). */
  bestEpoch: number;
  /** Epochs run. */
  epochs: number;
  /** Validation risk of the kept weights (the training loss's measure on the fold's validation windows). */
  validationRisk: number;
  /** Validation risk of the initial weights (a residual policy's: the delta hedge's), when measured. */
  initialRisk?: number;
  diverged?: string;
}

/** What a fold of a backtest gives: its periods, test windows and every strategy's P&L and holdings on them. */
export interface FoldRecord {
  name: string;
  train: FoldSpan;
  validation: FoldSpan;
  test: FoldSpan;
  /** First and last date of each test window, [N]. */
  windows: { start: string[]; end: string[] };
  rows: FoldRow[];
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
  const inputs: Cell<unknown, StudyRunContext>[] = [
    study.evaluationMarket,
    ...study.evaluations,
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
      const evaluations = outputs.slice(1, 1 + study.evaluations.length) as HedgeSetEvaluation[];
      const trained = outputs.slice(1 + study.evaluations.length) as TrainedPolicy[];
      const { test } = data.windows;
      const steps = test.steps;
      const span = (s: Fold["train"], windows: number): FoldSpan => ({
        start: s.start,
        end: s.end,
        dates: s.endIndex - s.startIndex + 1,
        windows,
      });
      const several = new Set(evaluations.flatMap((e) => e.sources.filter((s) => s !== undefined))).size > 1;
      const rows: FoldRow[] = [];
      const notes: string[] = [];
      for (const result of evaluations) {
        result.evaluations.forEach((evaluation, k) => {
          const source = result.sources[k];
          const hedgeSize = evaluation.hedge.length;
          const holding = new Array<number>(evaluation.pnl.length);
          for (let i = 0; i < evaluation.pnl.length; i++) {
            let sum = 0;
            for (let t = 0; t < steps; t++) sum += evaluation.holdings[(i * steps + t) * hedgeSize]!;
            holding[i] = sum / steps;
          }
          rows.push({
            hedge: [...evaluation.hedge],
            strategy: source && several ? `${evaluation.strategy} · ${source}` : evaluation.strategy,
            learned: source !== undefined,
            pnl: Array.from(evaluation.pnl),
            holding,
          });
        });
        for (const note of result.notes) if (!notes.includes(note)) notes.push(note);
      }
      const training = study.trainings.map(({ info }, k): FoldTraining => {
        const { fit } = trained[k]!;
        const kept = fit.history[fit.bestEpoch - 1];
        return {
          hedge: [...info.hedge],
          strategy: info.strategy,
          source: info.source,
          bestEpoch: fit.bestEpoch,
          epochs: fit.history.length,
          validationRisk: kept?.validationRisk ?? fit.initialRisk ?? Number.NaN,
          ...(fit.initialRisk !== undefined ? { initialRisk: fit.initialRisk } : {}),
          ...(fit.diverged ? { diverged: fit.diverged } : {}),
        };
      });
      return {
        name: fold.name,
        train: span(fold.train, data.windows.train.n),
        validation: span(fold.validation, data.windows.validation.n),
        test: span(fold.test, test.n),
        windows: {
          start: [...(test.startDates ?? [])],
          end: Array.from(test.startIndex ?? [], (d) => data.table.dates[d + steps]!),
        },
        rows,
        training,
        notes,
      };
    },
  });
}
