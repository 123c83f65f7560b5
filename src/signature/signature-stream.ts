import { allocate, release } from "../tensor/heap.js";
import { loadKernels } from "../tensor/kernels.js";
import { BYTES, empty, gradOf, record, zeros, type Tensor } from "../tensor/tensor.js";
import { sub } from "../tensor/ops/binary.js";
import { concat, slice } from "../tensor/ops/shape.js";
import { assertDimensionDepth, signatureLength } from "./tensor-algebra.js";

/**
 * The streaming truncated signature as a differentiable op of the engine: for increments dx
 * [B, L, d], out[b, s] is the signature (levels 1..m, the layout of `tensor-algebra.ts`) of the
 * piecewise-linear path whose first s + 1 increments are dx[b, 0..s], i.e. of the points
 * 0, dx₀, dx₀ + dx₁, … (a zero basepoint). Forward and backward run in the WebAssembly kernels
 * (`src/tensor/assembly/signature.ts`); the backward pass recomputes each step's Horner chain from
 * the stored outputs and reverses it (docs/notes/signatures.md), about 3× the forward's work.
 *
 * Shapes: `increments` [B, L, d] (float32 or float64); result [B, L, d + d² + … + d^m].
 */
export function signatureStream(increments: Tensor, depth: number): Tensor {
  return signatureOp(increments, depth, "stream");
}

/**
 * The signature of each whole path as a differentiable op: out[b] = signature of the path with
 * increments dx[b, ·] (zero basepoint). Memory stays O(len) per path at any length: the backward
 * pass rebuilds the intermediate signatures from the last one, S_{s−1} = S_s ⊗ exp(−Δ_s) (as
 * signatory does; in float32 long paths lose a few digits to this reconstruction).
 *
 * Shapes: `increments` [B, L, d]; result [B, d + d² + … + d^m].
 */
export function pathSignature(increments: Tensor, depth: number): Tensor {
  return signatureOp(increments, depth, "final");
}

/** Options of {@link signatureOfPaths}. */
export interface PathSignatureOptions {
  /** Truncation depth m. */
  depth: number;
  /** Signatures of every prefix (true) or of the whole paths (false, default). */
  stream?: boolean;
  /** Start every path at the origin (prepend the point 0); default false. */
  basepoint?: boolean;
}

/**
 * Differentiable signatures of paths given by their points [B, L, d] (rather than increments): the
 * increments x_{s+1} − x_s (and x_0 − 0 with a basepoint) fed to {@link signatureStream} or
 * {@link pathSignature}; gradients flow back to the points.
 *
 * Shapes: `paths` [B, L, d]; result [B, S, len] (stream; S = L − 1, or L with a basepoint) or [B, len].
 */
export function signatureOfPaths(paths: Tensor, options: PathSignatureOptions): Tensor {
  const { depth, stream = false, basepoint = false } = options;
  if (paths.shape.length !== 3)
    throw new Error(`signature: paths must be [B, L, d], got [${paths.shape.join(", ")}]`);
  const [batch, length, d] = paths.shape as [number, number, number];
  const points = basepoint ? concat([zeros([batch, 1, d], paths.dtype), paths], 1) : paths;
  const count = basepoint ? length + 1 : length;
  if (count < 2) throw new Error("signature: a path needs at least two points (or one with a basepoint)");
  const increments = sub(slice(points, 1, 1, count), slice(points, 1, 0, count - 1));
  return stream ? signatureStream(increments, depth) : pathSignature(increments, depth);
}

function signatureOp(increments: Tensor, depth: number, form: "stream" | "final"): Tensor {
  if (increments.shape.length !== 3) {
    throw new Error(`signature: increments must be [B, L, d], got [${increments.shape.join(", ")}]`);
  }
  const [batch, steps, d] = increments.shape as [number, number, number];
  assertDimensionDepth(d, depth);
  const len = signatureLength(d, depth);
  const dtype = increments.dtype;
  const f32 = dtype === "float32";
  const { kernels } = loadKernels();
  const [forward, backward] =
    form === "stream"
      ? f32
        ? [kernels.signatureStreamF32, kernels.signatureStreamBackwardF32]
        : [kernels.signatureStreamF64, kernels.signatureStreamBackwardF64]
      : f32
        ? [kernels.signatureFinalF32, kernels.signatureFinalBackwardF32]
        : [kernels.signatureFinalF64, kernels.signatureFinalBackwardF64];
  const out = empty(form === "stream" ? [batch, steps, len] : [batch, len], dtype);
  withScratch(dtype, d, depth, len, (scratch) =>
    forward(increments.address, batch, steps, d, depth, out.address, scratch),
  );
  return record(out, [increments], (g) => {
    const target = gradOf(increments);
    const into = target.fresh ? target.grad : empty(increments.shape, dtype);
    withScratch(dtype, d, depth, len, (scratch) =>
      backward(increments.address, batch, steps, d, depth, out.address, g.address, into.address, scratch),
    );
    if (into !== target.grad) {
      const [acc, add] = [target.grad.values(), into.values()];
      for (let i = 0; i < acc.length; i++) acc[i]! += add[i]!;
      into.dispose();
    }
  });
}

/** Runs `fn` with the kernels' scratch: 3·d^m + 4·len + 2·d elements and the i32 level tables. */
function withScratch(
  dtype: Tensor["dtype"],
  d: number,
  depth: number,
  len: number,
  fn: (address: number) => void,
): void {
  const bytes = (3 * d ** depth + 4 * len + 2 * d) * BYTES[dtype] + 16 + 8 * (depth + 1);
  const address = allocate(bytes);
  try {
    fn(address);
  } finally {
    release(address, bytes);
  }
}
