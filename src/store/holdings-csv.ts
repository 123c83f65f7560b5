import type { PathBatch } from "../data/path-batch.js";

/** A row of holdings to write: a strategy on one hedge set, holdings [N, T, H]. */
export interface HoldingsRow {
  hedge: readonly string[];
  strategy: string;
  /** Holdings δ, shape [N, T, H]. */
  holdings: Float64Array;
}

/** The header of {@link formatHoldingsCsv}. */
export const HOLDINGS_CSV_HEADER = "window,start,date,step,hedge,strategy,asset,price,holding";

/**
 * The holdings of every row on every test window and date, as a long CSV (pure: no I/O):
 * `window,start,date,step,hedge,strategy,asset,price,holding`, one line per window i, step
 * t = 0..T−1, row and asset h: the window's start date, the date of step t, the hedge set
 * (`AAPL+MSFT`), the strategy, the asset, its rebased price S_t (every window starts at 100) and the
 * holding δ_t chosen at that date. Rows are written one after another, windows in order within each.
 * N · T · H lines per row.
 *
 * @param windows - the test windows of each hedge set (prices [N, T + 1, H], with `startIndex`).
 * @param dates - the dates of the price table `startIndex` points into.
 */
export function formatHoldingsCsv(
  rows: readonly HoldingsRow[],
  windows: readonly { hedge: readonly string[]; paths: PathBatch }[],
  dates: readonly string[],
): string {
  const lines = [HOLDINGS_CSV_HEADER];
  for (const { hedge, strategy, holdings } of rows) {
    const label = hedge.join("+");
    const paths = windows.find((w) => w.hedge.join("+") === label)?.paths;
    if (!paths) throw new Error(`no test windows of hedge set ${label}`);
    const { n, steps, assets, tickers, values, startIndex } = paths;
    if (holdings.length !== n * steps * assets)
      throw new Error(
        `holdings of ${strategy} have length ${holdings.length}, expected ${n}×${steps}×${assets}`,
      );
    for (let i = 0; i < n; i++) {
      const first = startIndex?.[i];
      const start = first !== undefined ? dates[first]! : "";
      for (let t = 0; t < steps; t++) {
        const date = first !== undefined ? dates[first + t]! : "";
        for (let h = 0; h < assets; h++) {
          const price = values[(i * (steps + 1) + t) * assets + h]!;
          const holding = holdings[(i * steps + t) * assets + h]!;
          lines.push(`${i},${start},${date},${t},${label},${strategy},${tickers[h]!},${price},${holding}`);
        }
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
