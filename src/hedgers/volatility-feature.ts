import { assertOption, HedgelabError } from "../errors.js";
import { standardDeviation } from "../math/variance.js";
import type { PathBatch } from "../data/path-batch.js";
import type { PriceTable } from "../data/price-table.js";
import type { DateSpan } from "../data/validate-prices.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";

/**
 * Where the delta hedge takes its volatility from:
 * - `"training"`: one annualised volatility, the standard deviation of the underlying's daily
 *   log-returns over the training span × √252 (no look-ahead into validation or test);
 * - `"realized"`: on each date, the rolling realised volatility of the last `realizedWindow` daily
 *   log-returns up to that date × √252;
 * - `"implied"`: the 3-month at-the-money implied volatility of the data's implied-vol file on that
 *   date; dates or tickers the file does not cover fall back to the training volatility (counted).
 */
export type VolatilitySource = "training" | "realized" | "implied";

/** The default volatility source of the delta hedge. */
export const DEFAULT_VOLATILITY_SOURCE: VolatilitySource = "training";
/** Default number of daily returns in the rolling realised volatility. */
export const DEFAULT_REALIZED_WINDOW = 20;

/** A training volatility estimated before, with the period it was estimated on. */
export interface TrainingVolatility {
  /** First date of the training period. */
  start: string;
  /** Last date of the training period. */
  end: string;
  /** Annualised volatility of the underlying over the period ({@link historicalVolatility}). */
  volatility: number;
}

/** Inputs of {@link volatilityFeature}. */
export interface VolatilityFeatureInput {
  /** The price table the windows were cut from. */
  table: PriceTable;
  /** The underlying's ticker in `table`. */
  ticker: string;
  /** The windows to hedge; must carry `startIndex` into `table.dates`. */
  windows: PathBatch;
  /**
   * The training span, for the `"training"` volatility and the fallback of `"implied"`; or the
   * training volatility itself with its period, when it was estimated before (a saved model's), so
   * that new data never changes it.
   */
  train: DateSpan | TrainingVolatility;
  /** Implied volatilities (annualised fractions) by date and ticker, for `"implied"`. */
  implied?: PriceTable;
  /** Returns in the rolling realised volatility; default 20. */
  realizedWindow?: number;
}

/** A volatility per window and date with a note on how it was made. */
export interface VolatilityFeature {
  /** Annualised volatility known on date t of window i, shape [N, T]. */
  values: Float64Array;
  /** Number of (window, date) cells of an `"implied"` feature that fell back to the training volatility. */
  fallbacks: number;
  /** One line describing the estimate, for logs and results. */
  description: string;
}

/**
 * Annualised historical volatility of `ticker` over `span`: sample standard deviation of the daily
 * log-returns between consecutive dates of the span, × √252.
 */
export function historicalVolatility(table: PriceTable, ticker: string, span: DateSpan): number {
  const prices = column(table, ticker);
  const returns: number[] = [];
  for (let d = span.startIndex + 1; d <= span.endIndex; d++)
    returns.push(Math.log(prices[d]! / prices[d - 1]!));
  if (returns.length < 2)
    throw new HedgelabError(`too little history to estimate the volatility of ${ticker}`);
  const sigma = standardDeviation(returns) * Math.sqrt(TRADING_DAYS_PER_YEAR);
  if (!(sigma > 0))
    throw new HedgelabError(`the volatility of ${ticker} over ${span.start}..${span.end} is not positive`);
  return sigma;
}

/**
 * Builds the delta hedge's volatility on each window and date from `source`.
 *
 * @returns a feature of shape [N, T] for {@link HedgeContext.volatility}.
 */
export function volatilityFeature(
  source: VolatilitySource,
  input: VolatilityFeatureInput,
): VolatilityFeature {
  const { table, ticker, windows, train } = input;
  const { n, steps } = windows;
  const starts = windows.startIndex;
  if (!starts && source !== "training")
    throw new Error("volatilityFeature needs windows cut from a price table (startIndex)");
  const values = new Float64Array(n * steps);
  const trainingVol = "volatility" in train ? train.volatility : historicalVolatility(table, ticker, train);
  if (source === "training") {
    values.fill(trainingVol);
    return {
      values,
      fallbacks: 0,
      description: `training volatility of ${ticker} over ${train.start}..${train.end}: ${trainingVol.toFixed(4)}`,
    };
  }
  if (source === "realized") {
    const window = input.realizedWindow ?? DEFAULT_REALIZED_WINDOW;
    assertOption(Number.isInteger(window) && window >= 2, "realizedWindow", window, "must be an integer ≥ 2");
    const rolling = rollingVolatility(column(table, ticker), window);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < steps; t++) {
        const d = starts![i]! + t;
        const sigma = rolling[d]!;
        if (!(sigma > 0)) {
          throw new HedgelabError(
            `realised volatility of ${ticker} on ${table.dates[d]} needs ${window} daily returns before it`,
          );
        }
        values[i * steps + t] = sigma;
      }
    }
    return { values, fallbacks: 0, description: `${window}-day realised volatility of ${ticker}` };
  }
  const implied = input.implied;
  if (!implied) throw new HedgelabError("the implied volatility source needs an implied-volatility table");
  const h = implied.tickers.indexOf(ticker);
  const byDate = new Map<string, number>();
  if (h >= 0) implied.dates.forEach((date, d) => byDate.set(date, implied.prices[h]![d]!));
  let fallbacks = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < steps; t++) {
      const sigma = byDate.get(table.dates[starts![i]! + t]!);
      const ok = sigma !== undefined && Number.isFinite(sigma) && sigma > 0;
      if (!ok) fallbacks++;
      values[i * steps + t] = ok ? sigma : trainingVol;
    }
  }
  const cells = n * steps;
  const share = cells === 0 ? 0 : (100 * (cells - fallbacks)) / cells;
  const covered = `${implied.dates[0]}..${implied.dates[implied.dates.length - 1]}`;
  return {
    values,
    fallbacks,
    description:
      `implied volatility of ${ticker} on ${share.toFixed(1)}% of the ${cells} hedge dates (the file covers ${covered})` +
      (fallbacks > 0 ? `; training volatility ${trainingVol.toFixed(4)} on the other ${fallbacks}` : ""),
  };
}

/**
 * Rolling realised volatility: entry d is the sample standard deviation of the `window` log-returns
 * ending on date d, × √252; NaN where fewer than `window` returns precede d.
 *
 * @param prices - one price column, length D.
 * @returns annualised volatilities, length D.
 */
export function rollingVolatility(prices: Float64Array, window: number): Float64Array {
  const out = new Float64Array(prices.length).fill(Number.NaN);
  const returns: number[] = [];
  for (let d = 1; d < prices.length; d++) {
    const r = Math.log(prices[d]! / prices[d - 1]!);
    returns.push(r);
    if (returns.length > window) returns.shift();
    if (returns.length === window && returns.every(Number.isFinite)) {
      out[d] = standardDeviation(returns) * Math.sqrt(TRADING_DAYS_PER_YEAR);
    }
  }
  return out;
}

function column(table: PriceTable, ticker: string): Float64Array {
  const h = table.tickers.indexOf(ticker);
  if (h < 0) throw new HedgelabError(`unknown ticker ${ticker}`);
  return table.prices[h]!;
}
