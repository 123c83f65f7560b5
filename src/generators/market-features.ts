import { assertOption, HedgelabError } from "../errors.js";
import type { PriceTable } from "../data/price-table.js";
import type { DateSpan } from "../data/date-span.js";
import { columnOf } from "../data/validate-prices.js";

/** Exchange-traded funds of the embedded data: never part of the default stock universe. */
export const ETF_TICKERS: readonly string[] = ["SPY", "QQQ", "IWM"];

/** Names of the four market features, in column order. */
export const MARKET_FEATURES = [
  "marketReturn",
  "marketVolatility",
  "meanCorrelation",
  "crossSectionalVolatility",
] as const;

/** Options of {@link marketFeatures}. */
export interface MarketFeatureOptions {
  /**
   * The value-weighted market portfolio; default `"SPY"`: a capitalisation-weighted index fund, whose
   * adjusted close is the market's total-return index (paper, appendix 8.1.2).
   */
  market?: string;
  /** Stocks of the correlation and dispersion features; default every non-ETF ticker with prices on every day of the span and its history. */
  universe?: readonly string[];
  /** Days of the rolling market volatility; default 30. */
  volatilityWindow?: number;
  /** Days of the rolling mean pairwise correlation; default 60. */
  correlationWindow?: number;
}

/** Features per day: rows are the days of the span (minus the warm-up), columns {@link MARKET_FEATURES}. */
export interface MarketFeatures {
  /** Dates of the rows. */
  dates: string[];
  /** Index of each row's date in the table. */
  dateIndex: Int32Array;
  /** Values, [D, 4], unstandardised: daily log-return, annualised volatility, mean correlation, cross-sectional std. */
  values: Float64Array;
  /** The stocks of the correlation and dispersion features. */
  universe: string[];
  market: string;
}

/**
 * The paper's regime features (appendix 8.1.2) on every day of `span`, each from data up to that day
 * only: (1) the market's daily log-return, (2) its rolling volatility over `volatilityWindow` days
 * (annualised, √252), (3) the rolling mean pairwise correlation of the universe's daily log-returns over
 * `correlationWindow` days, (4) the cross-sectional standard deviation of the universe's log-returns
 * that day. The windows reach back before `span.start` when the table has the history (past data only:
 * no look-ahead); the first days lacking it are an error.
 *
 * Rolling correlations use running sums of x, x² and xy per pair (O(pairs) per day).
 */
