import { assertOption, HedgelabError } from "../errors.js";
import { cholesky } from "../math/cholesky.js";

/**
 * The correlation of the drivers of a stochastic-volatility world with H assets, chosen so that the
 * assets' price Brownian motions have exactly the correlation matrix C.
 *
 * Each asset's price Brownian motion is W_a = ρ_a B_a + √(1 − ρ_a²) W⊥_a, B_a its variance driver and
 * ρ_a its spot–volatility correlation. The variance drivers (B_1 … B_H) and the residual drivers
 * (W⊥_1 … W⊥_H) are each correlated by the same matrix D and independent of each other, so that
 *
 *   corr(W_a, W_b) = (ρ_a ρ_b + √(1 − ρ_a²) √(1 − ρ_b²)) · D_ab,
 *
 * and D_ab = C_ab / (ρ_a ρ_b + √(1 − ρ_a²)√(1 − ρ_b²)) gives corr(W_a, W_b) = C_ab. With equal ρ's,
 * D = C; D must be positive definite (it is unless the ρ's differ a lot and C is near singular).
 *
 * Shape: `correlation` [H, H] row-major; returns D and its Cholesky factor L (D = L Lᵀ), each [H, H].
 *
 * @param rho - ρ_a per asset, each in (−1, 1).
 * @throws HedgelabError when C is not a correlation matrix or D is not positive definite.
 */
export function driverCorrelation(
  correlation: ArrayLike<number> | undefined,
  rho: readonly number[],
): { drivers: Float64Array; factor: Float64Array } {
  const h = rho.length;
  const c = correlation ? Float64Array.from(correlation) : identity(h);
  assertOption(c.length === h * h, "correlation", c.length, `must be an [H, H] matrix with H = ${h}`);
  const d = new Float64Array(h * h);
  for (let a = 0; a < h; a++) {
    for (let b = 0; b < h; b++) {
      const cab = c[a * h + b]!;
      assertOption(
        Number.isFinite(cab) && Math.abs(cab - c[b * h + a]!) < 1e-12 && (a !== b || cab === 1),
        "correlation",
        cab,
        "must be a symmetric matrix with a unit diagonal",
      );
      const ra = rho[a]!;
      const rb = rho[b]!;
      d[a * h + b] = a === b ? 1 : cab / (ra * rb + Math.sqrt((1 - ra * ra) * (1 - rb * rb)));
    }
  }
  try {
    return { drivers: d, factor: cholesky(d, h) };
  } catch {
    throw new HedgelabError(
      "invalid correlation: with these spot–volatility correlations ρ its driver matrix D_ab = C_ab/(ρ_aρ_b + √(1−ρ_a²)(1−ρ_b²)) is not positive definite (make the ρ's closer or the correlations weaker)",
    );
  }
}

function identity(h: number): Float64Array {
  const out = new Float64Array(h * h);
  for (let a = 0; a < h; a++) out[a * h + a] = 1;
  return out;
}

/**
 * out = L z for a lower-triangular L [H, H] (row-major): correlated standard normals from independent
 * ones. `out` and `z` must be distinct arrays of length H.
 */
export function correlate(factor: Float64Array, z: Float64Array, out: Float64Array): Float64Array {
  const h = z.length;
  for (let a = 0; a < h; a++) {
    let s = 0;
    for (let b = 0; b <= a; b++) s += factor[a * h + b]! * z[b]!;
    out[a] = s;
  }
  return out;
}
