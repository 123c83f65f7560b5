import { expect } from "vitest";
import type { RiskMeasure } from "../../src/risk/risk-measure.js";

/**
 * Shared checks of the risk-measure axioms (Föllmer–Schied, chapter 4), each on one pair of
 * samples, with a tolerance of `tolerance` times the scale of the numbers compared (rounding
 * only: the axioms hold exactly for empirical measures).
 */

const DEFAULT_TOLERANCE = 1e-12;

function scale(...values: number[]): number {
  return Math.max(1, ...values.map(Math.abs));
}

/** Monotone: X ≤ Y sample by sample ⇒ ρ(X) ≥ ρ(Y). */
export function expectMonotone(
  measure: RiskMeasure,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  tolerance = DEFAULT_TOLERANCE,
): void {
  for (let i = 0; i < x.length; i++) expect(x[i]!).toBeLessThanOrEqual(y[i]!);
  const rx = measure.risk(x);
  const ry = measure.risk(y);
  expect(rx, `${measure.name} monotone`).toBeGreaterThanOrEqual(ry - tolerance * scale(rx, ry));
}

/** Convex: ρ(tX + (1 − t)Y) ≤ tρ(X) + (1 − t)ρ(Y). */
export function expectConvex(
  measure: RiskMeasure,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  t: number,
  tolerance = DEFAULT_TOLERANCE,
): void {
  const mix = Float64Array.from(x, (xi, i) => t * xi + (1 - t) * y[i]!);
  const left = measure.risk(mix);
  const right = t * measure.risk(x) + (1 - t) * measure.risk(y);
  expect(left, `${measure.name} convex`).toBeLessThanOrEqual(right + tolerance * scale(left, right));
}

/** Cash-invariant: ρ(X + c) = ρ(X) − c. */
export function expectCashInvariant(
  measure: RiskMeasure,
  x: ArrayLike<number>,
  c: number,
  tolerance = DEFAULT_TOLERANCE,
): void {
  const shifted = Float64Array.from(x, (xi) => xi + c);
  const left = measure.risk(shifted);
  const right = measure.risk(x) - c;
  expect(Math.abs(left - right), `${measure.name} cash-invariant`).toBeLessThanOrEqual(
    tolerance * scale(left, right, c),
  );
}