export function marketFeatures(
  table: PriceTable,
  span: DateSpan,
  options: MarketFeatureOptions = {},
): MarketFeatures {
  const { market = "SPY", volatilityWindow = 30, correlationWindow = 60 } = options;
  assertOption(
    Number.isInteger(volatilityWindow) && volatilityWindow >= 2,
    "volatilityWindow",
    volatilityWindow,
    "must be an integer ≥ 2",
  );
  assertOption(
    Number.isInteger(correlationWindow) && correlationWindow >= 2,
    "correlationWindow",
    correlationWindow,
    "must be an integer ≥ 2",
  );
  const history = Math.max(volatilityWindow, correlationWindow);
  const first = span.startIndex - history;
  if (first < 0) {
    throw new HedgelabError(
      `the regime features need ${history} daily returns before ${span.start}; the data start on ${table.dates[0]}`,
    );
  }
  const complete = (ticker: string): boolean => {
    const prices = table.prices[columnOf(table, ticker)]!;
    for (let d = first; d <= span.endIndex; d++) if (!(prices[d]! > 0)) return false;
    return true;
  };
  if (!complete(market))
    throw new HedgelabError(
      `the market ${market} has missing prices between ${table.dates[first]} and ${span.end}`,
    );
  const universe = options.universe
    ? [...options.universe]
    : table.tickers.filter((t) => !ETF_TICKERS.includes(t) && t !== market && complete(t));
  for (const ticker of universe) {
    if (!complete(ticker))
      throw new HedgelabError(
        `universe ticker ${ticker} has missing prices between ${table.dates[first]} and ${span.end}`,
      );
  }
  assertOption(universe.length >= 2, "universe", universe, "needs at least two stocks");

  const logReturn = (prices: Float64Array, d: number): number => Math.log(prices[d]! / prices[d - 1]!);
  const marketPrices = table.prices[columnOf(table, market)]!;
  const stocks = universe.map((t) => table.prices[columnOf(table, t)]!);
  const n = stocks.length;
  const pairs = (n * (n - 1)) / 2;
  // Running sums over the correlation window, returns of day d at r[d − first].
  const days = span.endIndex - first + 1;
  const returns = new Float64Array(days * n);
  for (let d = first + 1; d <= span.endIndex; d++) {
    for (let s = 0; s < n; s++) returns[(d - first) * n + s] = logReturn(stocks[s]!, d);
  }
  const sx = new Float64Array(n);
  const sxx = new Float64Array(n);
  const sxy = new Float64Array(pairs);
  const add = (row: number, sign: number): void => {
    const base = row * n;
    let p = 0;
    for (let i = 0; i < n; i++) {
      const xi = returns[base + i]!;
      sx[i]! += sign * xi;
      sxx[i]! += sign * xi * xi;
      for (let j = i + 1; j < n; j++, p++) sxy[p]! += sign * xi * returns[base + j]!;
    }
  };
  // Window of day d: returns of days d − w + 1 .. d.
  for (let d = span.startIndex - correlationWindow + 1; d < span.startIndex; d++) add(d - first, 1);

  const rows = span.endIndex - span.startIndex + 1;
  const values = new Float64Array(rows * 4);
  const dates: string[] = [];
  const dateIndex = new Int32Array(rows);
  const w = correlationWindow;
  for (let d = span.startIndex; d <= span.endIndex; d++) {
    add(d - first, 1);
    // Day d − w left the window (it entered when the loop started or at day d − w).
    if (d > span.startIndex) add(d - w - first, -1);
    const row = d - span.startIndex;
    dates.push(table.dates[d]!);
    dateIndex[row] = d;
    // (1) market return, (2) its rolling volatility
    values[row * 4] = logReturn(marketPrices, d);
    let m = 0;
    for (let k = d - volatilityWindow + 1; k <= d; k++) m += logReturn(marketPrices, k);
    m /= volatilityWindow;
    let v = 0;
    for (let k = d - volatilityWindow + 1; k <= d; k++) v += (logReturn(marketPrices, k) - m) ** 2;
    values[row * 4 + 1] = Math.sqrt((v / (volatilityWindow - 1)) * 252);
    // (3) mean pairwise correlation over the window
    let total = 0;
    let p = 0;
    for (let i = 0; i < n; i++) {
      const vi = sxx[i]! - (sx[i]! * sx[i]!) / w;
      for (let j = i + 1; j < n; j++, p++) {
        const vj = sxx[j]! - (sx[j]! * sx[j]!) / w;
        const cov = sxy[p]! - (sx[i]! * sx[j]!) / w;
        total += vi > 0 && vj > 0 ? cov / Math.sqrt(vi * vj) : 0;
      }
    }
    values[row * 4 + 2] = total / pairs;
    // (4) cross-sectional volatility of the day's returns
    const base = (d - first) * n;
    let mean = 0;
    for (let s = 0; s < n; s++) mean += returns[base + s]!;
    mean /= n;
    let dispersion = 0;
    for (let s = 0; s < n; s++) dispersion += (returns[base + s]! - mean) ** 2;
    values[row * 4 + 3] = Math.sqrt(dispersion / (n - 1));
  }
  return { dates, dateIndex, values, universe, market };
}

/** Mean and standard deviation per column of a [D, F] table, for standardisation. */
export interface FeatureScaler {
  mean: number[];
  std: number[];
}

/** The scaler of `values` ([rows, columns]): column means and sample standard deviations. */
export function fitScaler(values: Float64Array, columns: number): FeatureScaler {
  const rows = values.length / columns;
  const mean = new Array<number>(columns).fill(0);
  const std = new Array<number>(columns).fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) mean[c]! += values[r * columns + c]!;
  for (let c = 0; c < columns; c++) mean[c]! /= rows;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) std[c]! += (values[r * columns + c]! - mean[c]!) ** 2;
  for (let c = 0; c < columns; c++) {
    std[c] = Math.sqrt(std[c]! / Math.max(rows - 1, 1));
    if (!(std[c]! > 0))
      throw new HedgelabError(`regime feature ${MARKET_FEATURES[c] ?? c} is constant on the training days`);
  }
  return { mean, std };
}

/** (x − mean)/std per column, with a scaler fitted on the training days. */
export function standardize(values: Float64Array, scaler: FeatureScaler): Float64Array {
  const columns = scaler.mean.length;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = i % columns;
    out[i] = (values[i]! - scaler.mean[c]!) / scaler.std[c]!;
  }
  return out;
}
