import type { QualityRow } from "../evaluation/path-quality.js";
import type { ReportTable } from "./report-data.js";
import { formatNumber } from "./risk-table.js";

/** Options of {@link qualityTables}. */
export interface QualityTablesOptions {
  /** Decimals of every number; default 4. */
  digits?: number;
}

/**
 * The generators' quality rows ({@link pathQuality}) as the report's two tables: the statistics of
 * each set of paths (one row per metric and asset, one column per set: the real references first,
 * then each generator and the floor) and the distances of each generated set to each real reference
 * (one row per metric and asset, one column per set and reference). Numbers are rounded to `digits`
 * decimals as text; an empty input gives no table.
 */
export function qualityTables(
  rows: readonly QualityRow[],
  options: QualityTablesOptions = {},
): ReportTable[] {
  const { digits = 4 } = options;
  const f = (x: number): string => (Number.isFinite(x) ? formatNumber(x, digits) : "");
  const statistics = rows.filter((r) => r.reference === "");
  const distances = rows.filter((r) => r.reference !== "");
  const keysOf = (list: readonly QualityRow[]): [string, string][] => {
    const seen = new Map<string, [string, string]>();
    for (const r of list) seen.set(`${r.metric}\u0000${r.asset}`, [r.metric, r.asset]);
    return [...seen.values()];
  };
  const tables: ReportTable[] = [];
  if (statistics.length > 0) {
    const sets = [...new Set(statistics.map((r) => r.source))];
    tables.push({
      title:
        "Statistics of each set of paths (realised volatility annualised, autocorrelations of daily returns)",
      columns: ["metric", "asset", ...sets],
      rows: keysOf(statistics).map(([metric, asset]) => [
        metric,
        asset,
        ...sets.map((set) => {
          const row = statistics.find((r) => r.metric === metric && r.asset === asset && r.source === set);
          return row ? f(row.value) : "";
        }),
      ]),
    });
  }
  if (distances.length > 0) {
    const pairs = [...new Set(distances.map((r) => `${r.source}\u0000${r.reference}`))].map(
      (key) => key.split("\u0000") as [string, string],
    );
    tables.push({
      title:
        "Distances of each generated set to the real windows (lower is closer; the training windows against the test windows are the floor)",
      columns: ["metric", "asset", ...pairs.map(([source, reference]) => `${source} vs ${reference}`)],
      rows: keysOf(distances).map(([metric, asset]) => [
        metric,
        asset,
        ...pairs.map(([source, reference]) => {
          const row = distances.find(
            (r) =>
              r.metric === metric && r.asset === asset && r.source === source && r.reference === reference,
          );
          return row ? f(row.value) : "";
        }),
      ]),
    });
  }
  return tables;
}
