import type { PriceTable } from "./price-table.js";

/**
 * The files a table's tickers came from, for messages: `prices.csv`, `a.csv and b.csv`, or
 * `a.csv, b.csv, c.csv and 2 more files`.
 *
 * @param tickers - only these tickers' files (default: every ticker's); unknown names are skipped.
 */
export function describePriceFiles(table: PriceTable, tickers?: readonly string[]): string {
  const columns = tickers
    ? tickers.map((ticker) => table.tickers.indexOf(ticker)).filter((c) => c >= 0)
    : table.tickers.map((_, c) => c);
  const files = [...new Set(columns.map((c) => table.origins[c]?.file).filter((f) => f !== undefined))];
  if (files.length === 0) return "the price table";
  if (files.length === 1) return files[0]!;
  if (files.length <= 3) return `${files.slice(0, -1).join(", ")} and ${files[files.length - 1]!}`;
  return `${files.slice(0, 3).join(", ")} and ${files.length - 3} more files`;
}
