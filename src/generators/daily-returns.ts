import { assertOption, HedgelabError } from "../errors.js";
import type { PriceTable } from "../data/price-table.js";
import type { DateSpan } from "../data/date-span.js";
import { columnOf } from "../data/validate-prices.js";
import { driverCorrelation } from "./world-correlation.js";

/**
 * The daily log-returns ln(S_d/S_{d−1}) of each of `tickers` over `span` (days startIndex + 1 …
 * endIndex): what the simulated worlds are fitted on.
 *
 * Shape: H arrays of length endIndex − startIndex.
 */
export function dailyLogReturns(
  table: PriceTable,
  tickers: readonly string[],
  span: DateSpan,
): Float64Array[] {
  const days = span.endIndex - span.startIndex;
  if (days < 2) throw new HedgelabError(`too few training days (${days + 1}) to fit a world`);
  return tickers.map((ticker) => {
    const prices = table.prices[columnOf(table, ticker)]!;
    const out = new Float64Array(days);
    for (let d = 0; d < days; d++)
      out[d] = Math.log(prices[span.startIndex + d + 1]! / prices[span.startIndex + d]!);
    return out;
  });
}

/**
 * The sample correlation matrix of H return series of equal length, over the days where `keep` is
 * true (every day without it). Shape: [H, H] row-major.
 */
export function sampleCorrelation(returns: readonly Float64Array[], keep?: (d: number) => boolean): number[] {
  const h = returns.length;
  const days = returns[0]?.length ?? 0;
  assertOption(h >= 1, "returns", h, "must hold at least one series");
  const sums = new Float64Array(h);
  const products = new Float64Array(h * h);
  let count = 0;
  for (let d = 0; d < days; d++) {
    if (keep && !keep(d)) continue;
    count++;
    for (let a = 0; a < h; a++) {
      sums[a]! += returns[a]![d]!;
      for (let b = 0; b < h; b++) products[a * h + b]! += returns[a]![d]! * returns[b]![d]!;
    }
  }
  const out = new Array<number>(h * h).fill(0);
  const cov = (a: number, b: number): number =>
    products[a * h + b]! / count - (sums[a]! / count) * (sums[b]! / count);
  for (let a = 0; a < h; a++) {
    for (let b = 0; b < h; b++) {
      const c = a === b ? 1 : cov(a, b) / Math.sqrt(cov(a, a) * cov(b, b));
      out[a * h + b] = Number.isFinite(c) ? c : a === b ? 1 : 0;
    }
  }
  return out;
}

/**
 * `correlation` shrunk toward the identity, (1 − w)C + wI with the smallest w in 0, 0.05, 0.1, …
 * for which {@link driverCorrelation} with `rho` succeeds; the note says what was done ("" for w = 0).
 */
export function usableCorrelation(
  correlation: readonly number[],
  rho: readonly number[],
): { correlation: number[]; note: string } {
  const h = rho.length;
  for (let step = 0; step <= 20; step++) {
    const w = step / 20;
    const shrunk = correlation.map((c, i) => (i % (h + 1) === 0 ? 1 : (1 - w) * c));
    try {
      driverCorrelation(shrunk, rho);
      return {
        correlation: shrunk,
        note: w === 0 ? "" : `correlation shrunk ${(100 * w).toFixed(0)} % toward the identity to be usable`,
      };
    } catch (error) {
      if (!(error instanceof HedgelabError)) throw error;
    }
  }
  throw new Error("the identity correlation must be usable");
}

/**
 * A fitted spot–volatility correlation ρ held to [−`bound`, `bound`]; one that falls outside (or is
 * NaN, then −`bound`) is clamped and a note says so (`AAPL: ρ -1.234 clamped to -0.99`).
 */
export function clampFittedRho(rho: number, bound: number, ticker: string, notes: string[]): number {
  if (rho >= -bound && rho <= bound) return rho;
  const clamped = rho > bound ? bound : -bound;
  notes.push(`${ticker}: ρ ${rho.toFixed(3)} clamped to ${clamped}`);
  return clamped;
}

/**
 * The correlation matrix [H, H] of a stochastic-volatility world fitted on `returns` (H series of
 * daily log-returns): their sample correlation made usable with the fitted ρ's
 * ({@link usableCorrelation}, its note added to `notes`); undefined for one asset.
 */
export function fittedCorrelation(
  returns: readonly Float64Array[],
  rho: readonly number[],
  notes: string[],
): number[] | undefined {
  if (returns.length < 2) return undefined;
  const { correlation, note } = usableCorrelation(sampleCorrelation(returns), rho);
  if (note) notes.push(note);
  return correlation;
}
