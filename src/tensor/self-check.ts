import type { Kernels } from "./kernel-types.js";
import { nativeKernels, type NativeAddon } from "./native.js";

/**
 * The start-up check of the native kernels against the WebAssembly kernels, run once before the
 * native backend is chosen: matrix products of every transposition with sizes that are not multiples
 * of the register tiles and leading dimensions longer than the rows (views into larger buffers), in
 * float32 and float64, and a depth-3 signature, in a memory of their own (a second instance of the
 * WebAssembly module), compared to float32 tolerance.
 *
 * @returns undefined when every result agrees, else a line saying which did not.
 */
export function checkNativeKernels(addon: NativeAddon, module: WebAssembly.Module): string | undefined {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const imports = { env: { memory, abort: () => undefined } };
  const wasm = new WebAssembly.Instance(module, imports).exports as unknown as Kernels;
  const native = nativeKernels(addon, memory);
  const [m, n, k, pad] = [29, 45, 37, 3];
  const base = 65_536;
  for (const dtype of ["float32", "float64"] as const) {
    const size = dtype === "float32" ? 4 : 8;
    const view = (address: number, count: number): Float32Array | Float64Array =>
      dtype === "float32"
        ? new Float32Array(memory.buffer, address, count)
        : new Float64Array(memory.buffer, address, count);
    const [a, b, c1, c2, scratch] = [0, 1, 2, 3, 4].map((i) => base + i * 16_384 * size) as [
      number,
      number,
      number,
      number,
      number,
    ];
    view(a, 64 * 64).forEach((_, i, x) => (x[i] = Math.sin(0.37 * i + 0.1)));
    view(b, 64 * 64).forEach((_, i, x) => (x[i] = Math.cos(0.53 * i - 0.2)));
    for (const transA of [0, 1]) {
      for (const transB of [0, 1]) {
        const lda = (transA ? m : k) + pad;
        const ldb = (transB ? k : n) + pad;
        const ldc = n + pad;
        const [wasmGemm, nativeGemm] =
          dtype === "float32" ? [wasm.gemmF32, native.gemmF32] : [wasm.gemmF64, native.gemmF64];
        view(c1, m * ldc).fill(0.5);
        view(c2, m * ldc).fill(0.5);
        wasmGemm(m, n, k, a, lda, transA, b, ldb, transB, c1, ldc, 1, scratch);
        nativeGemm(m, n, k, a, lda, transA, b, ldb, transB, c2, ldc, 1, 0);
        const worst = largestDifference(view(c1, m * ldc), view(c2, m * ldc));
        if (!(worst <= 1e-4)) {
          return `the native ${dtype} product (transA ${transA}, transB ${transB}) differs from the WebAssembly one by ${worst}`;
        }
      }
    }
    // A depth-3 signature of 3 paths of 7 steps in dimension 3 (len 39).
    const [batch, steps, d, depth, len] = [3, 7, 3, 3, 39];
    view(a, batch * steps * d).forEach((_, i, x) => (x[i] = 0.3 * Math.sin(1.7 * i)));
    const [wasmSig, nativeSig] =
      dtype === "float32"
        ? [wasm.signatureFinalF32, native.signatureFinalF32]
        : [wasm.signatureFinalF64, native.signatureFinalF64];
    wasmSig(a, batch, steps, d, depth, c1, scratch);
    nativeSig(a, batch, steps, d, depth, c2, 0);
    const worst = largestDifference(view(c1, batch * len), view(c2, batch * len));
    if (!(worst <= 1e-5)) return `the native ${dtype} signature differs from the WebAssembly one by ${worst}`;
  }
  return undefined;
}

/** max_i |x_i − y_i| / (1 + |x_i|); NaN when either holds a NaN. */
function largestDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.abs(x[i]! - y[i]!) / (1 + Math.abs(x[i]!));
    if (!(e <= worst)) worst = e;
  }
  return worst;
}
