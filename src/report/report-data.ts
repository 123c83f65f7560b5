import type { PnlSummary } from "../evaluation/pnl-summary.js";
import type { HoldingSurface } from "../evaluation/holding-surface.js";
import type { EpochRecord } from "../training/fit.js";
import type { PairedComparison } from "../evaluation/paired-comparison.js";
import { untrainedLabel, type UntrainedReason } from "../training/training-outcome.js";
import type { HoldingLeverage } from "../evaluation/holding-leverage.js";
import type { QualityTargetRecord } from "../evaluation/quality-targets.js";

/**
 * Which strategy a row is: a baseline (delta hedge, no hedge), or a learned model with the source of
 * its training paths (market windows, regime-switching Black–Scholes, SigDiffusion).
 */
export interface StrategyKey {
  /** The hedge set, the option's underlying first. */
  hedge: readonly string[];
  /** The strategy or model name: `delta`, `no-hedge`, `rnn`, `sigformer`. */
  strategy: string;
  /** Where a learned model's training paths came from; absent for the baselines. */
  source?: string;
}

/** One strategy evaluated on one hedge set, on the test windows. */
export interface ReportResult extends StrategyKey {
  /** Metrics with their intervals. */
  summary: PnlSummary;
  /** P&L per test window, shape [N], in window order (the same windows for every row). */
  pnl: Float64Array;
  /** A learned strategy's paired comparison with the delta hedge on the same windows, when the run made one. */
  paired?: PairedComparison;
  /** Why a learned strategy did not train (`untrainedReason`), when it did not: its rows are marked. */
  untrained?: UntrainedReason;
  /** The option's Black–Scholes price with the delta hedge's volatility (mean over windows), when recorded. */
  blackScholesPrice?: number;
  /** The range, mean absolute size and share outside [0, 1] of the holdings, when recorded. */
  leverage?: HoldingLeverage;
}

/** How one learned model was trained on one hedge set. */
export interface ReportTraining extends StrategyKey {
  /** One record per epoch run. */
  history: readonly EpochRecord[];
  /** The epoch whose weights were kept. */
  bestEpoch: number;
}

/** The paper's Figure 1 data: 30-day returns S_T/S_0 − 1 of the underlying. */
export interface ReturnSamples {
  /** The underlying the returns are of. */
  ticker: string;
  /** Returns of each source's training set, by source name. */
  training: Readonly<Record<string, Float64Array>>;
  /** Returns of the market validation windows. */
  validation: Float64Array;
  /** Returns of the market test windows. */
  test: Float64Array;
}

/** The paper's Figure 2 data: the market proxy on every day with its regime and part of the split. */
export interface RegimeTimeline {
  /** The market proxy's ticker. */
  market: string;
  /** ISO dates, length D. */
  dates: readonly string[];
  /** Price of the proxy, length D. */
  values: Float64Array;
  /** Regime label of each day, length D. */
  regimes: Int32Array;
  /** Span of each day, length D. */
  split: readonly ("train" | "validation" | "test")[];
  /**
   * The regime model's correlation feature of each day: the mean pairwise correlation of the stock
   * universe's daily log-returns over the model's rolling window (60 days by default), length D; absent
   * in runs written before it was recorded.
   */
  correlation?: Float64Array;
}

/** A holding surface of one strategy on one hedge set (Figure 4). */
export interface ReportSurface extends StrategyKey {
  surface: HoldingSurface;
}

/**
 * One test window where a learned strategy's P&L differs most from the delta hedge's on the same
 * window ("the hedge on a path"): the underlying's price and both strategies' holdings over the T days.
 */
export interface ReportHedgePath extends StrategyKey {
  /** Index of the window among the test windows (the row of `pnl.csv`). */
  window: number;
  /** 1 for the window of largest |P&L − delta P&L| of this strategy, then 2, 3. */
  rank: number;
  /** First date of the window (ISO). */
  start: string;
  /** The learned strategy's and the delta hedge's P&L on the window, in rebased units. */
  pnl: number;
  deltaPnl: number;
  /** Price of the underlying (hedge[0]) on each day, rebased to S_0 = 100, length T + 1. */
  prices: Float64Array;
  /** The learned strategy's holding of each hedge asset on each day t = 0..T−1: [H] arrays of length T. */
  holdings: readonly Float64Array[];
  /** The delta hedge's holding of the underlying on each day, length T. */
  deltaHoldings: Float64Array;
}

