import { HedgelabError } from "../errors.js";
import type { StrategyEvaluation } from "./evaluate-policy.js";

/**
 * Refuses an evaluation with a non-finite P&L or metric where it arises, instead of printing
 * `Infinity` in a table and writing `null` to metrics.json: names the strategy, the hedge set and
 * the window (or the metric) at fault.
 *
 * Shape: `windowStarts` is [N], the first date of each window, as the P&L.
 *
 * @throws HedgelabError `the P&L of delta on SPY is Infinity in the window starting 2019-03-04:
 *   check the prices of that window (an implausible price?)`.
 */
export function assertFiniteEvaluation(
  evaluation: StrategyEvaluation,
  windowStarts: readonly string[] = [],
): void {
  const { pnl, summary, strategy } = evaluation;
  const label = `${strategy} on ${evaluation.hedge.join("+")}`;
  for (let i = 0; i < pnl.length; i++) {
    if (Number.isFinite(pnl[i]!)) continue;
    const where = windowStarts[i] ? `the window starting ${windowStarts[i]}` : `window ${i}`;
    throw new HedgelabError(
      `the P&L of ${label} is ${pnl[i]} in ${where}: check the prices of that window (an implausible price?)`,
    );
  }
  const bad = firstNonFinite(summary, "");
  if (bad) {
    throw new HedgelabError(
      `the ${bad.path} of ${label} is ${bad.value} although every P&L is finite: ` +
        `the P&L is too large to measure (largest |P&L| ${Math.max(...Array.from(pnl, Math.abs)).toExponential(2)}); check the prices`,
    );
  }
}

function firstNonFinite(value: unknown, path: string): { path: string; value: number } | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { path, value };
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = firstNonFinite(child, path === "" ? key : /^\d+$/.test(key) ? path : `${path} ${key}`);
    if (found) return found;
  }
  return undefined;
}
