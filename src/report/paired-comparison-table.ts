import { pairedBlocksLabel, pairedCoverageNote, tooShortNotes } from "../evaluation/paired-table.js";
import { formatPairedVerdict, pairedVerdict } from "../evaluation/paired-verdict.js";
import {
  hedgeLabel,
  strategyLabel,
  untrainedMarker,
  type ReportResult,
  type ReportTable,
} from "./report-data.js";
import { formatNumber } from "./risk-table.js";

/** Column titles of the paired metrics. */
const TITLES = { mean: "Δmean", std: "Δstd", cvar: "ΔCVaR95", entropic: "Δentropic" } as const;

/**
 * The paired comparisons with the delta hedge as a report table: one row per learned strategy and
 * hedge set, each metric's difference learned − delta on the same test windows with its interval and
 * verdict (`better` / `worse` when the interval excludes 0 on that side, `same` when it includes 0;
 * lower std, CVaR and entropic risk are better, a higher mean; `(indicative)` when the interval's
 * coverage was measured under 93%, `too short to tell` with too few blocks: see `pairedVerdict`).
 * The title gives the blocks actually used (J blocks of ℓ windows) when every row used the same,
 * else a `blocks` column gives each row's (J × ℓ). Numbers rounded to `digits` decimals.
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
  const uniform = rows.every((r) => pairedBlocksLabel(r.paired!) === pairedBlocksLabel(first));
  const short = tooShortNotes(rows.map((r) => r.paired!));
  return {
    title:
      `Paired with the ${first.baseline} hedge on the same windows: learned − ${first.baseline}, ` +
      `${+(d0.level * 100).toFixed(2)}% ${d0.method} intervals ` +
      `(${uniform ? `${first.blocks} blocks of ${first.blockLength} windows` : "blocks: J × ℓ windows, per row"}); ` +
      "better / worse: the interval excludes 0, same: it includes 0" +
      (note === undefined ? "" : `. The ${note}`) +
      short.map((s) => `. ${s[0]!.toUpperCase()}${s.slice(1)}`).join(""),
    columns: [
      "hedge set",
      "strategy",
      ...(uniform ? [] : ["blocks"]),
      ...first.differences.map((d) => TITLES[d.metric]),
    ],
    rows: rows.map((r) => [
      hedgeLabel(r.hedge),
      strategyLabel(r) + untrainedMarker(r),
      ...(uniform ? [] : [pairedBlocksLabel(r.paired!)]),
      ...r.paired!.differences.map(
        (d) =>
          `${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${formatPairedVerdict(pairedVerdict(d, r.paired!))}`,
      ),
    ]),
  };
}
