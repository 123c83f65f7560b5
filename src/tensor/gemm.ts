import { allocate, release } from "./heap.js";
import { loadKernels } from "./kernels.js";
import { BYTES, type DType } from "./tensor.js";

let scratch = { address: 0, bytes: 0 };

function scratchFor(dtype: DType, n: number): number {
  const { kernels } = loadKernels();
  const [kc, mc, nr] =
    dtype === "float32"
      ? [kernels.GEMM_F32_KC.value as number, kernels.GEMM_F32_MC.value as number, 8]
      : [kernels.GEMM_F64_KC.value as number, kernels.GEMM_F64_MC.value as number, 4];
  const bytes = (mc * kc + Math.ceil(n / nr) * nr * kc + 64) * BYTES[dtype];
  if (bytes > scratch.bytes) {
    if (scratch.bytes > 0) release(scratch.address, scratch.bytes);
    scratch = { address: allocate(bytes), bytes };
  }
  return scratch.address;
}

/**
 * C (+)= op(A)·op(B) on engine memory (byte addresses), row-major: op(A) is [m, k], op(B) is
 * [k, n], C is [m, n]; `transA` means A is stored [k, m] (and `lda` is its row length), likewise
 * `transB`; leading dimensions may exceed the rows (views into larger buffers). With `accumulate`,
 * C += op(A)·op(B). Runs on the backend of {@link loadKernels}: the native kernels (AVX-512/AVX2,
 * threaded over blocks of C, bit-identical for any thread count) or the WebAssembly SIMD kernels.
 */
export function gemm(
  dtype: DType,
  m: number,
  n: number,
  k: number,
  a: number,
  lda: number,
  transA: boolean,
  b: number,
  ldb: number,
  transB: boolean,
  c: number,
  ldc: number,
  accumulate: boolean,
): void {
  const { kernels, backend } = loadKernels();
  const work = backend.backend === "native" ? 0 : scratchFor(dtype, n);
  const f = dtype === "float32" ? kernels.gemmF32 : kernels.gemmF64;
  f(m, n, k, a, lda, transA ? 1 : 0, b, ldb, transB ? 1 : 0, c, ldc, accumulate ? 1 : 0, work);
}
