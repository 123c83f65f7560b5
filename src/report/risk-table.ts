import type { ConfidenceInterval } from "../evaluation/bootstrap.js";
import {
  hedgeLabel,
  strategyLabel,
  untrainedMarker,
  type ReportResult,
  type ReportTable,
} from "./report-data.js";

/** Options of {@link riskTable}. */
export interface RiskTableOptions {
  /** Decimals of every number; default 3. */
  digits?: number;
}

/**
 * The full risk table: one row per hedge set and strategy, with the mean P&L, the standard
 * deviation, VaR and CVaR (expected shortfall) at each level, the entropic risk and the indifference
 * price (with the option's Black–Scholes price under the delta hedge's volatility beside it, when the
 * results carry it), each estimate of the mean, CVaR and entropic risk with its bootstrap interval. Numbers are
 * rounded to `digits` decimals as text (what the page shows and the snapshot tests pin).
 */
export function riskTable(results: readonly ReportResult[], options: RiskTableOptions = {}): ReportTable {
  const { digits = 3 } = options;
  const first = results[0]?.summary;
  const pct = (level: number): string => `${+(level * 100).toFixed(2)}`;
  const f = (x: number): string => formatNumber(x, digits);
  const ci = (i: ConfidenceInterval): string => `[${f(i.lower)}, ${f(i.upper)}]`;
  const level = first ? pct(first.meanInterval.level) : "95";
  const priced = results.some((r) => r.blackScholesPrice !== undefined);
  const columns = [
    "hedge set",
    "strategy",
    "mean",
    `mean ${level}% CI`,
    "std",
    ...(first?.tails ?? []).flatMap((t) => [
      `VaR${pct(t.level)}`,
      `CVaR${pct(t.level)}`,
      `CVaR${pct(t.level)} CI`,
    ]),
    `entropic λ=${first?.riskAversion ?? ""}`,
    `entropic ${level}% CI`,
    "price",
    ...(priced ? ["BS price"] : []),
  ];
  const rows = results.map((r) => {
    const s = r.summary;
    return [
      hedgeLabel(r.hedge),
      strategyLabel(r) + untrainedMarker(r),
      f(s.mean),
      ci(s.meanInterval),
      f(s.std),
      ...s.tails.flatMap((t) => [f(t.valueAtRisk), f(t.expectedShortfall), ci(t.expectedShortfallInterval)]),
      f(s.entropicRisk),
      ci(s.entropicInterval),
      f(s.indifferencePrice),
      ...(priced ? [r.blackScholesPrice === undefined ? "" : f(r.blackScholesPrice)] : []),
    ];
  });
  return { title: "Risk of every strategy on every hedge set (test windows)", columns, rows };
}

/** `x` with `digits` decimals, without a negative zero; `NaN`/`∞` spelled out. */
export function formatNumber(x: number, digits = 3): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const text = x.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}
