import { allocate, heapF32, heapF64, release } from "./heap.js";

/** Element type of a tensor: float32 for training speed, float64 where precision matters. */
export type DType = "float32" | "float64";
/** The typed array of a dtype. */
export type TypedArray = Float32Array | Float64Array;

/** Bytes per element of each dtype. */
export const BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8 };

/** The gradient function of an op: receives ∂L/∂output and accumulates into its inputs' grads. */
export type GradFn = (grad: Tensor) => void;

const scopes: Set<Tensor>[] = [];
let gradEnabled = true;
const finalizer = new FinalizationRegistry<{ address: number; bytes: number }>(({ address, bytes }) =>
  release(address, bytes),
);

/**
 * A dense, row-major n-dimensional array living in the engine's WebAssembly memory, with an
 * optional autograd node. Create tensors with the factories (`tensor`, `zeros`, `variable`) and the
 * ops; read them with `values()` (a live view) or `toArray()` (a copy).
 *
 * Lifetime: a tensor made inside `tidy(fn)` is freed when `fn` returns, unless returned; a
 * `variable` (parameter) lives until `dispose()`. Using a freed tensor throws.
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  readonly dtype: DType;
  /** Byte address of the first element in the engine memory. */
  readonly address: number;
  /** True for parameters and their gradients: never freed by a scope. */
  readonly persistent: boolean;
  /** True when gradients flow to this tensor. */
  requiresGrad = false;
  /** ∂L/∂this after `backward`, same shape and dtype; null before. */
  grad: Tensor | null = null;
  /** The op that made this tensor, for autograd; absent for leaves. */
  gradFn: GradFn | undefined;
  /** The op's inputs, for autograd. */
  inputs: readonly Tensor[] | undefined;
  /** A name for messages and saved parameters. */
  name: string | undefined;
  private freed = false;

  constructor(shape: readonly number[], dtype: DType, persistent = false) {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new Error(`invalid tensor shape [${shape.join(", ")}]`);
    }
    this.shape = [...shape];
    this.size = shape.reduce((a, b) => a * b, 1);
    this.dtype = dtype;
    this.persistent = persistent;
    this.address = allocate(Math.max(this.size, 1) * BYTES[dtype]);
    const scope = scopes[scopes.length - 1];
    if (persistent || !scope) finalizer.register(this, { address: this.address, bytes: this.bytes }, this);
    else scope.add(this);
  }

  /** Storage size in bytes. */
  get bytes(): number {
    return Math.max(this.size, 1) * BYTES[this.dtype];
  }

  /** Index of the first element in the heap view of this dtype. */
  get index(): number {
    this.assertLive();
    return this.address / BYTES[this.dtype];
  }

  /** True once the storage was released. */
  get disposed(): boolean {
    return this.freed;
  }

  /** A live view of the elements (invalid after the memory grows: do not keep it across ops). */
  values(): TypedArray {
    const i = this.index;
    return this.dtype === "float32"
      ? heapF32().subarray(i, i + this.size)
      : heapF64().subarray(i, i + this.size);
  }

  /** A copy of the elements in a plain typed array. */
  toArray(): TypedArray {
    return this.values().slice();
  }

  /** The single element of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new Error(`item() needs one element, tensor has shape [${this.shape.join(", ")}]`);
    return this.values()[0]!;
  }

  /** Frees the storage now (and the gradient's). */
  dispose(): void {
    if (this.freed) return;
    this.freed = true;
    finalizer.unregister(this);
    release(this.address, this.bytes);
    this.gradFn = undefined;
    this.inputs = undefined;
    if (this.grad && this.grad !== this) this.grad.dispose();
    this.grad = null;
  }

  toString(): string {
    return `Tensor(${this.name ? `${this.name}, ` : ""}[${this.shape.join(", ")}], ${this.dtype})`;
  }

  private assertLive(): void {
    if (this.freed) {
      throw new Error(`${this.toString()} was freed (made inside tidy() and not returned, or disposed)`);
    }
  }
}

/**
 * Runs `fn` in a scope: every tensor made inside is freed when it returns, except the tensors it
 * returns (a tensor, or an array or object of tensors), which move to the enclosing scope.
 * Everything is freed if `fn` throws.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw error;
  }
  scopes.pop();
  const kept = new Set<Tensor>();
  collectTensors(result, kept);
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (kept.has(t)) {
      if (parent) parent.add(t);
      else finalizer.register(t, { address: t.address, bytes: t.bytes }, t);
    } else {
      t.dispose();
    }
  }
  return result;
}

function collectTensors(value: unknown, into: Set<Tensor>): void {
  if (value instanceof Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, into);
  else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into);
  }
}

/** Runs `fn` without recording autograd nodes (evaluation, optimiser updates). */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** True when ops record autograd nodes. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Attaches an autograd node to `output` when recording is on and an input needs gradients.
 * Ops call it after computing their output.
 */
export function record(output: Tensor, inputs: readonly Tensor[], gradFn: GradFn): Tensor {
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    output.requiresGrad = true;
    output.inputs = inputs;
    output.gradFn = gradFn;
  }
  return output;
}

/** A new tensor holding `values` (copied) with `shape`; default dtype float32. */
export function tensor(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType = "float32",
): Tensor {
  const t = new Tensor(shape, dtype);
  if (values.length !== t.size) {
    t.dispose();
    throw new Error(`${values.length} values do not fill shape [${shape.join(", ")}]`);
  }
  t.values().set(values);
  return t;
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  const t = new Tensor(shape, dtype);
  t.values().fill(0);
  return t;
}

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
  const t = new Tensor(shape, dtype);
  t.values().fill(value);
  return t;
}

/** A tensor with the shape and dtype of `like`, uninitialised (ops overwrite every element). */
export function empty(shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(shape, dtype);
}

/** A persistent tensor that needs gradients: a model parameter. */
export function variable(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType = "float32",
  name?: string,
): Tensor {
  const t = new Tensor(shape, dtype, true);
  if (values.length !== t.size) {
    t.dispose();
    throw new Error(`${values.length} values do not fill shape [${shape.join(", ")}]`);
  }
  t.values().set(values);
  t.requiresGrad = true;
  t.name = name;
  return t;
}

/**
 * The gradient buffer of `t`, created on first use (persistent when `t` is), and whether it was just
 * created (its content is then undefined: the caller writes rather than adds).
 */
export function gradOf(t: Tensor): { grad: Tensor; fresh: boolean } {
  if (t.grad) return { grad: t.grad, fresh: false };
  const grad = new Tensor(t.shape, t.dtype, t.persistent);
  t.grad = grad;
  return { grad, fresh: true };
}

/** Adds `values` (length t.size) into t's gradient. */
export function accumulateGrad(t: Tensor, values: ArrayLike<number>): void {
  const { grad, fresh } = gradOf(t);
  const g = grad.values();
  if (fresh) g.set(values);
  else for (let i = 0; i < g.length; i++) g[i]! += values[i]!;
}
