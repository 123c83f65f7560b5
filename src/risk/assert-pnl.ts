import { assertOption } from "../errors.js";

/**
 * Checks a P&L sample before a risk measure reads it: it must hold at least one sample and no
 * NaN (a NaN is a bug upstream, never a value to skip). ±∞ are allowed and give ±∞ risks.
 *
 * Fails with `invalid pnl: [] (must hold at least one sample)` or
 * `invalid pnl[i]: NaN (must be a number)`.
 *
 * Shape: `pnl` is [N].
 *
 * Reference: the "no silent skipping" rule of docs/STYLE (after d3 and Observable Plot).
 */
export function assertPnl(pnl: ArrayLike<number>): void {
  assertOption(pnl.length > 0, "pnl", [], "must hold at least one sample");
  for (let i = 0; i < pnl.length; i++) {
    const x = pnl[i]!;
    assertOption(!Number.isNaN(x), `pnl[${i}]`, x, "must be a number");
  }
}

/**
 * The smallest and largest P&L of a sample that a numerical search brackets its solution with;
 * fails with `invalid pnl: [min, max] (must be finite for <purpose>)` when either is infinite.
 *
 * Shape: `pnl` is [N], non-empty.
 */
export function finitePnlRange(pnl: ArrayLike<number>, purpose: string): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pnl.length; i++) {
    min = Math.min(min, pnl[i]!);
    max = Math.max(max, pnl[i]!);
  }
  assertOption(
    Number.isFinite(min) && Number.isFinite(max),
    "pnl",
    `[${min}, ${max}]`,
    `must be finite for ${purpose}`,
  );
  return { min, max };
}
