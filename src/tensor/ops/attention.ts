import { gemm } from "../gemm.js";
import { fastExpNonPositive } from "../fast-exp.js";
import { allocate, release } from "../heap.js";
import { loadKernels } from "../kernels.js";
import { BYTES, empty, gradOf, record, type DType, type Tensor } from "../tensor.js";

let scratch = { address: 0, bytes: 0 };

/**
 * The working memory of the WebAssembly attention kernels for heads of width `d` over `steps`
 * (kept and grown, as gemm's); 0 on the native backend, whose kernels keep their own.
 */
function scratchFor(dtype: DType, steps: number, d: number): number {
  const { kernels, backend } = loadKernels();
  if (backend.backend === "native") return 0;
  const bytes = (dtype === "float32" ? kernels.attentionScratchF32 : kernels.attentionScratchF64)(steps, d);
  if (bytes > scratch.bytes) {
    if (scratch.bytes > 0) release(scratch.address, scratch.bytes);
    scratch = { address: allocate(bytes), bytes };
  }
  return scratch.address;
}

/** Options of {@link attention}. */
export interface AttentionOptions {
  /** Number of heads h; the feature width F must be h·d. */
  heads: number;
  /** Mask the future: position i attends to positions j ≤ i only; default true. */
  causal?: boolean;
  /** Score scale; default 1/√d. */
  scale?: number;
}

/**
 * Scaled dot-product multi-head attention (Vaswani et al. 2017) as one differentiable op:
 * for each sequence b and head h, O = softmax(Q Kᵀ · scale + mask) V on the head's d columns.
 * Heads are read in place through the leading dimensions (no per-head copies); the attention
 * weights are kept for the backward pass. With a kernel (native, threaded over the pairs, or
 * WebAssembly SIMD) each (sequence, head) runs whole in one call (products and softmax in cache),
 * and only each row's log-sum-exp is kept: the backward pass recomputes the weights (memory traffic,
 * not arithmetic, was the cost of a [B, h, T, T] tensor written and read back); without one the
 * products go through `gemm` and the softmax is a JavaScript loop. They agree within float32
 * rounding (tested).
 *
 * Shapes: `q`, `k`, `v` [B, T, h·d]; output [B, T, h·d].
 */
