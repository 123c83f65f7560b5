import { quantile } from "../math/quantile.js";
import { standardDeviation } from "../math/variance.js";
import type { ConfidenceInterval } from "../evaluation/bootstrap.js";
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
const overlap = (a: ConfidenceInterval, b: ConfidenceInterval): boolean =>
  a.lower <= b.upper && b.lower <= a.upper;
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * Sentences on the risk results, one per hedge set: the strategy with the lowest entropic risk, and
 * the best learned strategy against the delta hedge on entropic risk and CVaR95 — whether their
 * bootstrap intervals are disjoint (a difference these intervals establish) or overlap (they do not
 * separate the two; a paired comparison may still).
 */
export function riskText(results: readonly ReportResult[]): string[] {
  const hedges = [...new Set(results.map((r) => hedgeLabel(r.hedge)))];
  const lines: string[] = [];
  for (const hedge of hedges) {
    const rows = results.filter((r) => hedgeLabel(r.hedge) === hedge);
    const best = minBy(rows, (r) => r.summary.entropicRisk);
    if (!best) continue;
    const parts = [
      `${hedge}: the lowest entropic risk is ${strategyLabel(best)}'s, ${f(best.summary.entropicRisk)} ${ci(best.summary.entropicInterval)}.`,
    ];
    const delta = rows.find((r) => r.strategy === "delta");
    const learned = minBy(
      rows.filter((r) => r.source !== undefined),
      (r) => r.summary.entropicRisk,
    );
    if (delta && learned) {
      const d = learned.summary.entropicRisk - delta.summary.entropicRisk;
      const separated = !overlap(learned.summary.entropicInterval, delta.summary.entropicInterval);
      parts.push(
        `The best learned strategy, ${strategyLabel(learned)}, has an entropic risk ${f(Math.abs(d))} ${d <= 0 ? "lower" : "higher"} than the delta hedge's ` +
          `(${f(learned.summary.entropicRisk)} against ${f(delta.summary.entropicRisk)} ${ci(delta.summary.entropicInterval)}); ` +
          (separated
            ? "the two intervals do not overlap."
            : "the two intervals overlap, so they do not separate the two."),
      );
      const tail = (r: ReportResult) => r.summary.tails.find((t) => t.level === FIGURE_3_LEVEL);
      const lt = tail(learned);
      const dt = tail(delta);
      if (lt && dt) {
        const e = lt.expectedShortfall - dt.expectedShortfall;
        parts.push(
          `Its CVaR${FIGURE_3_LEVEL * 100} is ${f(lt.expectedShortfall)} ${ci(lt.expectedShortfallInterval)} against ${f(dt.expectedShortfall)} ${ci(dt.expectedShortfallInterval)} ` +
            `(${e <= 0 ? "lower" : "higher"} by ${f(Math.abs(e))}; intervals ${overlap(lt.expectedShortfallInterval, dt.expectedShortfallInterval) ? "overlap" : "disjoint"}), ` +
            `and its mean P&L ${f(learned.summary.mean)} against ${f(delta.summary.mean)}.`,
        );
      }
    }
    lines.push(parts.join(" "));
  }
  return lines;
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

/** Sentences on the training curves: epochs run, the kept epoch, early stopping and the mean holding's path. */
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
      `; mean holding ${f(first.meanHolding, 2)} after epoch 1, ${f(last.meanHolding, 2)} after epoch ${last.epoch}.`
    );
  });
}

function minBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
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
