import { quantile } from "../math/quantile.js";
import { standardDeviation } from "../math/variance.js";
import type { ConfidenceInterval } from "../evaluation/bootstrap.js";
import type { PairedDifference, PairedMetric } from "../evaluation/paired-comparison.js";
import {
  MIN_BLOCKS,
  pairedVerdict,
  RELIABLE_COVERAGE,
  type PairedVerdict,
} from "../evaluation/paired-verdict.js";
import { MIN_SURFACE_COUNT } from "./holding-surface-chart.js";
import { FIGURE_3_LEVEL } from "./risk-across-hedge-sets-chart.js";
import {
  hedgeLabel,
  strategyLabel,
  type RegimeTimeline,
  type ReportResult,
  type ReportSurface,
  type ReportTraining,
  type ReturnSamples,
} from "./report-data.js";
import { formatNumber } from "./risk-table.js";

const f = (x: number, digits = 3): string => formatNumber(x, digits);
const ci = (i: ConfidenceInterval): string => `[${f(i.lower)}, ${f(i.upper)}]`;
const pct = (x: number): string => `${Math.round(x * 100)}%`;
const signed = (x: number): string => (f(x) === f(0) ? f(0) : x > 0 ? `+${f(x)}` : f(x));
const count = (k: number, n: number): string => `${k} of ${n}`;

/**
 * Sentences on the risk results, one paragraph per hedge set: the strategy with the lowest point
 * estimate of the entropic risk, then each learned strategy against the delta hedge through its
 * **paired** comparison on the same test windows (learned − delta with its interval,
 * {@link pairedSentence}): how many learned strategies the intervals put below, above or not apart
 * from the delta hedge on the entropic risk and CVaR95, and the best one's differences. A difference
 * is called lower or higher only when its interval excludes 0, and significantly so only when its
 * verdict is reliable (`pairedVerdict`: indicative and too-short ones are said to be so); one that rounds to 0 is called equal
 * to the shown decimals. Without paired comparisons (no delta hedge) only the first sentence is written.
 */
export function riskText(results: readonly ReportResult[]): string[] {
  const hedges = [...new Set(results.map((r) => hedgeLabel(r.hedge)))];
  const lines: string[] = [];
  for (const hedge of hedges) {
    const rows = results.filter((r) => hedgeLabel(r.hedge) === hedge);
    const best = minBy(rows, (r) => r.summary.entropicRisk);
    if (!best) continue;
    const tied = rows.filter((r) => f(r.summary.entropicRisk) === f(best.summary.entropicRisk));
    const parts = [
      tied.length > 1
        ? `${hedge}: the lowest point estimate of the entropic risk, ${f(best.summary.entropicRisk)}, is shared to 3 decimals by ${tied.map(strategyLabel).join(", ")}.`
        : `${hedge}: the lowest point estimate of the entropic risk is ${strategyLabel(best)}'s, ${f(best.summary.entropicRisk)} ${ci(best.summary.entropicInterval)}.`,
    ];
    // A learned strategy that did not train is counted apart (untrainedText), never among those compared.
    const paired = rows.filter((r) => r.paired && r.source !== undefined && !r.untrained);
    const first = paired[0]?.paired;
    const difference = (r: ReportResult, metric: PairedMetric): PairedDifference | undefined =>
      r.paired?.differences.find((d) => d.metric === metric);
    if (first) {
      const d0 = first.differences[0]!;
      parts.push(
        `Paired with the ${first.baseline} hedge on the same ${best.pnl.length} test windows (learned − ${first.baseline}, ` +
          `${pct(d0.level)} ${d0.method} intervals, ${first.blocks} blocks of ${first.blockLength} windows),`,
      );
      const counts = (
        [
          ["entropic", "entropic risk"],
          ["cvar", `CVaR${FIGURE_3_LEVEL * 100}`],
        ] as const
      ).map(([metric, name]) => countsClause(paired, metric, name, first.baseline));
      parts.push(`${counts.join("; ")}.`);
      const learned = minBy(paired, (r) => difference(r, "entropic")?.estimate ?? Number.POSITIVE_INFINITY);
      const entropic = learned && difference(learned, "entropic");
      const cvar = learned && difference(learned, "cvar");
      if (learned && entropic) {
        parts.push(
          `The learned strategy of least entropic risk, ${strategyLabel(learned)}: ` +
            pairedSentence(
              entropic,
              "entropic risk",
              first.baseline,
              pairedVerdict(entropic, learned.paired!),
            ) +
            (cvar
              ? `; ${pairedSentence(cvar, `CVaR${FIGURE_3_LEVEL * 100}`, first.baseline, pairedVerdict(cvar, learned.paired!))}`
              : "") +
            ".",
        );
      }
    }
    lines.push(parts.join(" "));
  }
  return lines;
}