export function attention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions): Tensor {
  const { heads, causal = true } = options;
  if (q.shape.length !== 3) throw new Error(`attention: q must be [B, T, F], got [${q.shape.join(", ")}]`);
  for (const t of [k, v]) {
    if (t.shape.some((d, i) => d !== q.shape[i]) || t.dtype !== q.dtype)
      throw new Error("attention: q, k and v must have one shape and dtype");
  }
  const [batch, steps, width] = q.shape as [number, number, number];
  if (!Number.isInteger(heads) || heads < 1 || width % heads !== 0) {
    throw new Error(`attention: width ${width} is not divisible into ${heads} heads`);
  }
  const d = width / heads;
  const scale = options.scale ?? 1 / Math.sqrt(d);
  const dtype = q.dtype;
  const size = BYTES[dtype];
  const out = empty([batch, steps, width], dtype);
  const block = steps * steps;
  // Byte offset of head h of sequence b in a [B, T, F] tensor, and of its weights.
  const at = (b: number, h: number): number => (b * steps * width + h * d) * size;
  const wAt = (b: number, h: number): number => (b * heads + h) * block * size;
  const { kernels } = loadKernels();
  const native = dtype === "float32" ? kernels.attentionF32 : kernels.attentionF64;
  const nativeBackward = dtype === "float32" ? kernels.attentionBackwardF32 : kernels.attentionBackwardF64;
  const flag = causal ? 1 : 0;
  // Kept for the backward pass: each row's log-sum-exp (native: the weights are recomputed from
  // it, never written to memory), or the weights themselves (portable).
  const weights = empty(native ? [batch, heads, steps] : [batch, heads, steps, steps], dtype);
  if (native) {
    native(
      q.address,
      k.address,
      v.address,
      out.address,
      weights.address,
      batch,
      steps,
      width,
      heads,
      scale,
      flag,
      scratchFor(dtype, steps, d),
    );
  } else {
    portableForward();
  }
  const result = record(out, [q, k, v], (g) => {
    const gq = q.requiresGrad ? gradOf(q) : undefined;
    const gk = k.requiresGrad ? gradOf(k) : undefined;
    const gv = v.requiresGrad ? gradOf(v) : undefined;
    if (nativeBackward) {
      const accumulate = (gq && !gq.fresh ? 1 : 0) | (gk && !gk.fresh ? 2 : 0) | (gv && !gv.fresh ? 4 : 0);
      nativeBackward(
        q.address,
        k.address,
        v.address,
        weights.address,
        g.address,
        gq?.grad.address ?? 0,
        gk?.grad.address ?? 0,
        gv?.grad.address ?? 0,
        batch,
        steps,
        width,
        heads,
        scale,
        flag,
        accumulate,
        scratchFor(dtype, steps, d),
      );
      return;
    }
    portableBackward(g, gq, gk, gv);
  });
  return result;

  /** S = Q Kᵀ per head through gemm, the row softmax in JavaScript, O = P V through gemm. */
  function portableForward(): void {
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        // S = Q Kᵀ into the weights' block, then a row softmax in place.
        gemm(
          dtype,
          steps,
          steps,
          d,
          q.address + at(b, h),
          width,
          false,
          k.address + at(b, h),
          width,
          true,
          weights.address + wAt(b, h),
          steps,
          false,
        );
      }
    }
    softmaxRows(weights, steps, scale, causal);
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        gemm(
          dtype,
          steps,
          d,
          steps,
          weights.address + wAt(b, h),
          steps,
          false,
          v.address + at(b, h),
          width,
          false,
          out.address + at(b, h),
          width,
          false,
        );
      }
    }
  }

  /** The gradient through gemm and a JavaScript softmax backward, one head at a time. */
  function portableBackward(
    g: Tensor,
    gq: ReturnType<typeof gradOf> | undefined,
    gk: ReturnType<typeof gradOf> | undefined,
    gv: ReturnType<typeof gradOf> | undefined,
  ): void {
    // q, k and v may be one tensor (attention of x on itself), and then share one gradient: it is
    // fresh (not yet written) if any of them found it so, and each slice of it is written by dV,
    // then dQ, then dK, so only the first of these writers to a shared gradient overwrites.
    const fresh = (o: typeof gq): boolean =>
      [gq, gk, gv].some((x) => x?.fresh === true && x.grad === o?.grad);
    const addV = gv !== undefined && !fresh(gv);
    const addQ = gq !== undefined && (!fresh(gq) || gq.grad === gv?.grad);
    const addK = gk !== undefined && (!fresh(gk) || gk.grad === gv?.grad || gk.grad === gq?.grad);
    const dS = empty([steps, steps], dtype);
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        const o = at(b, h);
        const w = weights.address + wAt(b, h);
        // dV = Pᵀ dO
        if (gv)
          gemm(
            dtype,
            steps,
            d,
            steps,
            w,
            steps,
            true,
            g.address + o,
            width,
            false,
            gv.grad.address + o,
            width,
            addV,
          );
        if (!gq && !gk) continue;
        // dP = dO Vᵀ, then dS = P ⊙ (dP − rowsum(dP ⊙ P)) · scale
        gemm(
          dtype,
          steps,
          steps,
          d,
          g.address + o,
          width,
          false,
          v.address + o,
          width,
          true,
          dS.address,
          steps,
          false,
        );
        softmaxBackwardRows(weights, wAt(b, h) / size, dS, steps, scale);
        // dQ = dS K, dK = dSᵀ Q
        if (gq)
          gemm(
            dtype,
            steps,
            d,
            steps,
            dS.address,
            steps,
            false,
            k.address + o,
            width,
            false,
            gq.grad.address + o,
            width,
            addQ,
          );
        if (gk)
          gemm(
            dtype,
            steps,
            d,
            steps,
            dS.address,
            steps,
            true,
            q.address + o,
            width,
            false,
            gk.grad.address + o,
            width,
            addK,
          );
      }
    }
    dS.dispose();
  }
}

/** Row softmax of each [T, T] block of `w`, of scale·w with the future masked when `causal`. */
function softmaxRows(w: Tensor, steps: number, scale: number, causal: boolean): void {
  const v = w.values();
  const fast = w.dtype === "float32";
  const rows = w.size / steps;
  for (let r = 0; r < rows; r++) {
    const i = r % steps;
    const base = r * steps;
    const last = causal ? i : steps - 1;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j <= last; j++) max = Math.max(max, scale * v[base + j]!);
    let total = 0;
    for (let j = 0; j <= last; j++) {
      // float32 weights: a polynomial exponential at float32 accuracy (the arguments are ≤ 0).
      const e = fast ? fastExpNonPositive(scale * v[base + j]! - max) : Math.exp(scale * v[base + j]! - max);
      v[base + j] = e;
      total += e;
    }
    for (let j = 0; j <= last; j++) v[base + j]! /= total;
    for (let j = last + 1; j < steps; j++) v[base + j] = 0;
  }
}

/** dS = P ⊙ (dP − rowsum(dP ⊙ P)) · scale for one [T, T] block, in place in `dS`. */
function softmaxBackwardRows(w: Tensor, offset: number, dS: Tensor, steps: number, scale: number): void {
  const p = w.values();
  const g = dS.values();
  for (let i = 0; i < steps; i++) {
    let dot = 0;
    for (let j = 0; j < steps; j++) dot += g[i * steps + j]! * p[offset + i * steps + j]!;
    for (let j = 0; j < steps; j++) {
      const k = i * steps + j;
      g[k] = p[offset + k]! * (g[k]! - dot) * scale;
    }
  }
}
