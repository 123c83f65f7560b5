import { normalCdf, normalPdf } from "../../math/normal.js";
import { empty, gradOf, record, type Tensor, type TypedArray } from "../tensor.js";

/**
 * An elementwise op y = f(x) with derivative f'(x) written in terms of x and y. The loops are
 * plain typed-array passes over engine memory.
 */
function unary(
  x: Tensor,
  forward: (x: TypedArray, y: TypedArray) => void,
  derivative: (x: TypedArray, y: TypedArray, g: TypedArray, out: TypedArray, fresh: boolean) => void,
): Tensor {
  const y = empty(x.shape, x.dtype);
  forward(x.values(), y.values());
  return record(y, [x], (g) => {
    const { grad, fresh } = gradOf(x);
    derivative(x.values(), y.values(), g.values(), grad.values(), fresh);
  });
}

type Elementwise = (x: number, y: number, g: number) => number;

function chain(
  d: Elementwise,
): (x: TypedArray, y: TypedArray, g: TypedArray, out: TypedArray, fresh: boolean) => void {
  return (x, y, g, out, fresh) => {
    if (fresh) for (let i = 0; i < out.length; i++) out[i] = d(x[i]!, y[i]!, g[i]!);
    else for (let i = 0; i < out.length; i++) out[i]! += d(x[i]!, y[i]!, g[i]!);
  };
}

function map(f: (x: number) => number): (x: TypedArray, y: TypedArray) => void {
  return (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = f(x[i]!);
  };
}

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return unary(
    x,
    map((v) => (v > 0 ? v : 0)),
    chain((v, _y, g) => (v > 0 ? g : 0)),
  );
}

/** tanh(x). */
export function tanh(x: Tensor): Tensor {
  return unary(
    x,
    map(Math.tanh),
    chain((_x, y, g) => g * (1 - y * y)),
  );
}

/** 1 / (1 + e^(−x)), computed without overflow. */
export function sigmoid(x: Tensor): Tensor {
  const f = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  return unary(
    x,
    map(f),
    chain((_x, y, g) => g * y * (1 - y)),
  );
}

/** eˣ. */
export function exp(x: Tensor): Tensor {
  return unary(
    x,
    map(Math.exp),
    chain((_x, y, g) => g * y),
  );
}

/** ln x. */
export function log(x: Tensor): Tensor {
  return unary(
    x,
    map(Math.log),
    chain((v, _y, g) => g / v),
  );
}

/** GELU in its exact form x·Φ(x), Φ the standard normal cdf (Hendrycks & Gimpel 2016; PyTorch's default). */
export function gelu(x: Tensor): Tensor {
  return unary(
    x,
    map((v) => v * normalCdf(v)),
    chain((v, _y, g) => g * (normalCdf(v) + v * normalPdf(v))),
  );
}

/** −x. */
export function neg(x: Tensor): Tensor {
  return unary(
    x,
    map((v) => -v),
    chain((_x, _y, g) => -g),
  );
}

/** x². */
export function square(x: Tensor): Tensor {
  return unary(
    x,
    map((v) => v * v),
    chain((v, _y, g) => 2 * v * g),
  );
}

/** √x. */
export function sqrt(x: Tensor): Tensor {
  return unary(
    x,
    map(Math.sqrt),
    chain((_x, y, g) => (0.5 * g) / y),
  );
}

/** s·x for a number s. */
export function scale(x: Tensor, s: number): Tensor {
  return unary(
    x,
    map((v) => s * v),
    chain((_x, _y, g) => s * g),
  );
}

/** x + c for a number c. */
export function addScalar(x: Tensor, c: number): Tensor {
  return unary(
    x,
    map((v) => v + c),
    chain((_x, _y, g) => g),
  );
}

/**
 * Clips x to [min, max] (either bound may be ±Infinity). The gradient is 1 inside the interval and
 * 0 where the value was clipped (as `torch.clamp`), so losses beyond a clip carry no gradient.
 */
export function clamp(x: Tensor, min: number, max = Number.POSITIVE_INFINITY): Tensor {
  return unary(
    x,
    map((v) => (v < min ? min : v > max ? max : v)),
    chain((v, _y, g) => (v < min || v > max ? 0 : g)),
  );
}
