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
 * A listed option as a hedge instrument: `TICKER:CALLd`, the at-the-money call on TICKER (struck at
 * the window's first price) expiring d trading days after the window's start (`AAPL:CALL60`).
 */
export const LISTED_OPTION_PATTERN = /^([A-Z0-9^][A-Z0-9.=^_-]*):CALL([1-9][0-9]{0,3})$/;

/** A listed option of a hedge set: its underlying ticker and days to expiry from the window's start. */
export interface ListedOptionSpec {
  ticker: string;
  days: number;
}

/** The listed option `entry` names (`AAPL:CALL60` → AAPL, 60 days), or undefined for a plain ticker. */
export function listedOption(entry: string): ListedOptionSpec | undefined {
  const match = LISTED_OPTION_PATTERN.exec(entry);
  return match ? { ticker: match[1]!, days: Number(match[2]) } : undefined;
}

/**
 * The tickers whose prices a hedge set needs, in order of first mention: its plain tickers and the
 * underlyings of its listed options (`["AAPL", "AAPL:CALL60", "MSFT"]` → `["AAPL", "MSFT"]`).
 */
export function hedgeTickers(hedge: readonly string[]): string[] {
  return [...new Set(hedge.map((entry) => listedOption(entry)?.ticker ?? entry))];
}

/** `entry` with its ticker part spelled by `spell` (a listed option keeps its `:CALLd`). */
export function respellEntry(entry: string, spell: (ticker: string) => string): string {
  const option = listedOption(entry);
  return option ? `${spell(option.ticker)}:CALL${option.days}` : spell(entry);
}

/**
 * Reads a hedge set written as tickers separated by commas (or `+`, as {@link hedgeSetLabel} writes
 * them): `"aapl, MSFT"` → `["AAPL", "MSFT"]`, `"AAPL,AAPL:call60"` → `["AAPL", "AAPL:CALL60"]` (a
 * listed option, {@link LISTED_OPTION_PATTERN}). Entries are trimmed and uppercased; order is kept
 * (the first, a ticker, is the underlying).
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
    if (!TICKER_PATTERN.test(ticker) && !LISTED_OPTION_PATTERN.test(ticker)) {
      throw new HedgelabError(
        `invalid hedge set: ${shown} ("${ticker}" is not a ticker or a listed option TICKER:callDAYS; separate them with commas)`,
      );
    }
    if (k === 0 && listedOption(ticker)) {
      throw new HedgelabError(
        `invalid hedge set: ${shown} (the first entry is the claim's underlying: a ticker, not the option ${ticker})`,
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
