import { assertOption } from "../errors.js";

/** Fourier coefficients and L² energy of a piecewise-linear function on [0, 2π]. */
export interface PiecewiseLinearFourier {
  /** a_0..a_n, a_k = (1/π)∫_0^{2π} f(t) cos kt dt. */
  a: Float64Array;
  /** b_0..b_n (b_0 = 0), b_k = (1/π)∫_0^{2π} f(t) sin kt dt. */
  b: Float64Array;
  /** ∫_0^{2π} f(t)² dt. */
  energy: number;
}

/**
 * Exact Fourier coefficients of the piecewise-linear interpolant f of `values` on the uniform grid
 * t_j = 2πj/T, j = 0..T (T = values.length − 1), by integrating each segment in closed form:
 * on [t₀, t₁] with slope s, ∫f cos kt = [f sin kt]/k + s[cos kt]/k² and
 * ∫f sin kt = −[f cos kt]/k + s[sin kt]/k²; and its energy ∫f² = Σ h(f₀² + f₀f₁ + f₁²)/3.
 * The projection onto harmonics ≤ n, a_0/2 + Σ a_k cos kt + b_k sin kt, is the L²-closest
 * trigonometric polynomial, with energy π(a_0²/2 + Σ a_k² + b_k²) ≤ ∫f² (Bessel).
 *
 * Shapes: `values` [T + 1] (T ≥ 1); a, b [n + 1].
 */
export function piecewiseLinearFourier(values: ArrayLike<number>, terms: number): PiecewiseLinearFourier {
  const segments = values.length - 1;
  assertOption(segments >= 1, "values", values.length, "need at least two points");
  assertOption(Number.isInteger(terms) && terms >= 0, "terms", terms, "must be a non-negative integer");
  const h = (2 * Math.PI) / segments;
  const a = new Float64Array(terms + 1);
  const b = new Float64Array(terms + 1);
  let energy = 0;
  let total = 0;
  for (let j = 0; j < segments; j++) {
    const [f0, f1] = [values[j]!, values[j + 1]!];
    energy += (h * (f0 * f0 + f0 * f1 + f1 * f1)) / 3;
    total += (h * (f0 + f1)) / 2;
  }
  a[0] = total / Math.PI;
  for (let k = 1; k <= terms; k++) {
    let [c, s] = [0, 0];
    for (let j = 0; j < segments; j++) {
      const [f0, f1] = [values[j]!, values[j + 1]!];
      const [t0, t1] = [j * h, (j + 1) * h];
      const slope = (f1 - f0) / h;
      const [c0, c1, s0, s1] = [Math.cos(k * t0), Math.cos(k * t1), Math.sin(k * t0), Math.sin(k * t1)];
      c += (f1 * s1 - f0 * s0) / k + (slope * (c1 - c0)) / (k * k);
      s += -(f1 * c1 - f0 * c0) / k + (slope * (s1 - s0)) / (k * k);
    }
    a[k] = c / Math.PI;
    b[k] = s / Math.PI;
  }
  return { a, b, energy };
}

/** π(a_0²/2 + Σ_{k≥1} a_k² + b_k²): the energy ∫ of the truncated series on [0, 2π] (Parseval). */
export function fourierEnergy(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = (a[0]! * a[0]!) / 2;
  for (let k = 1; k < a.length; k++) total += a[k]! * a[k]! + b[k]! * b[k]!;
  return Math.PI * total;
}

/** a_0/2 + Σ_{k=1}^{n} a_k cos kt + b_k sin kt at time t. */
export function fourierValue(a: ArrayLike<number>, b: ArrayLike<number>, t: number): number {
  let total = a[0]! / 2;
  for (let k = 1; k < a.length; k++) total += a[k]! * Math.cos(k * t) + b[k]! * Math.sin(k * t);
  return total;
}
