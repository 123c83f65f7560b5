import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { pathToFileURL } from "node:url";
import { HedgelabError } from "../errors.js";
import {
  loadNativeAddon,
  NATIVE_ADDON_URL,
  nativeKernels,
  type NativeKernels,
  type TransformerKernels,
} from "./native.js";
import { checkNativeKernels } from "./self-check.js";

export type { Kernels } from "./kernel-types.js";
import type { Kernels } from "./kernel-types.js";

/** Bytes below this address belong to the kernels' static data; the allocator starts here. */
export const KERNEL_STATIC_BYTES = 65_536;
const PAGE = 65_536;

/** Which build of the WebAssembly kernels runs: with fused multiply-adds (relaxed SIMD) or plain SIMD. */
export type KernelVariant = "relaxed-simd" | "simd";

/** The backend of the engine's kernels: the native addon or a WebAssembly build. */
export type KernelBackend = "native" | KernelVariant;

/** What runs the engine's kernels, for `hedgelab doctor` and benchmark labels. */
export interface BackendInfo {
  backend: KernelBackend;
  /** Instruction set: "avx512", "avx2", "generic" (native), or "wasm-relaxed-simd", "wasm-simd128". */
  isa: string;
  /** Threads of the native pool (1 for WebAssembly). */
  threads: number;
  /** The system BLAS the native products call, or null. */
  blas: string | null;
  /** Why the native kernels are not in use, when they are not. */
  note?: string;
}

/** The kernels, the memory every tensor lives in, the WebAssembly build and the backend in use. */
export interface LoadedKernels {
  /**
   * The kernels in use: the native ones where the backend is native, the WebAssembly ones for the
   * rest; of the {@link TransformerKernels}, WebAssembly has the attention ones (for the others the
   * ops' JavaScript runs).
   */
  kernels: Kernels & Partial<TransformerKernels>;
  /** The WebAssembly kernels alone (for tests comparing the backends). */
  wasm: Kernels;
  memory: WebAssembly.Memory;
  variant: KernelVariant;
  backend: BackendInfo;
}

let loaded: LoadedKernels | undefined;

/** HEDGELAB_KERNELS: `auto` (default: native when usable), `native`, `wasm` (best WebAssembly build) or `simd`. */
export type KernelRequest = "auto" | "native" | "wasm" | "simd";

/** The engine's kernel settings, read from the environment by {@link kernelSettings}. */
export interface KernelSettings {
  /** HEDGELAB_KERNELS; default "auto". */
  request: KernelRequest;
  /** HEDGELAB_THREADS: threads of the native pool; default the available parallelism. */
  threads: number;
  /** HEDGELAB_NATIVE_ISA: force the native instruction set (avx512, avx2, generic); default "" (the best). */
  isa: "" | "avx512" | "avx2" | "generic";
  /** HEDGELAB_NATIVE_ADDON: the addon file to load; default build/hedgelab-native.node. */
  addon: URL;
}

/** Reads and validates the kernel settings in `env`; a bad value is an error naming the variable. */
export function kernelSettings(env: NodeJS.ProcessEnv = process.env): KernelSettings {
  const request = env.HEDGELAB_KERNELS || "auto";
  if (!["auto", "native", "wasm", "simd"].includes(request))
    throw new HedgelabError(`HEDGELAB_KERNELS=${request} is not a kernel backend: use native, wasm or simd`);
  const threadsText = env.HEDGELAB_THREADS ?? "";
  const threads = threadsText === "" ? availableParallelism() : Number(threadsText);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256)
    throw new HedgelabError(
      `HEDGELAB_THREADS=${threadsText} is not a thread count: use an integer from 1 to 256`,
    );
  const isa = env.HEDGELAB_NATIVE_ISA ?? "";
  if (!["", "avx512", "avx2", "generic"].includes(isa))
    throw new HedgelabError(
      `HEDGELAB_NATIVE_ISA=${isa} is not an instruction set: use avx512, avx2 or generic`,
    );
  const addon = env.HEDGELAB_NATIVE_ADDON ? pathToFileURL(env.HEDGELAB_NATIVE_ADDON) : NATIVE_ADDON_URL;
  return { request: request as KernelRequest, threads, isa: isa as KernelSettings["isa"], addon };
}

