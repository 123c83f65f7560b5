import { alignColumns } from "./comparison-table.js";
import type { StrategyEvaluation } from "./evaluate-policy.js";
import type { IntervalMethod } from "./interval-method.js";
import type { PairedDifference, PairedMetric } from "./paired-comparison.js";

/** Column titles of the paired metrics. */
const TITLES: Record<PairedMetric, string> = {
  mean: "Δmean",
  std: "Δstd",
  cvar: "ΔCVaR95",
  entropic: "Δentropic",
};

/**
 * What the coverage measured by simulation says about 95% jackknife-t intervals, the default
 * (docs/evaluation.md, "Coverage across scenarios"), for the paired tables' titles; undefined for
 * another method or level, whose coverage was not measured so.
 */
export function pairedCoverageNote(method: IntervalMethod, level: number): string | undefined {
  if (method !== "jackknife-t" || level !== 0.95) return undefined;
  return (
    "measured coverage of these 95% intervals on simulated windows: Δmean and Δstd 94–96%; ΔCVaR95 and " +
    "Δentropic 90–92% when the two tails differ little, 87–88% when one is much heavier, and under " +
    "volatility clustering ΔCVaR95 90% but Δentropic 48%: read the tail verdicts as indicative (docs/evaluation.md)"
  );
}

/**
 * The verdict of a paired difference strategy − baseline: `"better"` when the interval excludes 0
 * on the good side (above for the mean, below for std, CVaR and entropic risk), `"worse"` on the
 * other side, `"same"` (not significantly different) when it reaches 0.
 */
export function pairedVerdict(difference: PairedDifference): "better" | "worse" | "same" {
  if (difference.excludesZero === "no") return "same";
  const higherIsBetter = difference.metric === "mean";
  return (difference.excludesZero === "above") === higherIsBetter ? "better" : "worse";
}

/**
 * The table of paired comparisons printed under the comparison table: one row per learned strategy
 * and hedge set, each metric's difference strategy − delta with its interval and verdict
 * (better / worse / same). Empty string when no evaluation has a paired comparison.
 */
export function formatPairedTable(evaluations: readonly StrategyEvaluation[], digits = 3): string {
  const rows = evaluations.filter((e) => e.paired);
  const first = rows[0]?.paired;
  if (!first) return "";
  const f = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(digits);
  const signed = (x: number): string => (x > 0 ? `+${f(x)}` : f(x));
  const d0 = first.differences[0]!;
  const note = pairedCoverageNote(d0.method, d0.level);
  const header = ["hedge set", "strategy", ...first.differences.map((d) => TITLES[d.metric])];
  const cells = rows.map(({ hedge, strategy, paired }) => [
    hedge.join("+"),
    strategy,
    ...paired!.differences.map(
      (d) => `${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${pairedVerdict(d)}`,
    ),
  ]);
  return [
    `paired with ${first.baseline} on the same windows: strategy − ${first.baseline}, ${+(d0.level * 100).toFixed(2)}% ` +
      `${d0.method === "jackknife-t" ? "block-jackknife (Student's t)" : `${d0.method} block-bootstrap`} intervals (blocks of ${first.blockLength} windows); better / worse: the interval excludes 0 ` +
      "(lower std, CVaR and entropic risk are better, a higher mean)",
    ...(note === undefined ? [] : [note]),
    ...alignColumns(header, cells),
  ].join("\n");
}

/** The paired comparisons as CSV text: `hedge,strategy,baseline,metric,estimate,lower,upper,level,method,block,verdict`. */
export function pairedCsv(evaluations: readonly StrategyEvaluation[]): string {
  const lines = ["hedge,strategy,baseline,metric,estimate,lower,upper,level,method,block,verdict"];
  for (const { hedge, strategy, paired } of evaluations) {
    if (!paired) continue;
    for (const d of paired.differences) {
      lines.push(
        [
          hedge.join("+"),
          strategy,
          paired.baseline,
          d.metric,
          d.estimate,
          d.lower,
          d.upper,
          d.level,
          d.method,
          paired.blockLength,
          pairedVerdict(d),
        ].join(","),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
