import { formatQualityTarget, type QualityTargetRecord } from "../evaluation/quality-targets.js";
import type { ReportTable } from "./report-data.js";
import { hedgeLabel } from "./report-data.js";
import { formatNumber } from "./risk-table.js";

/** Options of {@link qualityTargetsTables}. */
export interface QualityTargetsTablesOptions {
  /** Decimals of every number; default 3. */
  digits?: number;
}

/**
 * The generators' quality targets ({@link qualityTargets}) as the report's tables, one per source in
 * the order of the records: one row per statistic and asset (each asset's together, the joint ones
 * last), a `target` column (the bound, the same for
 * every hedge set, or its range across them), one column per hedge set in order whose cell is the value
 * with ✓ (target met) or ✗, and a last row counting the targets met. A statistic a hedge set does not
 * measure (an asset it lacks, the correlation of one asset) is an empty cell.
 */
export function qualityTargetsTables(
  records: readonly QualityTargetRecord[],
  options: QualityTargetsTablesOptions = {},
): ReportTable[] {
  const { digits = 3 } = options;
  const f = (x: number): string => formatNumber(x, digits);
  const sources = [...new Set(records.map((r) => r.source))];
  const hedges = [...new Set(records.map((r) => hedgeLabel(r.hedge)))];
  return sources.map((source) => {
    const mine = records.filter((r) => r.source === source);
    const keys = new Map<string, [string, string]>();
    for (const r of mine) keys.set(`${r.statistic}\u0000${r.asset}`, [r.statistic, r.asset]);
    // Each asset's statistics together, in the order met, then the joint ones (`all`).
    const ordered = [...keys.values()].sort((a, b) => Number(a[1] === "all") - Number(b[1] === "all"));
    const rows = ordered.map(([statistic, asset]) => {
      const cells = mine.filter((r) => r.statistic === statistic && r.asset === asset);
      return [
        statistic,
        asset,
        targetText(cells, digits),
        ...hedges.map((hedge) => {
          const r = cells.find((c) => hedgeLabel(c.hedge) === hedge);
          return r ? `${f(r.value)} ${r.pass ? "✓" : "✗"}` : "";
        }),
      ];
    });
    const met = hedges.map((hedge) => {
      const cells = mine.filter((r) => hedgeLabel(r.hedge) === hedge);
      return cells.length > 0 ? `${cells.filter((r) => r.pass).length}/${cells.length}` : "";
    });
    return {
      title: `Quality targets of ${source}: value against the target on each hedge set (✓ met, ✗ missed)`,
      columns: ["statistic", "asset", "target", ...hedges],
      rows: [...rows, ["targets met", "", "", ...met]],
    };
  });
}

/** The bound of a statistic's rows: one text when every hedge set has the same, else the range of each end. */
function targetText(rows: readonly QualityTargetRecord[], digits: number): string {
  const texts = [...new Set(rows.map((r) => formatQualityTarget(r, digits)))];
  if (texts.length === 1) return texts[0]!;
  const range = (values: number[]): string => {
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    return `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
  };
  const lower = rows.map((r) => r.lower);
  const upper = rows.map((r) => r.upper);
  if (lower.every((x) => x === -Infinity)) return `≤ ${range(upper)}`;
  return `${range(lower)} … ${range(upper)}`;
}
