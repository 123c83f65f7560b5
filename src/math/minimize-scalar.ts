import { assertOption } from "../errors.js";

/** Options of {@link minimizeScalar}. */
export interface MinimizeScalarOptions {
  /** The left end of the bracket. */
  lower: number;
  /** The right end of the bracket; ≥ `lower`. */
  upper: number;
  /**
   * Absolute tolerance on x, > 0: the search stops when the minimiser is located within about
   * `tolerance` + 2ε|x| (ε = 2⁻⁵²). Default `√ε · max(1, upper − lower)` ≈ 1.5e-8 of the bracket,
   * Brent's advice for a smooth f, whose values cannot locate its minimiser any closer; pass a
   * smaller one for a piecewise-linear f (the OCE passes 1e-12 of the bracket).
   */
  tolerance?: number;
  /** The most evaluations of f after the first; a positive integer, default 500. */
  maxIterations?: number;
}

/** The result of {@link minimizeScalar}. */
export interface MinimizeScalarResult {
  /** The best point found, in [lower, upper]. */
  x: number;
  /** f(x). */
  value: number;
  /** The number of iterations (evaluations of f besides the first and the two ends). */
  iterations: number;
  /** Whether the tolerance was met before `maxIterations` ran out. */
  converged: boolean;
}

/** The default iteration cap: ample for any tolerance above 1e-15 relative. */
const DEFAULT_MAX_ITERATIONS = 500;

/** √ε, the default relative tolerance for a smooth function. */
const SQRT_EPSILON = Math.sqrt(Number.EPSILON);

/** (3 − √5)/2, the golden-section fraction. */
const GOLDEN = 0.5 * (3 - Math.sqrt(5));

/**
 * Minimises a function of one variable on the bracket [lower, upper] by Brent's method: golden
 * section search, accelerated by successive parabolic interpolation when it is trusted.
 *
 * For a unimodal f (in particular a convex one) it converges to the minimiser, at worst at the
 * golden-section rate (the bracket shrinks by 0.618 per two steps) and superlinearly for a smooth
 * f. Brent's method never evaluates f at the ends; this function also evaluates f at both ends
 * afterwards and returns the best of the three points, so that a minimum on the boundary (which
 * a convex f on a bracket may have) is found exactly. A degenerate bracket lower = upper returns
 * that point.
 *
 * Reference: R. P. Brent, Algorithms for Minimization without Derivatives, Prentice-Hall (1973),
 * chapter 5, procedure `localmin` (the FORTRAN `fmin` of Forsythe, Malcolm and Moler, 1977).
 *
 * @param f - the function to minimise; it should return a finite number on the bracket.
 */
export function minimizeScalar(
  f: (x: number) => number,
  options: MinimizeScalarOptions,
): MinimizeScalarResult {
  const { lower, upper } = options;
  assertOption(Number.isFinite(lower), "lower", lower, "must be finite");
  assertOption(
    Number.isFinite(upper) && upper >= lower,
    "upper",
    upper,
    `must be finite and ≥ lower = ${lower}`,
  );
  const tolerance = options.tolerance ?? SQRT_EPSILON * Math.max(1, upper - lower);
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  assertSearchOptions(tolerance, maxIterations);
  if (lower === upper) return { x: lower, value: f(lower), iterations: 0, converged: true };

  let a = lower;
  let b = upper;
  // x: best point so far; w: second best; v: previous value of w.
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0; // the step taken last
  let e = 0; // the step taken before last
  let iterations = 0;
  let converged = false;
  while (true) {
    const middle = 0.5 * (a + b);
    const tol1 = 2 * Number.EPSILON * Math.abs(x) + tolerance / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - middle) <= tol2 - 0.5 * (b - a)) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;
    let golden = true;
    if (Math.abs(e) > tol1) {
      // Fit a parabola through (v, fv), (w, fw), (x, fx); its vertex is x + p/q.
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = d;
      // Accept the parabolic step only when it falls inside the bracket and is less than half the
      // step before last (so that the steps shrink at least geometrically).
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const u = x + d;
        // Do not evaluate f too close to the ends.
        if (u - a < tol2 || b - u < tol2) d = x < middle ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = x < middle ? b - x : a - x;
      d = GOLDEN * e;
    }
    // Never step by less than tol1.
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    iterations++;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  // A convex f may attain its minimum at an end, which Brent's method only approaches.
  const fLower = f(lower);
  const fUpper = f(upper);
  if (fLower < fx) {
    x = lower;
    fx = fLower;
  }
  if (fUpper < fx) {
    x = upper;
    fx = fUpper;
  }
  return { x, value: fx, iterations, converged };
}

/**
 * Checks the settings of an iterative search (Brent here, bisection in the indifference price):
 * a positive finite tolerance and a positive integer number of iterations.
 */
export function assertSearchOptions(tolerance: number, maxIterations: number): void {
  assertOption(tolerance > 0 && Number.isFinite(tolerance), "tolerance", tolerance, "must be > 0 and finite");
  assertOption(
    Number.isInteger(maxIterations) && maxIterations > 0,
    "maxIterations",
    maxIterations,
    "must be a positive integer",
  );
}
