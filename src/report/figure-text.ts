import { MIN_SURFACE_COUNT } from "./holding-surface-chart.js";
import {
  hedgeLabel,
  strategyLabel,
  type ReportDifferenceSurface,
  type ReportHedgePath,
  type ReportResult,
} from "./report-data.js";
import { formatNumber } from "./risk-table.js";

const f = (x: number, digits = 3): string => formatNumber(x, digits);
const signed = (x: number): string => (x > 0 ? `+${f(x)}` : f(x));

/**
 * Sentences on "the hedge on a path" of one hedge set: how the windows were chosen, then per learned
 * strategy its largest differences learned − delta with the window's first date; the learned
 * strategies of `results` on that set with no window (P&L equal to delta's on every window) are named.
 */
export function hedgePathText(
  paths: readonly ReportHedgePath[],
  results: readonly ReportResult[],
  hedge: readonly string[],
): string[] {
  const target = hedgeLabel(hedge);
  const chosen = paths.filter((p) => hedgeLabel(p.hedge) === target);
  const strategies = [...new Set(chosen.map(strategyLabel))];
  const lines = [
    `On ${target}, for each learned strategy, the test windows of largest |P&L − delta P&L|: the absolute difference of the two strategies' P&L on the same window, ` +
      "picked largest first and, where the test period allows, apart enough that no two share a day. Every hedge set's windows are in paths.json.",
  ];
  const largest = strategies.map((label) => {
    const windows = chosen.filter((p) => strategyLabel(p) === label).sort((a, b) => a.rank - b.rank);
    return `${label} ${windows.map((p) => `${signed(p.pnl - p.deltaPnl)} (${p.start})`).join(", ")}`;
  });
  if (largest.length > 0) lines.push(`Learned − delta P&L on these windows: ${largest.join("; ")}.`);
  const equal = results
    .filter((r) => hedgeLabel(r.hedge) === target && r.source !== undefined)
    .map(strategyLabel)
    .filter((label) => !strategies.includes(label));
  if (equal.length > 0)
    lines.push(`${equal.join(", ")}: P&L equal to delta's on every test window, so no window is shown.`);
  return lines;
}

/**
 * Sentences on the difference-from-delta surfaces: per hedge asset, the range over learned strategies of
 * the mean |learned − delta| holding over the drawn cells, naming the strategies at both ends.
 */
export function differenceSurfaceText(surfaces: readonly ReportDifferenceSurface[]): string[] {
  const assets = [...new Set(surfaces.map((s) => s.asset))];
  const parts = assets.flatMap((asset) => {
    const sizes = surfaces
      .filter((s) => s.asset === asset)
      .flatMap((s) => {
        const values: number[] = [];
        s.surface.holding.forEach((h, cell) => {
          if (s.surface.count[cell]! >= MIN_SURFACE_COUNT && Number.isFinite(h)) values.push(Math.abs(h));
        });
        return values.length > 0
          ? [{ label: strategyLabel(s), size: values.reduce((a, b) => a + b, 0) / values.length }]
          : [];
      })
      .sort((a, b) => a.size - b.size);
    const low = sizes[0];
    const high = sizes[sizes.length - 1];
    if (!low || !high) return [];
    return sizes.length === 1
      ? [`${asset} ${f(low.size)} (${low.label})`]
      : [`${asset} from ${f(low.size)} (${low.label}) to ${f(high.size)} (${high.label})`];
  });
  return parts.length > 0
    ? [`Mean |learned − delta| holding over a panel's cells, by hedge asset: ${parts.join("; ")}.`]
    : [];
}
