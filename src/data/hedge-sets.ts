import { HedgelabError } from "../errors.js";

/**
 * The paper's five hedge sets, growing by one asset at a time; the first ticker of a hedge set is
 * the option's underlying, the others are extra hedging instruments.
 *
 * The paper's fifth asset, BRK-B, is not in the embedded data; JPM stands in for it (a large-cap
 * financial, like Berkshire Hathaway).
 */
export const DEFAULT_HEDGE_SETS: readonly (readonly string[])[] = [
  ["AAPL"],
  ["AAPL", "MSFT"],
  ["AAPL", "GOOGL", "MSFT"],
  ["AAPL", "GOOGL", "MSFT", "AMZN"],
  ["AAPL", "GOOGL", "MSFT", "AMZN", "JPM"],
];

/**
 * The one ticker pattern: capitals, digits and `.=^_-`, starting with a capital, a digit or `^`
 * (`AAPL`, `BRK-B`, `^GSPC`). The configuration schema and `parseHedgeSet` both use it.
 */
export const TICKER_PATTERN = /^[A-Z0-9^][A-Z0-9.=^_-]*$/;

/**
 * Reads a hedge set written as tickers separated by commas (or `+`, as {@link hedgeSetLabel} writes
 * them): `"aapl, MSFT"` → `["AAPL", "MSFT"]`. Tickers are trimmed and uppercased; order is kept
 * (the first is the underlying).
 *
 * @throws HedgelabError for an empty set, an empty or malformed ticker, or a ticker named twice.
 */
export function parseHedgeSet(text: string): string[] {
  const shown = JSON.stringify(text);
  if (text.trim() === "") {
    throw new HedgelabError(`invalid hedge set: ${shown} (name at least one ticker, e.g. "AAPL,MSFT")`);
  }
  const tickers = text.split(/[,+]/).map((part) => part.trim().toUpperCase());
  tickers.forEach((ticker, k) => {
    if (ticker === "") {
      throw new HedgelabError(`invalid hedge set: ${shown} (ticker ${k + 1} is empty)`);
    }
    if (!TICKER_PATTERN.test(ticker)) {
      throw new HedgelabError(
        `invalid hedge set: ${shown} ("${ticker}" is not a ticker; separate tickers with commas)`,
      );
    }
    if (tickers.indexOf(ticker) !== k) {
      throw new HedgelabError(`invalid hedge set: ${shown} (${ticker} is named twice)`);
    }
  });
  return tickers;
}

/** A hedge set's name for tables and file names: `["AAPL", "MSFT"]` → `"AAPL+MSFT"`. */
export function hedgeSetLabel(tickers: readonly string[]): string {
  return tickers.join("+");
}
