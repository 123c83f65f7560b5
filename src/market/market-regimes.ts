import type { RandomSource } from "../random/random-source.js";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import { columnOf } from "../data/validate-prices.js";
import {
  fitRegimeModel,
  labelRegimes,
  type RegimeModel,
  type RegimeModelOptions,
} from "../generators/regime-model.js";
import { MARKET_FEATURES, marketFeatures } from "../generators/market-features.js";
import { estimateRegimeDynamics, type RegimeDynamics } from "../generators/regime-dynamics.js";
import { generateRegimePaths, type RegimePathOptions } from "../generators/regime-black-scholes.js";
import type { RegimeTimeline } from "../report/report-data.js";
import type { PriceTable } from "../data/price-table.js";
import type { DataSplit } from "../data/chronological-split.js";

/** The regime model of a run and the label of every day of the study period. */
export interface MarketRegimes {
  model: RegimeModel;
  /** Regime of each day from the training start to the study end; `labels[d − offset]` is day d's. */
  labels: Int32Array;
  /** Table index of `labels[0]` (the training span's first day). */
  offset: number;
}

/** The prices of a study and their chronological split: what the regime model is fitted and read on. */
export interface SplitPrices {
  table: PriceTable;
  split: DataSplit;
}

/**
 * Fits the regime model on the training span and labels every day of the study period with it
 * (validation and test days with the training scaler and mixture: no look-ahead).
 */
export function fitMarketRegimes(
  data: SplitPrices,
  options: RegimeModelOptions,
  random: RandomSource,
): MarketRegimes {
  const { train, test } = data.split;
  const { model } = fitRegimeModel(data.table, train, options, random);
  const labels = labelRegimes(model, data.table, { ...train, end: test.end, endIndex: test.endIndex });
  return { model, labels, offset: train.startIndex };
}

/** `windows` with the regime of each window's date t as its label on step t ([N, T]). */
export function labelWindows(windows: PathBatch, regimes: MarketRegimes): PathBatch {
  const { n, steps } = windows;
  const starts = windows.startIndex;
  if (!starts) throw new Error("labelWindows needs windows cut from a price table (startIndex)");
  const labels = new Int32Array(n * steps);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < steps; t++) labels[i * steps + t] = regimes.labels[starts[i]! + t - regimes.offset]!;
  }
  return createPathBatch(
    windows.values,
    { n, steps, tickers: windows.tickers },
    {
      ...(windows.startDates ? { startDates: windows.startDates } : {}),
      startIndex: starts,
      regimes: labels,
    },
  );
}

/** The regime-switching Black–Scholes training paths of one hedge set, with the dynamics behind them. */
export function regimeTrainingPaths(
  data: SplitPrices,
  regimes: MarketRegimes,
  hedge: readonly string[],
  options: RegimePathOptions,
  random: RandomSource,
): { paths: PathBatch; dynamics: RegimeDynamics } {
  const { train } = data.split;
  const trainLabels = regimes.labels.subarray(
    train.startIndex - regimes.offset,
    train.endIndex - regimes.offset + 1,
  );
  const dynamics = estimateRegimeDynamics(data.table, hedge, train, trainLabels, regimes.model.regimes);
  return { paths: generateRegimePaths(dynamics, options, random), dynamics };
}

/**
 * The data of the paper's Figure 2: the market proxy on every day from the training start to the
 * study end, with its regime, its part of the split and the model's mean-correlation feature.
 */
export function regimeTimeline(data: SplitPrices, regimes: MarketRegimes): RegimeTimeline {
  const market = data.table.prices[columnOf(data.table, regimes.model.market)]!;
  const { train, validation } = data.split;
  const days = regimes.labels.length;
  const dates: string[] = [];
  const split: RegimeTimeline["split"][number][] = [];
  const values = new Float64Array(days);
  for (let k = 0; k < days; k++) {
    const d = regimes.offset + k;
    dates.push(data.table.dates[d]!);
    values[k] = market[d]!;
    split.push(d <= train.endIndex ? "train" : d <= validation.endIndex ? "validation" : "test");
  }
  // The days' correlation feature, as the model read it (same universe, windows and span as labelRegimes).
  const { model } = regimes;
  const features = marketFeatures(
    data.table,
    { ...train, end: data.split.test.end, endIndex: data.split.test.endIndex },
    {
      market: model.market,
      universe: model.universe,
      volatilityWindow: model.volatilityWindow,
      correlationWindow: model.correlationWindow,
    },
  );
  const correlation = new Float64Array(days);
  for (let k = 0; k < days; k++) correlation[k] = features.values[k * MARKET_FEATURES.length + 2]!;
  return {
    market: model.market,
    dates,
    values,
    regimes: Int32Array.from(regimes.labels),
    split,
    correlation,
  };
}

/** The underlying's (asset 0) return over each path, S_T/S_0 − 1, shape [N]. */
export function windowReturns(batch: PathBatch): Float64Array {
  const { n, steps, assets, values } = batch;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = values[(i * (steps + 1) + steps) * assets]! / values[i * (steps + 1) * assets]! - 1;
  }
  return out;
}

/**
 * The data of the paper's Figure 1: the underlying's 30-day return S_T/S_0 − 1 on every path of a
 * source's training set and on the market validation and test windows (CSV `set,return`).
 */
export function returnDistributionCsv(sets: Record<string, PathBatch>): string {
  const lines = ["set,return"];
  for (const [name, batch] of Object.entries(sets)) {
    for (const r of windowReturns(batch)) lines.push(`${name},${r}`);
  }
  return `${lines.join("\n")}\n`;
}
