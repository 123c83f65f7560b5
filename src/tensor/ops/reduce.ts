import { empty, gradOf, record, type Tensor } from "../tensor.js";
import { normalizeAxes, reduceMap } from "./index-map.js";

/** Options of the reductions. */
export interface ReduceOptions {
  /** Keep reduced dimensions with size 1; default false. */
  keepDims?: boolean;
}

function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  return keepDims
    ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : shape.filter((_, i) => !axes.includes(i));
}

/**
 * Sum over `axes` (default all), differentiable; `scaleBy` multiplies the result (mean uses 1/count).
 */
function reduceSum(
  x: Tensor,
  axes: number | readonly number[] | undefined,
  options: ReduceOptions,
  scaleBy: (count: number) => number,
): Tensor {
  const list = normalizeAxes(axes, x.shape.length);
  const count = list.reduce((c, a) => c * x.shape[a]!, 1);
  const factor = scaleBy(count);
  const out = empty(reducedShape(x.shape, list, options.keepDims ?? false), x.dtype);
  const blocks = contiguousBlocks(x.shape, list);
  const [xv, ov] = [x.values(), out.values()];
  const map = blocks ? null : reduceMap(x.shape, list).map;
  if (blocks) {
    // The reduced axes are a trailing run: out[j] sums `count` consecutive elements.
    for (let j = 0, i = 0; j < ov.length; j++) {
      let total = 0;
      for (const end = i + count; i < end; i++) total += xv[i]!;
      ov[j] = total * factor;
    }
  } else {
    ov.fill(0);
    for (let i = 0; i < xv.length; i++) ov[map![i]!]! += xv[i]!;
    if (factor !== 1) for (let j = 0; j < ov.length; j++) ov[j]! *= factor;
  }
  return record(out, [x], (g) => {
    const { grad, fresh } = gradOf(x);
    const [gv, dv] = [g.values(), grad.values()];
    const at = map ? (i: number): number => map[i]! : (i: number): number => (i / count) | 0;
    if (fresh) for (let i = 0; i < dv.length; i++) dv[i] = factor * gv[at(i)]!;
    else for (let i = 0; i < dv.length; i++) dv[i]! += factor * gv[at(i)]!;
  });
}

/** True when `axes` are the last dimensions of `shape` (each output sums one contiguous block). */
function contiguousBlocks(shape: readonly number[], axes: readonly number[]): boolean {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((axis, i) => axis === shape.length - sorted.length + i);
}

/** Σ over `axes` (default every axis). */
export function sum(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  return reduceSum(x, axes, options, () => 1);
}

/** Mean over `axes` (default every axis). */
export function mean(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  return reduceSum(x, axes, options, (count) => 1 / count);
}

/**
 * log Σ exp(x) over `axes` (default every axis), stable: the maximum is subtracted before the
 * exponential (as tfjs's `logSumExp`), and the gradient is the softmax weights exp(x − lse).
 */
export function logSumExp(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const list = normalizeAxes(axes, x.shape.length);
  const { map } = reduceMap(x.shape, list);
  const out = empty(reducedShape(x.shape, list, options.keepDims ?? false), x.dtype);
  const [xv, ov] = [x.values(), out.values()];
  const max = new Float64Array(ov.length).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < xv.length; i++) if (xv[i]! > max[map[i]!]!) max[map[i]!] = xv[i]!;
  const total = new Float64Array(ov.length);
  for (let i = 0; i < xv.length; i++) total[map[i]!]! += Math.exp(xv[i]! - max[map[i]!]!);
  for (let j = 0; j < ov.length; j++) {
    ov[j] = Number.isFinite(max[j]!) ? max[j]! + Math.log(total[j]!) : max[j]!;
  }
  return record(out, [x], (g) => {
    const { grad, fresh } = gradOf(x);
    const [gv, dv, lse, xs] = [g.values(), grad.values(), out.values(), x.values()];
    for (let i = 0; i < dv.length; i++) {
      const j = map[i]!;
      const d = gv[j]! * Math.exp(xs[i]! - lse[j]!);
      if (fresh) dv[i] = d;
      else dv[i]! += d;
    }
  });
}
