/**
 * Daily prices of several tickers on one calendar: the parsed form of a price CSV.
 *
 * A price table is an immutable value. Missing prices (an empty cell, a date one ticker lacks) are
 * NaN and are never filled: the range checks of `validatePrices` report them.
 */
export interface PriceTable {
  /** Trading dates, ISO `YYYY-MM-DD`, strictly increasing, length D. */
  readonly dates: readonly string[];
  /** Column names, length C. */
  readonly tickers: readonly string[];
  /** One price column per ticker, each of length D (NaN where the file has no price). */
  readonly prices: readonly Float64Array[];
  /** Where each ticker's prices came from: file name and the 1-based line of each date (0 if absent). */
  readonly origins: readonly PriceOrigin[];
}

/** The file and lines one ticker's column was read from, for error messages. */
export interface PriceOrigin {
  /** File name as the user gave it (or `embedded data/…` for shipped data). */
  readonly file: string;
  /** 1-based line number of each date's row in `file`, length D; 0 where the file has no row. */
  readonly lines: Int32Array;
  /** The column the prices were read from, for a long (Yahoo) file (`Adj Close`, `Close`). */
  readonly column?: string;
}