/**
 * A learned strategy's difference-from-delta holding surface of one hedge asset (mean δ − δ_delta per
 * cell of moneyness × time to maturity; see `differenceSurface`).
 */
export interface ReportDifferenceSurface extends StrategyKey {
  /** The hedge asset whose holdings are compared (one of `hedge`). */
  asset: string;
  /** `holding` holds the mean difference per cell. */
  surface: HoldingSurface;
}

/** A plain table: a title, column names and rows of numbers or text. */
export interface ReportTable {
  title: string;
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

/** A span of the split: first and last date, number of dates and of windows. */
export interface ReportSpan {
  start: string;
  end: string;
  dates: number;
  windows: number;
}

/** A saved model an evaluation scored: its row, hedge set and training periods. */
export interface ReportEvaluatedModel {
  /** The model's folder name. */
  name: string;
  /** The label of its rows. */
  strategy: string;
  hedge: readonly string[];
  train: { start: string; end: string };
  validation?: { start: string; end: string };
  /** Whether the test windows lie outside its training and validation periods. */
  sample: "out-of-sample" | "in-sample";
}

/** What the run was, for the report's header. */
export interface ReportMeta {
  /** Name of the run folder. */
  name: string;
  /** hedgelab version that computed the numbers. */
  version: string;
  seed: number;
  /** Price files. */
  sources: readonly string[];
  /**
   * The chronological split, each span with its dates and window count; an evaluation of saved
   * models (`hedgelab evaluate`) has the test period only, its models' periods in `evaluated`.
   */
  split: Readonly<{ train?: ReportSpan; validation?: ReportSpan; test: ReportSpan }>;
  /** For an evaluation of saved models: each model's row name and the periods it was trained on. */
  evaluated?: readonly ReportEvaluatedModel[];
  /** Option, window length and evaluation settings in words, e.g. `short call, strike 100, T = 30`. */
  option: {
    kind: string;
    strike: number;
    steps: number;
    cost: number;
    premium: number;
    /** The claim in words (`up-and-out call struck at 100, barrier 110`); default `KIND struck at STRIKE`. */
    description?: string;
  };
  /**
   * A simulated test set in words (`5000 simulated gbm paths per hedge set`), when the run was scored
   * on a world's paths (`--test-source`) instead of the market's test windows.
   */
  testSet?: string;
  /** Notes of the run (volatility estimates, fallbacks, training outcomes). */
  notes: readonly string[];
}

/**
 * Everything the report shows, as plain data: read back from a run folder (or built from a run in
 * memory), never recomputed by the report. Sections whose data is absent are left out with a line
 * saying why.
 */
export interface ReportData {
  meta: ReportMeta;
  /** Every strategy on every hedge set, hedge sets in the configured order. */
  results: readonly ReportResult[];
  training: readonly ReportTraining[];
  returns?: ReturnSamples;
  regimes?: RegimeTimeline;
  surfaces: readonly ReportSurface[];
  /** The generators' quality tables, when the run measured them. */
  quality: readonly ReportTable[];
  /** The generators' quality targets on every hedge set, when the run measured them; absent for an older run. */
  qualityTargets?: readonly QualityTargetRecord[];
  /** The windows where each learned strategy differs most from delta; absent for a run written before they were recorded. */
  hedgePaths?: readonly ReportHedgePath[];
  /** Difference-from-delta surfaces of every hedge asset; absent for a run written before they were recorded. */
  differenceSurfaces?: readonly ReportDifferenceSurface[];
}

/** The label of a strategy in figures and tables: `rnn · market`, or `delta` for a baseline. */
export function strategyLabel(key: StrategyKey): string {
  return key.source ? `${key.strategy} · ${key.source}` : key.strategy;
}

/**
 * The marker a table appends to the label of a learned strategy that did not train:
 * ` (did not train: equals delta)`; empty for every other row.
 */
export function untrainedMarker(result: Pick<ReportResult, "untrained">): string {
  return result.untrained ? ` (${untrainedLabel(result.untrained)})` : "";
}

/** A hedge set's label: tickers joined by `+` (`AAPL+MSFT`). */
export function hedgeLabel(hedge: readonly string[]): string {
  return hedge.join("+");
}
