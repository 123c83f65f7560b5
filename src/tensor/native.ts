import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Kernels } from "./kernel-types.js";

/** What the native addon reports about itself. */
export interface NativeInfo {
  /** The instruction set of the kernels in use: "avx512", "avx2" or "generic". */
  isa: string;
  /** Threads of its pool, the calling thread included. */
  threads: number;
  /** The system BLAS its products call, or null (its own kernels). */
  blas: string | null;
}

/** A signature kernel: the form (0 every prefix, 1 the whole path), then the WebAssembly kernel's arguments. */
type Signature = (form: number, ...args: Parameters<Kernels["signatureStreamF32"]>) => void;
/** A signature gradient kernel: the form, then the WebAssembly kernel's arguments. */
type SignatureBackward = (form: number, ...args: Parameters<Kernels["signatureStreamBackwardF32"]>) => void;

/** The kernels the addon exports with the WebAssembly kernels' own signatures. */
type SameKernels =
  | "gemmF32"
  | "gemmF64"
  | "biasActivationF32"
  | "biasActivationF64"
  | "reluGradF32"
  | "reluGradF64"
  | "columnSumF32"
  | "columnSumF64"
  | "dotF32"
  | "dotF64"
  | "axpyF32"
  | "axpyF64";

/**
 * The transformer's kernels (transformer-kernel.c, threaded in transformer.c). The WebAssembly
 * build has the attention ones (src/tensor/assembly/attention.ts); where a kernel is absent the op
 * runs its portable JavaScript loops. Addresses are byte offsets; an address of 0 means "not needed".
 */
export interface TransformerKernels {
  /**
   * Multi-head attention forward: q, k, v, out [B, T, F], each row's log-sum-exp lse [B, h, T]
   * (written); `scratch`: the WebAssembly kernel's working memory (`attentionScratchF32(T, F/h)`
   * bytes), ignored by the native one, which keeps its own.
   */
  attentionF32(
    q: number,
    k: number,
    v: number,
    out: number,
    lse: number,
    batch: number,
    steps: number,
    width: number,
    heads: number,
    scale: number,
    causal: number,
    scratch: number,
  ): void;
  attentionF64: TransformerKernels["attentionF32"];
  /** Its gradient; gq, gk, gv may be 0; accumulate bits 1, 2, 4: gq, gk, gv add to what is there. */
  attentionBackwardF32(
    q: number,
    k: number,
    v: number,
    lse: number,
    gradOut: number,
    gq: number,
    gk: number,
    gv: number,
    batch: number,
    steps: number,
    width: number,
    heads: number,
    scale: number,
    causal: number,
    accumulate: number,
    scratch: number,
  ): void;
  attentionBackwardF64: TransformerKernels["attentionBackwardF32"];
  /** Adaptive LayerNorm: x, y, normalized [B, L, F], modulation [B, 2F], inv [B·L] (written). */
  adaptiveLayerNormF32(
    x: number,
    modulation: number,
    y: number,
    normalized: number,
    inv: number,
    batch: number,
    length: number,
    f: number,
    epsilon: number,
  ): void;
  adaptiveLayerNormF64: TransformerKernels["adaptiveLayerNormF32"];
  /** Its gradient; dx may be 0; accumulate bit 1: dx adds, bit 2: dModulation adds. */
  adaptiveLayerNormBackwardF32(
    g: number,
    modulation: number,
    normalized: number,
    inv: number,
    dx: number,
    dModulation: number,
    batch: number,
    length: number,
    f: number,
    accumulate: number,
  ): void;
  adaptiveLayerNormBackwardF64: TransformerKernels["adaptiveLayerNormBackwardF32"];
  /** y = GELU(z); with `derivative` 1, GELU'(z) written over z. */
  geluF32(z: number, y: number, n: number, derivative: number): void;
  geluF64: TransformerKernels["geluF32"];
  /** a ⊙= b over n elements. */
  multiplyF32(a: number, b: number, n: number): void;
  multiplyF64: TransformerKernels["multiplyF32"];
}

/** The names of {@link TransformerKernels}. */
export const TRANSFORMER_KERNELS: readonly (keyof TransformerKernels)[] = [
  "attentionF32",
  "attentionF64",
  "attentionBackwardF32",
  "attentionBackwardF64",
  "adaptiveLayerNormF32",
  "adaptiveLayerNormF64",
  "adaptiveLayerNormBackwardF32",
  "adaptiveLayerNormBackwardF64",
  "geluF32",
  "geluF64",
  "multiplyF32",
  "multiplyF64",
];

/**
 * The exports of build/hedgelab-native.node (src/tensor/native/addon.c). Addresses are byte offsets
 * into the bound memory, as for the WebAssembly kernels; every operand's extent is checked.
 */
export interface NativeAddon extends Pick<Kernels, SameKernels>, TransformerKernels {
  /** Binds the engine memory (again after each growth, which detaches the old buffer). */
  bind(buffer: ArrayBuffer): void;
  /** Starts a pool of `threads` threads and selects the kernels of `isa` ("" = the best the CPU runs). */
  configure(threads: number, isa: string): NativeInfo;
  info(): NativeInfo;
  signatureF32: Signature;
  signatureF64: Signature;
  signatureBackwardF32: SignatureBackward;
  signatureBackwardF64: SignatureBackward;
  residualLayerNormF32: NonNullable<Kernels["residualLayerNormF32"]>;
  residualLayerNormF64: NonNullable<Kernels["residualLayerNormF64"]>;
  residualLayerNormBackwardF32: NonNullable<Kernels["residualLayerNormBackwardF32"]>;
  residualLayerNormBackwardF64: NonNullable<Kernels["residualLayerNormBackwardF64"]>;
}

