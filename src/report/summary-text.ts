import { minBy } from "./report-text.js";
import type { PairedDifference, PairedMetric } from "../evaluation/paired-comparison.js";
import { pairedVerdict, RELIABLE_COVERAGE, type PairedVerdict } from "../evaluation/paired-verdict.js";
import { hedgeLabel, strategyLabel, type ReportResult } from "./report-data.js";
import { formatNumber } from "./risk-table.js";

const f = (x: number): string => formatNumber(x, 3);
const signed = (x: number): string => (f(x) === f(0) ? f(0) : x > 0 ? `+${f(x)}` : f(x));
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** The two paired metrics the summary counts, with their names in the text. */
const COUNTED: readonly (readonly [PairedMetric, string])[] = [
  ["entropic", "entropic risk"],
  ["cvar", "CVaR95"],
];

/**
 * The results' summary, written from the numbers so that nothing is said twice: first one paragraph of
 * what every hedge set shares (the test windows, the paired comparison with delta and its intervals, the
 * learned strategies when they are the same in every set), then the verdict counts, each pattern of
 * counts said once with the hedge sets it holds for, then one sentence per hedge set with only its own
 * numbers (hedge sets whose sentences would read the same share one): the strategy of lowest entropic risk and the learned strategy of least Δentropic, with its
 * paired differences and their verdicts ({@link pairedVerdict}). A difference is called lower or higher
 * only when its interval excludes 0, and indicative when such intervals' coverage was measured under 93%.
 * Without paired comparisons (no delta hedge or no learned strategy) only the per-set sentences are written.
 */
export function resultsSummaryText(results: readonly ReportResult[]): string[] {
  const hedges = [...new Set(results.map((r) => hedgeLabel(r.hedge)))];
  const of = (hedge: string): ReportResult[] => results.filter((r) => hedgeLabel(r.hedge) === hedge);
  // A learned strategy that did not train is counted apart (untrainedText), never among those compared.
  const paired = results.filter((r) => r.paired && r.source !== undefined && !r.untrained);
  const lines: string[] = [];
  const first = paired[0];
  if (first?.paired) {
    const d0 = first.paired.differences[0]!;
    const settings = (r: ReportResult): string =>
      `${r.pnl.length}|${r.paired!.blocks}|${r.paired!.blockLength}|${d0.method}|${d0.level}`;
    const shared = paired.every((r) => settings(r) === settings(first));
    const learnedOf = (hedge: string): string =>
      of(hedge)
        .filter((r) => r.source !== undefined && !r.untrained)
        .map(strategyLabel)
        .join(", ");
    const sameLearned = hedges.every((h) => learnedOf(h) === learnedOf(hedges[0]!));
    const perSet = of(hedges[0]!).filter((r) => r.paired && r.source !== undefined && !r.untrained).length;
    lines.push(
      `${hedges.length === 1 ? "The hedge set is" : `All ${hedges.length} hedge sets are`} scored on the same test windows; ` +
        `each learned strategy is paired with the ${first.paired.baseline} hedge of its hedge set on the same windows (learned − ${first.paired.baseline}` +
        (shared
          ? `, ${first.pnl.length} windows, ${pct(d0.level)} ${d0.method} intervals, ${first.paired.blocks} blocks of ${first.paired.blockLength} windows)`
          : ")") +
        (sameLearned && perSet > 0
          ? `, the same ${perSet === 1 ? "learned strategy" : `${perSet} learned strategies`} in each (${learnedOf(hedges[0]!)})`
          : "") +
        `. A difference is called lower or higher only where its interval excludes 0, ` +
        `and indicative where such intervals were measured to cover under ${pct(RELIABLE_COVERAGE)} of the time.`,
    );
    const patterns = new Map<string, string[]>();
    for (const hedge of hedges) {
      const rows = of(hedge).filter((r) => r.paired && r.source !== undefined && !r.untrained);
      if (rows.length === 0) continue;
      const pattern = COUNTED.map(([metric, name]) => countsPhrase(rows, metric, name)).join("; ");
      patterns.set(pattern, [...(patterns.get(pattern) ?? []), hedge]);
    }
    for (const [pattern, sets] of patterns) {
      const where = patterns.size === 1 && hedges.length > 1 ? "On every hedge set" : `On ${and(sets)}`;
      lines.push(`${where}, of the learned strategies: ${pattern}.`);
    }
  }
  // Each set's own sentence; sets whose sentences would be the same but for their name share one.
  const own = new Map<string, string[]>();
  for (const hedge of hedges) {
    const rows = of(hedge);
    const best = minBy(rows, (r) => r.summary.entropicRisk);
    if (!best) continue;
    const tied = rows.filter((r) => f(r.summary.entropicRisk) === f(best.summary.entropicRisk));
    const lowest =
      tied.length > 1
        ? `lowest entropic risk ${f(best.summary.entropicRisk)}, shared to 3 decimals by ${tied.map(strategyLabel).join(", ")}`
        : `lowest entropic risk ${strategyLabel(best)}'s, ${f(best.summary.entropicRisk)} [${f(best.summary.entropicInterval.lower)}, ${f(best.summary.entropicInterval.upper)}]`;
    const learned = rows.filter((r) => r.paired && r.source !== undefined && !r.untrained);
    const top = minBy(learned, (r) => difference(r, "entropic")?.estimate ?? Number.POSITIVE_INFINITY);
    const parts = top
      ? COUNTED.flatMap(([metric]) => {
          const d = difference(top, metric);
          return d ? [differencePhrase(d, pairedVerdict(d, top.paired!))] : [];
        })
      : [];
    const sentence =
      lowest +
      (top && parts.length > 0
        ? `; least Δentropic among the learned, ${strategyLabel(top)}: ${parts.join(", ")}`
        : "") +
      ".";
    own.set(sentence, [...(own.get(sentence) ?? []), hedge]);
  }
  for (const [sentence, sets] of own) lines.push(`${and(sets)}: ${sentence}`);
  return lines;
}