/**
 * How many learned strategies the paired intervals of `metric` put below, above or not apart from the
 * baseline: "significantly" only for reliable verdicts ({@link pairedVerdict}); indicative ones are
 * counted apart and said so; a record too short to tell is said so.
 */
function countsClause(
  rows: readonly ReportResult[],
  metric: PairedMetric,
  name: string,
  baseline: string,
): string {
  const found = rows.flatMap((r) => {
    const d = r.paired?.differences.find((x) => x.metric === metric);
    return d ? [{ d, verdict: pairedVerdict(d, r.paired!) }] : [];
  });
  const of = (reliability: PairedVerdict["reliability"]): PairedDifference[] =>
    found.filter((v) => v.verdict.reliability === reliability).map((v) => v.d);
  const side = (list: PairedDifference[], e: "below" | "above"): number =>
    list.filter((d) => d.excludesZero === e).length;
  const clauses: string[] = [];
  const reliable = of("reliable");
  if (reliable.length > 0) {
    const below = side(reliable, "below");
    const above = side(reliable, "above");
    clauses.push(
      `on the ${name}, ${count(below, reliable.length)} learned strategies are significantly below the ${baseline} hedge ` +
        `and ${above} significantly above; ${reliable.length - below - above} are not separated from it (their interval includes 0)`,
    );
  }
  const indicative = of("indicative");
  if (indicative.length > 0) {
    const below = side(indicative, "below");
    const above = side(indicative, "above");
    clauses.push(
      `on the ${name}, indicatively only (the coverage of these intervals was measured under ${pct(RELIABLE_COVERAGE)} or not at all), ` +
        `${count(below, indicative.length)} learned strategies lie below the ${baseline} hedge and ${above} above; ` +
        `${indicative.length - below - above} are not separated from it (their interval includes 0)`,
    );
  }
  const short = of("too-short");
  if (short.length > 0)
    clauses.push(
      `on the ${name}, ${count(short.length, found.length)} learned strategies cannot be told from the ${baseline} hedge: ` +
        `their test period is too short (fewer than ${MIN_BLOCKS} blocks of the requested length)`,
    );
  return clauses.join("; ");
}

/**
 * One clause on a paired difference learned − baseline: `its entropic risk is lower than the delta
 * hedge's by 0.412 (−0.412 [−0.700, −0.124], which excludes 0)` when the interval excludes 0 and the
 * verdict is reliable (with `; indicative only: …` when it is indicative); `its entropic risk equals
 * the delta hedge's to 3 decimals (…)` when the estimate rounds to 0; else `its entropic risk differs
 * from the delta hedge's by +0.120 [−0.210, 0.450], an interval that includes 0: these windows do not
 * separate the two`; with too few blocks, `…: the test period is too short to tell`.
 *
 * @param verdict - the difference's {@link pairedVerdict}.
 */
export function pairedSentence(
  d: PairedDifference,
  name: string,
  baseline: string,
  verdict: PairedVerdict,
): string {
  const interval = `${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}]`;
  if (verdict.reliability === "too-short")
    return (
      `its ${name} differs from the ${baseline} hedge's by ${interval}: the test period is too short to tell ` +
      `(fewer than ${MIN_BLOCKS} blocks)`
    );
  if (d.excludesZero !== "no") {
    const size = f(Math.abs(d.estimate)) === f(0) ? "less than 0.001" : f(Math.abs(d.estimate));
    const caveat =
      verdict.reliability === "reliable"
        ? ""
        : verdict.coverage === undefined
          ? "; indicative only: the coverage of such intervals was not measured"
          : `; indicative only: such intervals were measured to cover ${pct(verdict.coverage)}, under ${pct(RELIABLE_COVERAGE)}`;
    return `its ${name} is ${d.excludesZero === "below" ? "lower" : "higher"} than the ${baseline} hedge's by ${size} (${interval}, which excludes 0${caveat})`;
  }
  if (f(d.estimate) === f(0)) return `its ${name} equals the ${baseline} hedge's to 3 decimals (${interval})`;
  return `its ${name} differs from the ${baseline} hedge's by ${interval}, an interval that includes 0: these windows do not separate the two`;
}

