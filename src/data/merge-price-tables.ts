import { HedgelabError } from "../errors.js";
import type { PriceOrigin, PriceTable } from "./price-table.js";
import { sameDates, unionOfDates } from "./union-of-dates.js";

/**
 * Joins price tables side by side: the result's dates are the union of all tables' dates and its
 * tickers are every table's tickers, in the order given. A ticker gets NaN (and origin line 0) on a
 * date its table lacks; nothing is filled.
 *
 * @param tables - one or more tables (typically one per file), with no ticker in common.
 * @returns a new table; a single table is returned as is.
 * @throws HedgelabError when no table is given, or when a ticker is in two tables (naming both files).
 */
export function mergePriceTables(tables: readonly PriceTable[]): PriceTable {
  if (tables.length === 0)
    throw new HedgelabError("no price tables to merge (give at least one prices file)");
  if (tables.length === 1) return tables[0]!;
  const seen = new Map<string, string>();
  for (const table of tables) {
    table.tickers.forEach((ticker, c) => {
      const file = table.origins[c]?.file ?? "a price table";
      const other = seen.get(ticker);
      if (other !== undefined) {
        throw new HedgelabError(
          other === file
            ? `ticker ${ticker} is given twice by ${file}`
            : `ticker ${ticker} is in both ${other} and ${file}; give each ticker once`,
        );
      }
      seen.set(ticker, file);
    });
  }
  const dates = unionOfDates(tables.map((table) => table.dates));
  const tickers: string[] = [];
  const prices: Float64Array[] = [];
  const origins: PriceOrigin[] = [];
  for (const table of tables) {
    if (sameDates(table.dates, dates)) {
      tickers.push(...table.tickers);
      prices.push(...table.prices);
      origins.push(...table.origins);
      continue;
    }
    const target = positionsIn(table.dates, dates);
    table.tickers.forEach((ticker, c) => {
      const column = new Float64Array(dates.length).fill(Number.NaN);
      const lines = new Int32Array(dates.length);
      const source = table.prices[c]!;
      const origin = table.origins[c]!;
      for (let d = 0; d < target.length; d++) {
        column[target[d]!] = source[d]!;
        lines[target[d]!] = origin.lines[d]!;
      }
      tickers.push(ticker);
      prices.push(column);
      origins.push({ ...origin, lines });
    });
  }
  return { dates, tickers, prices, origins };
}

/** For each date of `subset` (increasing), its index in `all` (increasing, containing it). */
function positionsIn(subset: readonly string[], all: readonly string[]): Int32Array {
  const out = new Int32Array(subset.length);
  let j = 0;
  for (let d = 0; d < subset.length; d++) {
    while (all[j] !== subset[d]) j++;
    out[d] = j;
  }
  return out;
}
