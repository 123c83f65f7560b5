import { empty, gradOf, record, type Tensor, type TypedArray } from "../tensor.js";
import { broadcastMap, broadcastShapes } from "./index-map.js";

type Kind = "add" | "sub" | "mul" | "div";

/**
 * An elementwise binary op with NumPy broadcasting; the gradient of a broadcast input is summed
 * over the broadcast dimensions (a scatter-add over its index map).
 */
function binary(kind: Kind, a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== b.dtype) throw new Error(`${kind}: dtypes differ (${a.dtype}, ${b.dtype})`);
  const shape = broadcastShapes(a.shape, b.shape);
  const mapA = broadcastMap(a.shape, shape);
  const mapB = broadcastMap(b.shape, shape);
  const out = empty(shape, a.dtype);
  const [av, bv, ov] = [a.values(), b.values(), out.values()];
  const n = ov.length;
  const ia = (i: number): number => (mapA ? mapA[i]! : i);
  const ib = (i: number): number => (mapB ? mapB[i]! : i);
  if (!mapA && !mapB) {
    if (kind === "add") for (let i = 0; i < n; i++) ov[i] = av[i]! + bv[i]!;
    else if (kind === "sub") for (let i = 0; i < n; i++) ov[i] = av[i]! - bv[i]!;
    else if (kind === "mul") for (let i = 0; i < n; i++) ov[i] = av[i]! * bv[i]!;
    else for (let i = 0; i < n; i++) ov[i] = av[i]! / bv[i]!;
  } else {
    for (let i = 0; i < n; i++) {
      const x = av[ia(i)]!;
      const y = bv[ib(i)]!;
      ov[i] = kind === "add" ? x + y : kind === "sub" ? x - y : kind === "mul" ? x * y : x / y;
    }
  }
  return record(out, [a, b], (g) => {
    // Allocate both gradients first: an allocation may grow the memory and detach earlier views.
    const ga = a.requiresGrad ? gradOf(a) : undefined;
    const gb = b.requiresGrad ? gradOf(b) : undefined;
    const [gv, x, y] = [g.values(), a.values(), b.values()];
    const scatter = (
      target: { grad: Tensor; fresh: boolean },
      map: Int32Array | null,
      d: (i: number) => number,
    ): void => {
      const tv: TypedArray = target.grad.values();
      if (!map) {
        if (target.fresh) for (let i = 0; i < n; i++) tv[i] = d(i);
        else for (let i = 0; i < n; i++) tv[i]! += d(i);
        return;
      }
      if (target.fresh) tv.fill(0);
      for (let i = 0; i < n; i++) tv[map[i]!]! += d(i);
    };
    if (!mapA && !mapB) {
      // Same shapes: plain loops (the hot path of the hedgers' P&L).
      if (ga) sameShapeGrad(kind, "a", ga, gv, x, y);
      if (gb) sameShapeGrad(kind, "b", gb, gv, x, y);
      return;
    }
    if (ga) {
      if (kind === "add" || kind === "sub") scatter(ga, mapA, (i) => gv[i]!);
      else if (kind === "mul") scatter(ga, mapA, (i) => gv[i]! * y[ib(i)]!);
      else scatter(ga, mapA, (i) => gv[i]! / y[ib(i)]!);
    }
    if (gb) {
      // When a and b are one tensor, gradOf(b) found a's part already there (fresh = false).
      const target = gb;
      if (kind === "add") scatter(target, mapB, (i) => gv[i]!);
      else if (kind === "sub") scatter(target, mapB, (i) => -gv[i]!);
      else if (kind === "mul") scatter(target, mapB, (i) => gv[i]! * x[ia(i)]!);
      else scatter(target, mapB, (i) => (-gv[i]! * x[ia(i)]!) / (y[ib(i)]! * y[ib(i)]!));
    }
  });
}

/** Accumulates ∂(a ∘ b)/∂`side` · g into `target` for inputs of one shape (no broadcast). */
function sameShapeGrad(
  kind: Kind,
  side: "a" | "b",
  target: { grad: Tensor; fresh: boolean },
  g: TypedArray,
  x: TypedArray,
  y: TypedArray,
): void {
  const t = target.grad.values();
  const n = t.length;
  const add = !target.fresh;
  const d: (i: number) => number =
    kind === "add" || (kind === "sub" && side === "a")
      ? (i) => g[i]!
      : kind === "sub"
        ? (i) => -g[i]!
        : kind === "mul"
          ? side === "a"
            ? (i) => g[i]! * y[i]!
            : (i) => g[i]! * x[i]!
          : side === "a"
            ? (i) => g[i]! / y[i]!
            : (i) => (-g[i]! * x[i]!) / (y[i]! * y[i]!);
  if (add) for (let i = 0; i < n; i++) t[i]! += d(i);
  else for (let i = 0; i < n; i++) t[i] = d(i);
}

/** a + b with broadcasting. */
export function add(a: Tensor, b: Tensor): Tensor {
  return binary("add", a, b);
}

/** a − b with broadcasting. */
export function sub(a: Tensor, b: Tensor): Tensor {
  return binary("sub", a, b);
}

/** a ⊙ b (elementwise) with broadcasting. */
export function mul(a: Tensor, b: Tensor): Tensor {
  return binary("mul", a, b);
}

/** a / b (elementwise) with broadcasting. */
export function div(a: Tensor, b: Tensor): Tensor {
  return binary("div", a, b);
}