/**
 * Sentences on Figure 1: the standard deviation and the 1% and 99% quantiles of each source's
 * training returns against the market test returns.
 */
export function returnsText(samples: ReturnSamples): string[] {
  const describe = (values: Float64Array): string =>
    `std ${pct1(standardDeviation(values))}, 1%–99% quantiles ${pct1(quantile(values, 0.01))} to ${pct1(quantile(values, 0.99))}`;
  const lines = [
    `Market windows of ${samples.ticker}: validation ${describe(samples.validation)}; test ${describe(samples.test)} (${samples.test.length} windows).`,
  ];
  const testStd = standardDeviation(samples.test);
  for (const [source, values] of Object.entries(samples.training)) {
    const ratio = standardDeviation(values) / testStd;
    lines.push(
      `${source} training set (${values.length} paths): ${describe(values)}; its dispersion is ${ratio.toFixed(2)} times the test windows'.`,
    );
  }
  return lines;
}

/** Sentences on Figure 2: the number of regimes and the share of each span's days in each regime. */
export function regimeText(timeline: RegimeTimeline): string[] {
  const labels = [...new Set(timeline.regimes)].sort((a, b) => a - b);
  const lines = [`${labels.length} regimes on ${timeline.market}, fitted on the training days only.`];
  for (const span of ["train", "validation", "test"] as const) {
    const days = timeline.split.map((s, d) => (s === span ? timeline.regimes[d]! : -1)).filter((k) => k >= 0);
    if (days.length === 0) continue;
    const shares = labels.map((k) => `regime ${k} ${pct(days.filter((x) => x === k).length / days.length)}`);
    lines.push(`${span} (${days.length} days): ${shares.join(", ")}.`);
  }
  return lines;
}

/**
 * Sentences on Figure 4: each strategy's range of cell means and the share of cells outside [0, 1]
 * (short or levered positions in the underlying, which a delta hedge of a call never takes).
 */
export function surfaceText(surfaces: readonly ReportSurface[]): string[] {
  return surfaces.map((s) => {
    const { holding, count } = s.surface;
    const values: number[] = [];
    holding.forEach((h, cell) => {
      if (count[cell]! >= MIN_SURFACE_COUNT && Number.isFinite(h)) values.push(h);
    });
    if (values.length === 0)
      return `${strategyLabel(s)}: no cell has ${MIN_SURFACE_COUNT} or more (window, date) pairs.`;
    const outside = values.filter((h) => h < 0 || h > 1).length / values.length;
    return (
      `${strategyLabel(s)}: mean holdings from ${f(Math.min(...values), 2)} to ${f(Math.max(...values), 2)}; ` +
      `${pct(outside)} of the ${values.length} cells lie outside [0, 1].`
    );
  });
}

/** Sentences on the training curves: epochs run, the kept epoch, early stopping, the mean holding's path and, with a clipped loss, the share of training P&Ls below the clip. */
export function trainingText(training: readonly ReportTraining[]): string[] {
  return training.map((t) => {
    const first = t.history[0];
    const last = t.history[t.history.length - 1];
    const kept = t.history.find((r) => r.epoch === t.bestEpoch);
    if (!first || !last) return `${strategyLabel(t)} on ${hedgeLabel(t.hedge)}: no epoch recorded.`;
    return (
      `${strategyLabel(t)} on ${hedgeLabel(t.hedge)}: ${t.history.length} epochs, weights of epoch ${t.bestEpoch} kept` +
      (kept
        ? ` (validation risk ${f(kept.validationRisk)}, from ${f(first.validationRisk)} after epoch 1)`
        : "") +
      `; mean holding ${f(first.meanHolding, 2)} after epoch 1, ${f(last.meanHolding, 2)} after epoch ${last.epoch}` +
      (first.clippedShare !== undefined && last.clippedShare !== undefined
        ? `; training P&Ls below the clip ${pct1(first.clippedShare)} in epoch 1, ${pct1(last.clippedShare)} in epoch ${last.epoch}`
        : "") +
      "."
    );
  });
}

/** The item of least `key` (the first of equals), or undefined for none. */
export function minBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  let best: T | undefined;
  let value = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const k = key(item);
    if (k < value) [best, value] = [item, k];
  }
  return best;
}

function pct1(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
