import { RISK_MEASURES, type RiskMeasureName } from "../risk/risk-measures.js";
import type { StrategyEvaluation } from "./evaluate-policy.js";
import { untrainedLabel } from "../training/training-outcome.js";

/** Options of {@link formatComparisonTable}. */
export interface ComparisonTableOptions {
  /** Decimals of every number; default 3. */
  digits?: number;
}

/**
 * The comparison table the CLI prints: one row per hedge set and strategy, with mean P&L and its
 * bootstrap interval, standard deviation, VaR and expected shortfall at each level, entropic risk
 * and its interval, the indifference price and, beside it, the option's Black–Scholes price with
 * the delta hedge's volatility (`BS price`, when the evaluations carry it). A learned strategy that did not train
 * (`evaluation.untrained`) is marked in a last, untitled column (`did not train: equals delta`),
 * present only when some row is so marked. Plain text, columns aligned, no colour.
 */
export function formatComparisonTable(
  evaluations: readonly StrategyEvaluation[],
  options: ComparisonTableOptions = {},
): string {
  const { digits = 3 } = options;
  const first = evaluations[0];
  if (!first) return "(no strategies evaluated)";
  const f = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(digits);
  const pct = (level: number): string => `${+(level * 100).toFixed(2)}`;
  const { summary } = first;
  const priced = evaluations.some((e) => e.blackScholesPrice !== undefined);
  const header = [
    "hedge set",
    "strategy",
    "mean",
    `mean ${pct(summary.meanInterval.level)}% CI`,
    "std",
    ...summary.tails.flatMap((tail) => [`VaR${pct(tail.level)}`, `CVaR${pct(tail.level)}`]),
    `entropic λ=${summary.riskAversion}`,
    `entropic ${pct(summary.entropicInterval.level)}% CI`,
    "price",
    ...(priced ? ["BS price"] : []),
    ...(summary.measures ?? []).map((m) => m.header),
    ...untrainedHeader(evaluations),
  ];
  const marked = untrainedHeader(evaluations).length > 0;
  const rows = evaluations.map(({ hedge, strategy, summary: s, untrained, blackScholesPrice }) => [
    hedge.join("+"),
    strategy,
    f(s.mean),
    `[${f(s.meanInterval.lower)}, ${f(s.meanInterval.upper)}]`,
    f(s.std),
    ...s.tails.flatMap((tail) => [f(tail.valueAtRisk), f(tail.expectedShortfall)]),
    f(s.entropicRisk),
    `[${f(s.entropicInterval.lower)}, ${f(s.entropicInterval.upper)}]`,
    f(s.indifferencePrice),
    ...(priced ? [blackScholesPrice === undefined ? "" : f(blackScholesPrice)] : []),
    ...(s.measures ?? []).map((m) => f(m.value)),
    ...(marked ? [untrained ? untrainedLabel(untrained) : ""] : []),
  ]);
  return alignColumns(header, rows).join("\n");
}

/**
 * The title of a table's "did not train" column: `[""]` when some evaluation is marked
 * untrained (the marker is text enough), else `[]` (no column).
 */
export function untrainedHeader(evaluations: readonly Pick<StrategyEvaluation, "untrained">[]): string[] {
  return evaluations.some((e) => e.untrained) ? [""] : [];
}

/**
 * The lines of a plain-text table: the header, a rule of dashes, then the rows; every column as wide
 * as its widest cell, the first two (hedge set, strategy) left-aligned and the numbers right-aligned,
 * two spaces between columns.
 */
export function alignColumns(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, j) => Math.max(title.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, j) => (j < 2 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

/**
 * The key printed under {@link formatComparisonTable}: what each column is, the sign convention and
 * how the premium enters, in a few lines of plain text.
 *
 * @param premium - the premium p0 in the P&L (the run's `evaluation.premium`).
 * @param method - how the intervals were computed (the run's `evaluation.bootstrap.method`, e.g.
 *   `"jackknife-t"`); default: the percentile block bootstrap.
 */
export function comparisonTableKey(
  evaluations: readonly StrategyEvaluation[],
  premium: number,
  method: string = "percentile",
): string {
  const first = evaluations[0];
  if (!first) return "";
  const { summary } = first;
  const pct = (level: number): string => `${+(level * 100).toFixed(2)}%`;
  const levels = summary.tails.map((t) => pct(t.level)).join(" and ");
  return [
    "key: P&L = premium + gains of the hedge − option payoff − costs, per test window, in rebased units " +
      "(every window starts at 100); larger is better",
    `  mean, std: of the P&L; CI: ${pct(summary.meanInterval.level)} interval over blocks of overlapping windows (${method === "jackknife-t" ? "block jackknife with Student's t" : `${method} block bootstrap`}; coverage measured in docs/evaluation.md)`,
    `  VaR, CVaR: value at risk and conditional value at risk (expected shortfall) of the loss −P&L at ${levels} (positive: a loss)`,
    `  entropic: (1/λ) log E[exp(−λ·P&L)], λ = ${summary.riskAversion}, the risk left after hedging (lower is better)`,
    "  price: entropic indifference price, the premium that makes selling and hedging the option as acceptable as not selling it",
    ...(evaluations.some((e) => e.blackScholesPrice !== undefined)
      ? [
          "  BS price: the claim's Black–Scholes reference price (its closed form; Lévy's approximation for the Asian) at the start of the windows with the delta hedge's volatility (mean over windows), the same for every row of a hedge set",
        ]
      : []),
    premium === 0
      ? "  premium 0: the P&L carries no premium, so entropic risk and price coincide"
      : `  premium ${premium}: entropic risk = price − ${premium}`,
    ...(summary.measures ?? []).map(
      (m) =>
        `  ${m.header}: ${RISK_MEASURES[m.name as RiskMeasureName]?.description ?? m.name} (the training loss's measure; lower is better)`,
    ),
  ].join("\n");
}
