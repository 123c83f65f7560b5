import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allocate, heapF32, heapF64, release } from "../../src/tensor/heap.js";
import { kernelSettings, loadKernels, type Kernels } from "../../src/tensor/kernels.js";
import { loadNativeAddon, nativeKernels, type NativeAddon } from "../../src/tensor/native.js";
import type { DType } from "../../src/tensor/tensor.js";

const settings = kernelSettings();
const loadedAddon = loadNativeAddon(settings.addon);
const addon: NativeAddon | undefined = "addon" in loadedAddon ? loadedAddon.addon : undefined;
// The addon builds wherever a C compiler and the running Node's headers are present.
const canBuild =
  spawnSync(process.env.CC || "cc", ["--version"]).status === 0 &&
  existsSync(join(dirname(dirname(process.execPath)), "include", "node", "node_api.h"));
const { memory, wasm } = loadKernels();

/** The instruction sets the addon runs on this CPU. */
function availableIsas(a: NativeAddon): string[] {
  return ["avx512", "avx2", "generic"].filter((isa) => {
    try {
      a.configure(1, isa);
      return true;
    } catch {
      return false;
    }
  });
}

/** A block of engine memory holding `values` at an element offset (views start off the 64-byte grid). */
function block(
  dtype: DType,
  count: number,
  offset = 0,
): { address: number; view: () => Float32Array | Float64Array } {
  const size = dtype === "float32" ? 4 : 8;
  const base = allocate((count + offset) * size);
  blocks.push([base, (count + offset) * size]);
  const address = base + offset * size;
  const view = (): Float32Array | Float64Array =>
    (dtype === "float32" ? heapF32() : heapF64()).subarray(address / size, address / size + count);
  return { address, view };
}
const blocks: [number, number][] = [];

/** Deterministic values in [-scale, scale] (cheap: these tests fill millions of elements). */
function randomValues(count: number, seed: number, scale = 1): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = scale * Math.sin(12.9898 * i + 78.233 * seed + 0.5);
  return out;
}

/** The first index where x and y differ in any bit (as numbers: -0 and NaN included), or -1. */
function firstDifference(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}
afterAll(() => {
  for (const [address, bytes] of blocks) release(address, bytes);
  if (addon && loadKernels().backend.backend === "native") addon.configure(settings.threads, settings.isa);
});

describe("native kernels: build and selection", () => {
  it("the native addon is built and loads wherever a C compiler and Node's headers are present", () => {
    expect(addon !== undefined).toBe(canBuild);
  });

  it("the backend is native by default when the addon is built, and the one HEDGELAB_KERNELS names", () => {
    const expected = {
      auto: addon ? "native" : "relaxed-simd",
      native: "native",
      wasm: "relaxed-simd",
      simd: "simd",
    }[settings.request];
    expect(loadKernels().backend.backend).toBe(expected);
  });
});