/** The addon's default place: build/ at the package root (two folders above src/tensor and dist/tensor). */
export const NATIVE_ADDON_URL = new URL("../../build/hedgelab-native.node", import.meta.url);

/**
 * Loads the native addon from `url`; returns it, or the reason it cannot be used (not built: no C
 * compiler at install, or `npm run build:native` not run; or a binary this Node cannot load).
 */
export function loadNativeAddon(url: URL = NATIVE_ADDON_URL): { addon: NativeAddon } | { reason: string } {
  const path = fileURLToPath(url);
  if (!existsSync(path))
    return { reason: `the native kernels are not built (${path} is missing: no C compiler at install?)` };
  try {
    return { addon: createRequire(import.meta.url)(path) as NativeAddon };
  } catch (error) {
    return { reason: `the native kernels do not load: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** The kernels of {@link Kernels} that the addon provides, and its own {@link TransformerKernels}. */
export type NativeKernels = TransformerKernels &
  Pick<
    Kernels,
    | SameKernels
    | "signatureStreamF32"
    | "signatureStreamF64"
    | "signatureStreamBackwardF32"
    | "signatureStreamBackwardF64"
    | "signatureFinalF32"
    | "signatureFinalF64"
    | "signatureFinalBackwardF32"
    | "signatureFinalBackwardF64"
    | "residualLayerNormF32"
    | "residualLayerNormF64"
    | "residualLayerNormBackwardF32"
    | "residualLayerNormBackwardF64"
  >;

/**
 * The addon's kernels with the WebAssembly kernels' signatures, working on `memory`: each call
 * first re-binds the memory when a growth has replaced its buffer (scratch arguments are ignored:
 * the native kernels keep their own buffers).
 */
export function nativeKernels(addon: NativeAddon, memory: WebAssembly.Memory): NativeKernels {
  let bound: ArrayBuffer | undefined;
  const sync = (): void => {
    const buffer = memory.buffer;
    if (buffer !== bound) {
      addon.bind(buffer);
      bound = buffer;
    }
  };
  const gemm =
    (f: Kernels["gemmF32"]): Kernels["gemmF32"] =>
    (...args) => {
      sync();
      f(...args);
    };
  const forward =
    (f: Signature, form: number): Kernels["signatureStreamF32"] =>
    (...args) => {
      sync();
      f(form, ...args);
    };
  const backward =
    (f: SignatureBackward, form: number): Kernels["signatureStreamBackwardF32"] =>
    (...args) => {
      sync();
      f(form, ...args);
    };
  const transformer = Object.fromEntries(
    TRANSFORMER_KERNELS.map((name) => {
      const f = addon[name] as (...args: number[]) => void;
      return [name, (...args: number[]) => (sync(), f(...args))];
    }),
  ) as unknown as TransformerKernels;
  return {
    ...transformer,
    gemmF32: gemm(addon.gemmF32),
    gemmF64: gemm(addon.gemmF64),
    biasActivationF32: (y, bias, rows, cols, relu) => (
      sync(),
      addon.biasActivationF32(y, bias, rows, cols, relu)
    ),
    biasActivationF64: (y, bias, rows, cols, relu) => (
      sync(),
      addon.biasActivationF64(y, bias, rows, cols, relu)
    ),
    reluGradF32: (g, y, out, n) => (sync(), addon.reluGradF32(g, y, out, n)),
    reluGradF64: (g, y, out, n) => (sync(), addon.reluGradF64(g, y, out, n)),
    columnSumF32: (g, rows, cols, out, acc) => (sync(), addon.columnSumF32(g, rows, cols, out, acc)),
    columnSumF64: (g, rows, cols, out, acc) => (sync(), addon.columnSumF64(g, rows, cols, out, acc)),
    dotF32: (a, b, n) => (sync(), addon.dotF32(a, b, n)),
    dotF64: (a, b, n) => (sync(), addon.dotF64(a, b, n)),
    axpyF32: (alpha, x, y, n, acc) => (sync(), addon.axpyF32(alpha, x, y, n, acc)),
    axpyF64: (alpha, x, y, n, acc) => (sync(), addon.axpyF64(alpha, x, y, n, acc)),
    signatureStreamF32: forward(addon.signatureF32, 0),
    signatureStreamF64: forward(addon.signatureF64, 0),
    signatureFinalF32: forward(addon.signatureF32, 1),
    signatureFinalF64: forward(addon.signatureF64, 1),
    signatureStreamBackwardF32: backward(addon.signatureBackwardF32, 0),
    signatureStreamBackwardF64: backward(addon.signatureBackwardF64, 0),
    signatureFinalBackwardF32: backward(addon.signatureBackwardF32, 1),
    signatureFinalBackwardF64: backward(addon.signatureBackwardF64, 1),
    residualLayerNormF32: (...args) => (sync(), addon.residualLayerNormF32(...args)),
    residualLayerNormF64: (...args) => (sync(), addon.residualLayerNormF64(...args)),
    residualLayerNormBackwardF32: (...args) => (sync(), addon.residualLayerNormBackwardF32(...args)),
    residualLayerNormBackwardF64: (...args) => (sync(), addon.residualLayerNormBackwardF64(...args)),
  };
}
