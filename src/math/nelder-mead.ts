import { assertOption } from "../errors.js";

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial step along each coordinate (one number for all); default 0.1. */
  step?: number | readonly number[];
  /** Stop when the simplex's values differ by less than this; default 1e-10. */
  tolerance?: number;
  /** Most evaluations of f; default 2000. */
  maxEvaluations?: number;
}

/**
 * Minimises f over ℝᵈ by the Nelder–Mead simplex method with the standard coefficients (reflection 1,
 * expansion 2, contraction ½, shrink ½; J. A. Nelder and R. Mead, The Computer Journal 7, 1965; as in
 * J. C. Lagarias et al., SIAM J. Optim. 9, 1998). Derivative-free; f may return Infinity to refuse a
 * point (a constraint).
 *
 * @param start - the first point, length d ≥ 1.
 * @returns the best point and its value.
 *
 * @example nelderMead(([x, y]) => (x! - 1) ** 2 + (y! + 2) ** 2, [0, 0]).x // ≈ [1, −2]
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): { x: number[]; value: number; evaluations: number } {
  const { tolerance = 1e-10, maxEvaluations = 2000 } = options;
  const d = start.length;
  assertOption(d >= 1, "start", start, "must have at least one coordinate");
  const steps =
    typeof options.step === "object" ? options.step : new Array<number>(d).fill(options.step ?? 0.1);
  assertOption(steps.length === d, "step", steps, `must have ${d} values`);
  let evaluations = 0;
  const value = (x: number[]): number => {
    evaluations++;
    const y = f(x);
    return Number.isNaN(y) ? Infinity : y;
  };
  const simplex = [start.slice()];
  for (let j = 0; j < d; j++) {
    const x = start.slice();
    x[j]! += steps[j]!;
    simplex.push(x);
  }
  let values = simplex.map(value);
  const towards = (a: number[], b: number[], t: number): number[] => a.map((ai, j) => ai + t * (b[j]! - ai));
  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const sorted = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    simplex.splice(0, simplex.length, ...sorted);
    if (Math.abs(values[d]! - values[0]!) <= tolerance) break;
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j]! += simplex[i]![j]! / d;
    const worst = simplex[d]!;
    const reflected = towards(centroid, worst, -1);
    const fr = value(reflected);
    if (fr < values[0]!) {
      const expanded = towards(centroid, worst, -2);
      const fe = value(expanded);
      simplex[d] = fe < fr ? expanded : reflected;
      values[d] = Math.min(fe, fr);
    } else if (fr < values[d - 1]!) {
      simplex[d] = reflected;
      values[d] = fr;
    } else {
      const outside = fr < values[d]!;
      const contracted = towards(centroid, outside ? reflected : worst, 0.5);
      const fc = value(contracted);
      if (fc < (outside ? fr : values[d]!)) {
        simplex[d] = contracted;
        values[d] = fc;
      } else {
        for (let i = 1; i <= d; i++) {
          simplex[i] = towards(simplex[0]!, simplex[i]!, 0.5);
          values[i] = value(simplex[i]!);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= d; i++) if (values[i]! < values[best]!) best = i;
  return { x: simplex[best]!, value: values[best]!, evaluations };
}