/** `entropic risk 1 of 6 below delta, 0 above, 5 not separated (indicative)`, or too short to tell. */
function countsPhrase(rows: readonly ReportResult[], metric: PairedMetric, name: string): string {
  const found = rows.flatMap((r) => {
    const d = difference(r, metric);
    return d ? [{ d, verdict: pairedVerdict(d, r.paired!) }] : [];
  });
  const baseline = rows[0]?.paired?.baseline ?? "delta";
  if (found.length > 0 && found.every((v) => v.verdict.reliability === "too-short"))
    return `${name} too short to tell for all ${found.length}`;
  const side = (e: "below" | "above"): number => found.filter((v) => v.d.excludesZero === e).length;
  const below = side("below");
  const above = side("above");
  const indicative = found.filter((v) => v.verdict.reliability !== "reliable").length;
  const note =
    indicative === 0
      ? ""
      : indicative === found.length
        ? " (indicative)"
        : ` (${indicative} of them indicative)`;
  return `${name} ${below} of ${found.length} below ${baseline}, ${above} above, ${found.length - below - above} not separated${note}`;
}

/** `Δentropic −0.120 [−0.210, −0.030] lower (indicative)`. */
function differencePhrase(d: PairedDifference, verdict: PairedVerdict): string {
  const name = d.metric === "entropic" ? "Δentropic" : d.metric === "cvar" ? "ΔCVaR95" : `Δ${d.metric}`;
  const word =
    verdict.reliability === "too-short"
      ? "too short to tell"
      : d.excludesZero === "no"
        ? f(d.estimate) === f(0)
          ? "equal to 3 decimals"
          : "not separated"
        : `${d.excludesZero === "below" ? "lower" : "higher"}${verdict.reliability === "indicative" ? " (indicative)" : ""}`;
  return `${name} ${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${word}`;
}

/** `A`, `A and B`, `A, B and C`. */
function and(items: readonly string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`
    : (items[0] ?? "");
}

function difference(r: ReportResult, metric: PairedMetric): PairedDifference | undefined {
  return r.paired?.differences.find((d) => d.metric === metric);
}
