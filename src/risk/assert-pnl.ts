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
