import { alignColumns, untrainedHeader } from "./comparison-table.js";
import { untrainedLabel, UNTRAINED_NOTE } from "../training/training-outcome.js";
import type { StrategyEvaluation } from "./evaluate-policy.js";
import type { IntervalMethod } from "./interval-method.js";
import { recordBlocks, type PairedComparison, type PairedMetric } from "./paired-comparison.js";
import { formatPairedVerdict, MIN_BLOCKS, pairedVerdict, tooShortNote } from "./paired-verdict.js";

/** Column titles of the paired metrics: `Δmean`, `Δstd`, `ΔCVaR95`, `Δentropic`. */
export const PAIRED_TITLES: Readonly<Record<PairedMetric, string>> = {
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
    "volatility clustering ΔCVaR95 90% but Δentropic 48%: verdicts of intervals measured under 93% are marked indicative (docs/evaluation.md)"
  );
}

/**
 * The blocks of a paired comparison as printed: `7 × 120` (J blocks of ℓ windows, the ones actually
 * used).
 */
export function pairedBlocksLabel(paired: PairedComparison): string {
  return `${paired.blocks} × ${paired.blockLength}`;
}

/**
 * The table of paired comparisons printed under the comparison table: one row per learned strategy
 * and hedge set, each metric's difference strategy − delta with its interval and verdict
 * ({@link formatPairedVerdict}: better / worse / same, "(indicative)" when the interval's coverage
 * was measured under 93%, "too short to tell" with fewer than {@link MIN_BLOCKS} blocks). The header
 * gives the blocks actually used (J blocks of ℓ windows) when every row used the same; else a
 * `blocks` column gives each row's (J × ℓ). Empty string when no evaluation has a paired comparison.
 */
export function formatPairedTable(evaluations: readonly StrategyEvaluation[], digits = 3): string {
  const rows = evaluations.filter((e) => e.paired);
  const first = rows[0]?.paired;
  if (!first) return "";
  const f = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(digits);
  const signed = (x: number): string => (x > 0 ? `+${f(x)}` : f(x));
  const d0 = first.differences[0]!;
  const note = pairedCoverageNote(d0.method, d0.level);
  const uniform = rows.every((r) => pairedBlocksLabel(r.paired!) === pairedBlocksLabel(first));
  const header = [
    "hedge set",
    "strategy",
    ...(uniform ? [] : ["blocks"]),
    ...first.differences.map((d) => PAIRED_TITLES[d.metric]),
    ...untrainedHeader(rows),
  ];
  const marked = untrainedHeader(rows).length > 0;
  const cells = rows.map(({ hedge, strategy, paired, untrained }) => [
    hedge.join("+"),
    strategy,
    ...(uniform ? [] : [pairedBlocksLabel(paired!)]),
    ...paired!.differences.map(
      (d) =>
        `${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${formatPairedVerdict(pairedVerdict(d, paired!))}`,
    ),
    ...(marked ? [untrained ? untrainedLabel(untrained) : ""] : []),
  ]);
  const blocks = uniform
    ? `${first.blocks} blocks of ${first.blockLength} windows`
    : "blocks: J × ℓ windows, per row";
  return [
    `paired with ${first.baseline} on the same windows: strategy − ${first.baseline}, ${+(d0.level * 100).toFixed(2)}% ` +
      `${d0.method === "jackknife-t" ? "block-jackknife (Student's t)" : `${d0.method} block-bootstrap`} intervals (${blocks}); better / worse: the interval excludes 0 ` +
      "(lower std, CVaR and entropic risk are better, a higher mean)",
    ...(note === undefined ? [] : [note]),
    ...tooShortNotes(rows.map((r) => r.paired!)),
    ...(marked ? [UNTRAINED_NOTE] : []),
    ...alignColumns(header, cells),
  ].join("\n");
}

/** One {@link tooShortNote} per distinct record of the comparisons too short to tell (fewer than {@link MIN_BLOCKS} requested blocks). */
export function tooShortNotes(comparisons: readonly PairedComparison[]): string[] {
  const notes = comparisons.filter((p) => recordBlocks(p) < MIN_BLOCKS).map(tooShortNote);
  return [...new Set(notes)];
}

/** The columns of {@link pairedCsv}. */
export const PAIRED_CSV_HEADER =
  "hedge,strategy,baseline,metric,estimate,lower,upper,level,method,block,blocks,verdict";

/**
 * The CSV lines of one paired comparison, one per metric, in the columns of {@link PAIRED_CSV_HEADER}:
 * `block` ℓ and `blocks` J the ones actually used, `verdict` as printed ({@link formatPairedVerdict}:
 * `better`, `same (indicative)`, `too short to tell`, …).
 */
export function pairedCsvLines(
  hedge: readonly string[],
  strategy: string,
  paired: PairedComparison,
): string[] {
  return paired.differences.map((d) =>
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
      paired.blocks,
      formatPairedVerdict(pairedVerdict(d, paired)),
    ].join(","),
  );
}

/**
 * The paired comparisons as CSV text: {@link PAIRED_CSV_HEADER} and a last column `training`, then
 * {@link pairedCsvLines} of every paired evaluation, each with `trained`, or the "did not train"
 * marker of a learned strategy that did not train (`untrainedLabel`: `did not train: equals delta`).
 */
export function pairedCsv(evaluations: readonly StrategyEvaluation[]): string {
  const lines = [`${PAIRED_CSV_HEADER},training`];
  for (const { hedge, strategy, paired, untrained } of evaluations)
    if (paired) {
      const training = untrained ? untrainedLabel(untrained) : "trained";
      lines.push(...pairedCsvLines(hedge, strategy, paired).map((line) => `${line},${training}`));
    }
  return `${lines.join("\n")}\n`;
}
