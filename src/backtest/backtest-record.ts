import { HedgelabError } from "../errors.js";
import { createRandom } from "../random/random-source.js";
import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { comparePaired, pairedBlocks, type PairedComparison } from "../evaluation/paired-comparison.js";
import { summarizePnl } from "../evaluation/pnl-summary.js";
import type { RunConfig } from "../config/run-config.js";
import { evaluationSettings, pairedSettings, pairWithDelta } from "../study/strategy-evaluation.js";
import type { FoldRecord, FoldRow } from "./fold-cell.js";

/** An out-of-sample record: test windows in time order and every strategy's P&L and holding on them. */
export interface TestRecord {
  /** First and last date of each window and the fold it belongs to, [N]. */
  windows: { start: string[]; end: string[]; fold: string[] };
  rows: FoldRow[];
}

/** A paired comparison of two strategies of one hedge set: strategy − baseline on the same windows, with its blocks. */
export interface StrategyPair extends PairedComparison {
  hedge: string[];
  strategy: string;
}

/** The metrics of a record: every strategy's summary (learned ones paired with delta) and the pairs of learned strategies. */
export interface ScoredRecord {
  /** One evaluation per hedge set and strategy (without holdings), each learned one paired with delta. */
  evaluations: StrategyEvaluation[];
  /** Every two learned strategies of a hedge set, the later one against the earlier. */
  pairs: StrategyPair[];
}

/** The record of one fold. */
export function foldTestRecord(record: FoldRecord): TestRecord {
  return {
    windows: { ...record.windows, fold: record.windows.start.map(() => record.name) },
    rows: record.rows,
  };
}

/**
 * The pooled out-of-sample record of a backtest: every fold's test windows in order, each strategy's
 * P&L and holdings the concatenation of its folds'. The folds must hold the same strategies on the
 * same hedge sets, in the same order, and follow one another in time.
 *
 * @throws HedgelabError when two folds differ in their strategies or overlap in time.
 */
export function poolFolds(records: readonly FoldRecord[]): TestRecord {
  const first = records[0];
  if (!first) throw new HedgelabError("the backtest has no fold");
  const key = (row: FoldRow): string => `${row.hedge.join("+")} ${row.strategy}`;
  const keys = first.rows.map(key);
  records.forEach((record, k) => {
    const own = record.rows.map(key);
    if (own.join("|") !== keys.join("|"))
      throw new HedgelabError(
        `fold ${record.name} holds the strategies ${own.join(", ")}, fold ${first.name} ${keys.join(", ")}`,
      );
    const previous = records[k - 1];
    if (previous && previous.test.end >= record.test.start)
      throw new HedgelabError(`fold ${record.name} starts before fold ${previous.name} ends`);
  });
  return concatenate(records.map((r) => ({ name: r.name, windows: r.windows, rows: r.rows })));
}

/**
 * The pooled validation record of a backtest: every fold's validation windows, in the folds' order,
 * each scored by the fold's own models (which chose their epochs on them). Validation periods of
 * consecutive folds may overlap (validation longer than a test period): each fold's windows are kept.
 */
export function poolValidation(records: readonly FoldRecord[]): TestRecord {
  if (records.length === 0) throw new HedgelabError("the backtest has no fold");
  return concatenate(records.map((r) => ({ name: r.name, ...r.validationRecord })));
}

/** The parts' windows and rows one after the other (the rows of every part in the same order). */
function concatenate(
  parts: readonly { name: string; windows: { start: string[]; end: string[] }; rows: FoldRow[] }[],
): TestRecord {
  const first = parts[0]!;
  return {
    windows: {
      start: parts.flatMap((r) => r.windows.start),
      end: parts.flatMap((r) => r.windows.end),
      fold: parts.flatMap((r) => r.windows.start.map(() => r.name)),
    },
    rows: first.rows.map((row, j) => ({
      ...row,
      pnl: parts.flatMap((r) => r.rows[j]!.pnl),
      holding: parts.flatMap((r) => r.rows[j]!.holding),
    })),
  };
}

/**
 * The metrics of a record under `config`'s settings, as `run` computes them on its test windows:
 * every strategy's summary (mean, std, VaR and CVaR, entropic risk, indifference price, with their
 * intervals), every learned strategy paired with the delta hedge of its hedge set, and every two
 * learned strategies of a hedge set paired with each other, all with the same seeded resamples.
 */
export function scoreRecord(config: RunConfig, record: TestRecord): ScoredRecord {
  const settings = evaluationSettings(config);
  const hedges = [...new Set(record.rows.map((row) => row.hedge.join("+")))];
  const evaluations: StrategyEvaluation[] = [];
  const pairs: StrategyPair[] = [];
  const paired = pairedSettings(config);
  for (const hedge of hedges) {
    const rows = record.rows.filter((row) => row.hedge.join("+") === hedge);
    const scored = rows.map((row): StrategyEvaluation => ({
      hedge: row.hedge,
      strategy: row.strategy,
      holdings: new Float64Array(0),
      pnl: Float64Array.from(row.pnl),
      summary: summarizePnl(row.pnl, createRandom(config.seed), settings),
    }));
    evaluations.push(...pairWithDelta(config, scored));
    const learned = scored.filter((_, k) => rows[k]!.learned);
    learned.forEach((b, j) => {
      for (const a of learned.slice(0, j)) {
        pairs.push({
          hedge: [...b.hedge],
          strategy: b.strategy,
          baseline: a.strategy,
          ...pairedBlocks(b.pnl.length, paired.blockLength, paired.method),
          differences: comparePaired(b.pnl, a.pnl, createRandom(config.seed).fork(3), paired),
        });
      }
    });
  }
  return { evaluations, pairs };
}
