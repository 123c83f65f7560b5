import { pairedCoverageNote, pairedVerdict } from "../evaluation/paired-table.js";
import { hedgeLabel, strategyLabel, type ReportResult, type ReportTable } from "./report-data.js";
import { formatNumber } from "./risk-table.js";

/** Column titles of the paired metrics. */
const TITLES = { mean: "Δmean", std: "Δstd", cvar: "ΔCVaR95", entropic: "Δentropic" } as const;

/**
 * The paired comparisons with the delta hedge as a report table: one row per learned strategy and
 * hedge set, each metric's difference learned − delta on the same test windows with its interval and
 * verdict (`better` / `worse` when the interval excludes 0 on that side, `same` when it includes 0;
 * lower std, CVaR and entropic risk are better, a higher mean). Numbers rounded to `digits` decimals.
 *
 * @returns undefined when no result has a paired comparison.
 */
export function pairedComparisonTable(results: readonly ReportResult[], digits = 3): ReportTable | undefined {
  const rows = results.filter((r) => r.paired);
  const first = rows[0]?.paired;
  if (!first) return undefined;
  const f = (x: number): string => formatNumber(x, digits);
  const signed = (x: number): string => (f(x) !== f(0) && x > 0 ? `+${f(x)}` : f(x));
  const d0 = first.differences[0]!;
  const note = pairedCoverageNote(d0.method, d0.level);
  return {
    title:
      `Paired with the ${first.baseline} hedge on the same windows: learned − ${first.baseline}, ` +
      `${+(d0.level * 100).toFixed(2)}% ${d0.method} intervals (blocks of ${first.blockLength} windows); ` +
      "better / worse: the interval excludes 0, same: it includes 0" +
      (note === undefined ? "" : `. The ${note}`),
    columns: ["hedge set", "strategy", ...first.differences.map((d) => TITLES[d.metric])],
    rows: rows.map((r) => [
      hedgeLabel(r.hedge),
      strategyLabel(r),
      ...r.paired!.differences.map(
        (d) => `${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${pairedVerdict(d)}`,
      ),
    ]),
  };
}
