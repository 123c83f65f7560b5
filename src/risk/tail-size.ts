import { assertOption } from "../errors.js";

/** The default confidence level α of value at risk and expected shortfall: 95 %. */
export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

/**
 * m = N(1 − α): the number of samples, possibly fractional, in the worst (1 − α) tail of an
 * empirical distribution of N equally weighted samples.
 *
 * A level such as 0.7 is not exactly representable, so N(1 − α) may come out as 3.0000000000000004
 * for N = 10; values within a few units in the last place of an integer are snapped to it, so
 * that ⌈m⌉ (the VaR order statistic) and the fractional weight of expected shortfall are what the
 * decimal level means.
 *
 * Reference: C. Acerbi and D. Tasche, "On the coherence of expected shortfall", J. Banking &
 * Finance 26 (2002) 1487–1503 (the empirical ES, with α their tail probability).
 *
 * @param n - the sample size N ≥ 1.
 * @param level - the confidence level α, in [0, 1).
 */
export function tailSize(n: number, level: number): number {
  assertOption(level >= 0 && level < 1, "level", level, "must be in [0, 1)");
  const m = n * (1 - level);
  const nearest = Math.round(m);
  return Math.abs(m - nearest) <= 8 * Number.EPSILON * Math.max(n, 1) ? nearest : m;
}