describe.skipIf(!addon)("native kernels agree with the WebAssembly kernels", () => {
  const a = addon!;
  const isas = addon ? availableIsas(addon) : [];
  const scratch = block("float64", 1 << 19).address;
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [7, 13, 5],
    [13, 33, 100],
    [100, 257, 17],
    [37, 70, 300],
    [3, 70, 300],
    [37, 5, 300],
  ];

  /** C (+)= op(A)·op(B) by `gemm` on views into larger buffers; returns C with its padding columns. */
  function product(
    gemm: Kernels["gemmF32"],
    dtype: DType,
    [m, n, k]: [number, number, number],
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): Float64Array {
    const [pad, offset] = [3, 5];
    const [aRows, aCols] = transA ? [k, m] : [m, k];
    const [bRows, bCols] = transB ? [n, k] : [k, n];
    const A = block(dtype, aRows * (aCols + pad), offset);
    const B = block(dtype, bRows * (bCols + pad), offset + 1);
    const C = block(dtype, m * (n + pad), offset + 2);
    A.view().set(randomValues(aRows * (aCols + pad), m + 7 * k));
    B.view().set(randomValues(bRows * (bCols + pad), n + 3 * k));
    C.view().set(randomValues(m * (n + pad), m + n));
    gemm(
      m,
      n,
      k,
      A.address,
      aCols + pad,
      +transA,
      B.address,
      bCols + pad,
      +transB,
      C.address,
      n + pad,
      +accumulate,
      scratch,
    );
    return Float64Array.from(C.view());
  }

  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`${dtype} products of every transposition, leading dimension and instruction set match, padding untouched`, () => {
      for (const isa of isas) {
        a.configure(1, isa);
        const native = nativeKernels(a, memory);
        const [nativeGemm, wasmGemm] =
          dtype === "float32" ? [native.gemmF32, wasm.gemmF32] : [native.gemmF64, wasm.gemmF64];
        for (const shape of shapes) {
          for (const transA of [false, true]) {
            for (const transB of [false, true]) {
              for (const accumulate of [false, true]) {
                const got = product(nativeGemm, dtype, shape, transA, transB, accumulate);
                const want = product(wasmGemm, dtype, shape, transA, transB, accumulate);
                const k = shape[2];
                const tol = dtype === "float32" ? 1e-5 * Math.sqrt(k) : 1e-13 * k;
                let worst = 0;
                for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
                expect(worst, `${isa} ${shape} ${transA} ${transB} ${accumulate}`).toBeLessThan(tol);
              }
            }
          }
        }
      }
    });
  }

  it("products (wide, narrow and short) are bit-identical for 1, 2 and 3 threads and from one run to the next", () => {
    const native = nativeKernels(a, memory);
    const results: Float64Array[] = [];
    for (const threads of [1, 2, 3, 2]) {
      a.configure(threads, "");
      for (const dtype of ["float32", "float64"] as DType[]) {
        const gemm = dtype === "float32" ? native.gemmF32 : native.gemmF64;
        results.push(product(gemm, dtype, [300, 257, 70], false, true, true));
        results.push(product(gemm, dtype, [250, 30, 900], true, false, false));
        results.push(product(gemm, dtype, [2000, 7, 400], false, false, true));
        results.push(product(gemm, dtype, [5, 1200, 800], true, false, false));
      }
    }
    expect(a.info().threads).toBe(2);
    for (let i = 8; i < results.length; i++) expect(firstDifference(results[i]!, results[i % 8]!)).toBe(-1);
  });

  it("flush denormal products to zero on the pool's threads, and leave JavaScript's denormals alone", () => {
    const native = nativeKernels(a, memory);
    a.configure(2, "");
    // A product through the pool (300 × 257 × 70 = 5.4·10⁶ multiply-adds) whose terms are 1e-40, under
    // float32's smallest normal 1.2e-38: flushed to 0, where IEEE arithmetic gives about 7e-39.
    const [m, n, k] = [300, 257, 70];
    const A = block("float32", m * k);
    const B = block("float32", k * n);
    const C = block("float32", m * n);
    A.view().fill(1e-20);
    B.view().fill(1e-20);
    C.view().fill(1);
    native.gemmF32(m, n, k, A.address, k, 0, B.address, n, 0, C.address, n, 0, scratch);
    // Only x86 has the mode (MXCSR); elsewhere the kernels keep IEEE denormals.
    const x86 = process.arch === "x64" || process.arch === "ia32";
    expect(C.view().every((x) => x === 0)).toBe(x86);
    // Terms of 1e-37 stay normal: the same product is not flushed.
    A.view().fill(1e-17);
    native.gemmF32(m, n, k, A.address, k, 0, B.address, n, 0, C.address, n, 0, scratch);
    expect(C.view()[0]! / 7e-36).toBeCloseTo(1, 5);
    // The calling thread's mode was restored: JavaScript still computes denormals.
    const tiny = [1e-310, 0.5];
    expect(tiny[0]! * tiny[1]!).toBeGreaterThan(0);
    expect(Number.MIN_VALUE / tiny[1]! / 2).toBe(Number.MIN_VALUE);
  });

  it("bias + activation, ReLU gradient, column sums, dot and axpy match", () => {
    for (const isa of isas) {
      a.configure(1, isa);
      const native = nativeKernels(a, memory);
      for (const dtype of ["float32", "float64"] as DType[]) {
        const f32 = dtype === "float32";
        const [rows, cols] = [37, 21];
        const run = (
          k: Pick<
            Kernels,
            | "biasActivationF32"
            | "reluGradF32"
            | "columnSumF32"
            | "dotF32"
            | "axpyF32"
            | "biasActivationF64"
            | "reluGradF64"
            | "columnSumF64"
            | "dotF64"
            | "axpyF64"
          >,
        ): number[] => {
          const y = block(dtype, rows * cols, 1);
          const g = block(dtype, rows * cols, 2);
          const bias = block(dtype, cols, 3);
          const out = block(dtype, rows * cols, 1);
          y.view().set(randomValues(rows * cols, 5));
          g.view().set(randomValues(rows * cols, 6));
          bias.view().set(randomValues(cols, 7));
          (f32 ? k.biasActivationF32 : k.biasActivationF64)(y.address, bias.address, rows, cols, 1);
          (f32 ? k.biasActivationF32 : k.biasActivationF64)(y.address, 0, rows, 5, 0);
          (f32 ? k.reluGradF32 : k.reluGradF64)(g.address, y.address, out.address, rows * cols);
          (f32 ? k.columnSumF32 : k.columnSumF64)(g.address, rows, cols, bias.address, 1);
          const dot = (f32 ? k.dotF32 : k.dotF64)(g.address, y.address, rows * cols - 3);
          (f32 ? k.axpyF32 : k.axpyF64)(0.75, g.address, y.address, rows * cols - 1, 1);
          return [...y.view(), ...out.view(), ...bias.view(), dot];
        };
        const [got, want] = [run(native), run(wasm)];
        for (let i = 0; i < got.length; i++) expect(got[i]!).toBeCloseTo(want[i]!, f32 ? 4 : 10);
      }
    }
  });

  it("streaming and whole-path signatures and their gradients match (d = 2, 3, 8; depth 1–4)", () => {
    for (const isa of isas) {
      a.configure(2, isa);
      const native = nativeKernels(a, memory);
      for (const dtype of ["float32", "float64"] as DType[]) {
        const f32 = dtype === "float32";
        for (const [d, depth] of [
          [2, 4],
          [3, 3],
          [8, 3],
          [3, 1],
        ] as const) {
          const [batch, steps] = [5, 9];
          let len = 0;
          for (let k = 1, p = 1; k <= depth; k++) len += p *= d;
          const dx = block(dtype, batch * steps * d);
          dx.view().set(randomValues(batch * steps * d, d + depth, 0.3));
          for (const form of ["Stream", "Final"] as const) {
            const outCount = form === "Stream" ? batch * steps * len : batch * len;
            const gradOut = block(dtype, outCount);
            gradOut.view().set(randomValues(outCount, 11));
            const run = (k: Kernels): number[] => {
              const out = block(dtype, outCount);
              const gradDx = block(dtype, batch * steps * d);
              const suffix = f32 ? "F32" : "F64";
              k[`signature${form}${suffix}`](dx.address, batch, steps, d, depth, out.address, scratch);
              k[`signature${form}Backward${suffix}`](
                dx.address,
                batch,
                steps,
                d,
                depth,
                out.address,
                gradOut.address,
                gradDx.address,
                scratch,
              );
              return [...out.view(), ...gradDx.view()];
            };
            const [got, want] = [run({ ...wasm, ...native }), run(wasm)];
            let worst = 0;
            for (let i = 0; i < got.length; i++)
              worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
            expect(worst, `${isa} ${dtype} ${form} d=${d} m=${depth}`).toBeLessThan(f32 ? 2e-5 : 1e-12);
          }
        }
      }
    }
  });

  it("re-binds the memory after a growth, and an address outside it is a RangeError naming the operand", () => {
    a.configure(1, "");
    const native = nativeKernels(a, memory);
    const before = memory.buffer.byteLength;
    const big = block("float32", before / 4 + 1024);
    expect(memory.buffer.byteLength).toBeGreaterThan(before);
    const x = block("float32", 4);
    x.view().set([1, 2, 3, 4]);
    const out = big.address + before + 64;
    native.gemmF32(2, 2, 2, x.address, 2, 0, x.address, 2, 0, out, 2, 0, 0);
    expect([...heapF32().subarray(out / 4, out / 4 + 4)]).toEqual([7, 10, 15, 22]);
    const end = memory.buffer.byteLength;
    expect(() => native.gemmF32(2, 2, 2, x.address, 2, 0, end - 8, 2, 0, out, 2, 0, 0)).toThrow(
      /gemm operand B .* lies outside the engine memory/,
    );
  });
});
