import { empty, gradOf, record, type Tensor, type TypedArray } from "../tensor.js";
import { normalizeAxes, permuteMap } from "./index-map.js";

/** The same elements with a new shape of equal size (a copy; -1 infers one dimension). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const resolved = shape.map((d) => (d === -1 ? x.size / known : d));
  if (resolved.reduce((a, b) => a * b, 1) !== x.size || resolved.some((d) => !Number.isInteger(d))) {
    throw new Error(`reshape: [${x.shape.join(", ")}] cannot become [${shape.join(", ")}]`);
  }
  const out = empty(resolved, x.dtype);
  out.values().set(x.values());
  return record(out, [x], (g) => {
    const { grad, fresh } = gradOf(x);
    const [gv, dv] = [g.values(), grad.values()];
    if (fresh) dv.set(gv);
    else for (let i = 0; i < dv.length; i++) dv[i]! += gv[i]!;
  });
}

/** Permutes the dimensions: output dimension i is input dimension `perm[i]` (default: reversed). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const order = perm ?? [...x.shape.keys()].reverse();
  if (
    order.length !== x.shape.length ||
    new Set(normalizeAxes(order, x.shape.length)).size !== order.length
  ) {
    throw new Error(`transpose: [${order.join(", ")}] is not a permutation of ${x.shape.length} axes`);
  }
  const map = permuteMap(x.shape, order);
  const out = empty(
    order.map((p) => x.shape[p]!),
    x.dtype,
  );
  const [xv, ov] = [x.values(), out.values()];
  for (let i = 0; i < xv.length; i++) ov[map[i]!] = xv[i]!;
  return record(out, [x], (g) => {
    const { grad, fresh } = gradOf(x);
    const [gv, dv] = [g.values(), grad.values()];
    if (fresh) for (let i = 0; i < dv.length; i++) dv[i] = gv[map[i]!]!;
    else for (let i = 0; i < dv.length; i++) dv[i]! += gv[map[i]!]!;
  });
}

/** Joins tensors along `axis` (all other dimensions equal). */
export function concat(xs: readonly Tensor[], axis = -1): Tensor {
  const first = xs[0];
  if (!first) throw new Error("concat: no tensors");
  const rank = first.shape.length;
  const [ax] = normalizeAxes(axis, rank);
  const a = ax!;
  for (const x of xs) {
    if (
      x.dtype !== first.dtype ||
      x.shape.length !== rank ||
      x.shape.some((d, i) => i !== a && d !== first.shape[i])
    ) {
      throw new Error(
        `concat: shapes ${xs.map((t) => `[${t.shape.join(", ")}]`).join(", ")} differ off axis ${a}`,
      );
    }
  }
  const outer = first.shape.slice(0, a).reduce((p, q) => p * q, 1);
  const inner = first.shape.slice(a + 1).reduce((p, q) => p * q, 1);
  const widths = xs.map((x) => x.shape[a]! * inner);
  const total = widths.reduce((p, q) => p + q, 0);
  const shape = [...first.shape];
  shape[a] = total / inner;
  const out = empty(shape, first.dtype);
  const ov = out.values();
  let offset = 0;
  xs.forEach((x, k) => {
    const xv = x.values();
    const w = widths[k]!;
    copyBlocks(xv, 0, w, ov, offset, total, outer, w);
    offset += w;
  });
  return record(out, xs, (g) => {
    const grads = xs.map((x) => (x.requiresGrad ? gradOf(x) : undefined));
    const gv = g.values();
    let start = 0;
    xs.forEach((x, k) => {
      const w = widths[k]!;
      const target = grads[k];
      if (target) {
        const dv = target.grad.values();
        for (let o = 0; o < outer; o++) {
          for (let j = 0; j < w; j++) {
            const v = gv[o * total + start + j]!;
            if (target.fresh) dv[o * w + j] = v;
            else dv[o * w + j]! += v;
          }
        }
        // A tensor listed twice accumulates its second part.
        target.fresh = false;
      }
      start += w;
    });
  });
}

/** The elements with index in [start, end) along `axis`. */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const [a] = normalizeAxes(axis, x.shape.length);
  const ax = a!;
  const dim = x.shape[ax]!;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= dim)) {
    throw new Error(`slice: [${start}, ${end}) is out of range for axis ${ax} of size ${dim}`);
  }
  const outer = x.shape.slice(0, ax).reduce((p, q) => p * q, 1);
  const inner = x.shape.slice(ax + 1).reduce((p, q) => p * q, 1);
  const shape = [...x.shape];
  shape[ax] = end - start;
  const out = empty(shape, x.dtype);
  const [xv, ov] = [x.values(), out.values()];
  const w = (end - start) * inner;
  copyBlocks(xv, start * inner, dim * inner, ov, 0, w, outer, w);
  return record(out, [x], (g) => {
    const { grad, fresh } = gradOf(x);
    const [gv, dv] = [g.values(), grad.values()];
    if (fresh) dv.fill(0);
    for (let o = 0; o < outer; o++) {
      const base = o * dim * inner + start * inner;
      for (let j = 0; j < w; j++) dv[base + j]! += gv[o * w + j]!;
    }
  });
}

/**
 * Copies `count` blocks of `width` elements: block o goes from `from[fromStart + o·fromStride]` to
 * `to[toStart + o·toStride]` (plain loops: a subarray per small block would cost more than the copy).
 */
function copyBlocks(
  from: TypedArray,
  fromStart: number,
  fromStride: number,
  to: TypedArray,
  toStart: number,
  toStride: number,
  count: number,
  width: number,
): void {
  if (width >= 64) {
    for (let o = 0; o < count; o++) {
      const f = fromStart + o * fromStride;
      to.set(from.subarray(f, f + width), toStart + o * toStride);
    }
    return;
  }
  for (let o = 0; o < count; o++) {
    const f = fromStart + o * fromStride;
    const t = toStart + o * toStride;
    for (let j = 0; j < width; j++) to[t + j] = from[f + j]!;
  }
}
