import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

/** C (+)= op(A)·op(B): sizes, then A, its row length and transposition, B likewise, C, accumulate, scratch. */
type Gemm = (
  m: number,
  n: number,
  k: number,
  a: number,
  lda: number,
  transA: number,
  b: number,
  ldb: number,
  transB: number,
  c: number,
  ldc: number,
  accumulate: number,
  scratch: number,
) => void;
/** A signature forward kernel: increments [B, L, d], then depth, output and scratch. */
type SignatureForward = (
  dx: number,
  batch: number,
  steps: number,
  d: number,
  m: number,
  out: number,
  scratch: number,
) => void;
/** A signature backward kernel: as the forward, with ∂L/∂out in and ∂L/∂dx out. */
type SignatureBackward = (
  dx: number,
  batch: number,
  steps: number,
  d: number,
  m: number,
  out: number,
  gradOut: number,
  gradDx: number,
  scratch: number,
) => void;

/** The exports of build/kernels.wasm (src/tensor/assembly), typed. Addresses are byte offsets. */
export interface Kernels {
  gemmF32: Gemm;
  gemmF64: Gemm;
  biasActivationF32(y: number, bias: number, rows: number, cols: number, relu: number): void;
  biasActivationF64(y: number, bias: number, rows: number, cols: number, relu: number): void;
  reluGradF32(g: number, y: number, out: number, n: number): void;
  reluGradF64(g: number, y: number, out: number, n: number): void;
  columnSumF32(g: number, rows: number, cols: number, out: number, accumulate: number): void;
  columnSumF64(g: number, rows: number, cols: number, out: number, accumulate: number): void;
  dotF32(a: number, b: number, n: number): number;
  dotF64(a: number, b: number, n: number): number;
  axpyF32(alpha: number, x: number, y: number, n: number, accumulate: number): void;
  axpyF64(alpha: number, x: number, y: number, n: number, accumulate: number): void;
  signatureStreamF32: SignatureForward;
  signatureStreamF64: SignatureForward;
  signatureStreamBackwardF32: SignatureBackward;
  signatureStreamBackwardF64: SignatureBackward;
  signatureFinalF32: SignatureForward;
  signatureFinalF64: SignatureForward;
  signatureFinalBackwardF32: SignatureBackward;
  signatureFinalBackwardF64: SignatureBackward;
  GEMM_F32_KC: WebAssembly.Global;
  GEMM_F32_MC: WebAssembly.Global;
  GEMM_F64_KC: WebAssembly.Global;
  GEMM_F64_MC: WebAssembly.Global;
}

/** Bytes below this address belong to the kernels' static data; the allocator starts here. */
export const KERNEL_STATIC_BYTES = 65_536;
const PAGE = 65_536;

/** Which build of the kernels runs: with fused multiply-adds (relaxed SIMD) or plain SIMD. */
export type KernelVariant = "relaxed-simd" | "simd";

let loaded: { kernels: Kernels; memory: WebAssembly.Memory; variant: KernelVariant } | undefined;

/**
 * The WebAssembly kernels and the memory every tensor lives in, loaded on first use (synchronous
 * compile: Node allows it for any module size). The relaxed-SIMD build (fused multiply-add, about
 * 1.2× faster matrix products) is preferred; Node 20 needs V8's flag for it, set here before
 * compiling, and the plain SIMD build is the fallback (or forced with HEDGELAB_KERNELS=simd).
 * Fails with a clear message when the kernels were not built (`npm run build:kernels`).
 */
export function loadKernels(): { kernels: Kernels; memory: WebAssembly.Memory; variant: KernelVariant } {
  if (loaded) return loaded;
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65_536 });
  const imports = {
    env: {
      memory,
      abort: () => {
        throw new Error("tensor kernel aborted");
      },
    },
  };
  const variants: KernelVariant[] =
    process.env.HEDGELAB_KERNELS === "simd" ? ["simd"] : ["relaxed-simd", "simd"];
  for (const variant of variants) {
    const url = new URL(
      `../../build/${variant === "simd" ? "kernels" : "kernels-relaxed"}.wasm`,
      import.meta.url,
    );
    let bytes: Buffer;
    try {
      bytes = readFileSync(url);
    } catch {
      throw new Error(
        `the tensor kernels are not built (${url.pathname} is missing): run npm run build:kernels`,
      );
    }
    if (variant === "relaxed-simd") setFlagsFromString("--experimental-wasm-relaxed-simd");
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(bytes);
    } catch (error) {
      if (variant === "simd") throw error;
      continue;
    }
    const instance = new WebAssembly.Instance(module, imports);
    loaded = { kernels: instance.exports as unknown as Kernels, memory, variant };
    return loaded;
  }
  throw new Error("no build of the tensor kernels could be compiled");
}

/** Grows `memory` so that it holds at least `bytes` bytes. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
}