/**
 * The engine's kernels and the memory every tensor lives in, loaded on first use (synchronous
 * compile: Node allows it for any module size).
 *
 * Backends, best first: the native addon (build/hedgelab-native.node, compiled at install when a C
 * compiler is available: AVX-512/AVX2 matrix products over a thread pool of HEDGELAB_THREADS threads,
 * default the available parallelism), used when it loads and passes a start-up check against the
 * WebAssembly kernels (src/tensor/self-check.ts); then the relaxed-SIMD WebAssembly build (fused
 * multiply-add; Node 20 needs V8's flag for it, set here before compiling); then plain SIMD.
 * HEDGELAB_KERNELS=native|wasm|simd forces one (`wasm`: the best WebAssembly build); a forced native
 * backend that cannot be used is an error. The native kernels stand in for the WebAssembly ones
 * they implement (products, bias + activation, signatures…); the rest stay in WebAssembly, on the
 * same memory. Fails with a clear message when the WebAssembly kernels were not built.
 */
export function loadKernels(): LoadedKernels {
  if (loaded) return loaded;
  const settings = kernelSettings();
  const { request } = settings;
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65_536 });
  const imports = {
    env: {
      memory,
      abort: () => {
        throw new Error("tensor kernel aborted");
      },
    },
  };
  const variants: KernelVariant[] = request === "simd" ? ["simd"] : ["relaxed-simd", "simd"];
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
    const kernels = instance.exports as unknown as Kernels & Partial<TransformerKernels>;
    const wasmBackend: BackendInfo = {
      backend: variant,
      isa: variant === "simd" ? "wasm-simd128" : "wasm-relaxed-simd",
      threads: 1,
      blas: null,
    };
    // The kernels in use are a plain copy of the exports (which are frozen), so that tests can hide one.
    loaded = { kernels: { ...kernels }, wasm: kernels, memory, variant, backend: wasmBackend };
    if (request === "auto" || request === "native") {
      const native = chooseNative(module, memory, settings);
      if ("kernels" in native) {
        loaded.kernels = { ...kernels, ...native.kernels };
        loaded.backend = native.backend;
      } else {
        wasmBackend.note = native.note;
      }
    }
    return loaded;
  }
  throw new Error("no build of the tensor kernels could be compiled");
}

/** The native kernels when they load and pass the start-up check; else why not (an error when forced). */
function chooseNative(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  settings: KernelSettings,
): { kernels: NativeKernels; backend: BackendInfo } | { note: string } {
  const { threads, isa } = settings;
  const forced = settings.request === "native";
  const result = loadNativeAddon(settings.addon);
  if ("reason" in result) {
    if (forced) throw new HedgelabError(`HEDGELAB_KERNELS=native: ${result.reason}`);
    return { note: result.reason };
  }
  const info = result.addon.configure(threads, isa);
  if (info.isa === "generic" && process.arch === "x64" && isa !== "generic") {
    // Without AVX2 the portable native build (SSE2, no fused multiply-add) is slower than the
    // relaxed-SIMD WebAssembly kernels (measured: W1's products 34 ms against 28 ms).
    if (!forced)
      return {
        note: "this CPU has no AVX2: the WebAssembly kernels are faster than the portable native build",
      };
  }
  const failure = checkNativeKernels(result.addon, module);
  if (failure) {
    const note = `the native kernels failed their start-up check (${failure})`;
    if (forced) throw new HedgelabError(`HEDGELAB_KERNELS=native: ${note}`);
    process.stderr.write(`hedgelab: ${note}; using the WebAssembly kernels\n`);
    return { note };
  }
  return {
    kernels: nativeKernels(result.addon, memory),
    backend: { backend: "native", isa: info.isa, threads: info.threads, blas: info.blas },
  };
}

/** The backend running the engine's kernels (loads them if needed). */
export function kernelBackend(): BackendInfo {
  return loadKernels().backend;
}

/** Grows `memory` so that it holds at least `bytes` bytes. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
}

/**
 * One line naming the backend, e.g. `native avx512, 2 threads, own matrix kernels` or
 * `WebAssembly relaxed-simd, 1 thread (the native kernels are not built …)`.
 */
export function describeBackend(info: BackendInfo): string {
  const threads = `${info.threads} thread${info.threads === 1 ? "" : "s"}`;
  if (info.backend === "native")
    return `native ${info.isa}, ${threads}, ${info.blas ? `system BLAS ${info.blas}` : "own matrix kernels"}`;
  return `WebAssembly ${info.backend}, ${threads}${info.note ? ` (${info.note})` : ""}`;
}
