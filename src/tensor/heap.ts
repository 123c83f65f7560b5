import { ensureMemory, KERNEL_STATIC_BYTES, loadKernels } from "./kernels.js";

/**
 * The allocator of tensor storage inside the kernels' WebAssembly memory. Blocks come in
 * power-of-two size classes (at least 64 bytes, 64-byte aligned) with one free list per class;
 * fresh blocks are cut from the top of the memory, which grows on demand (it never shrinks).
 * Views of the memory are cached and refreshed when a growth detaches the old buffer.
 */
const MIN_CLASS = 6; // 64 bytes
const freeLists: number[][] = [];
let top = KERNEL_STATIC_BYTES;
let liveBytes = 0;
let f32View: Float32Array | undefined;
let f64View: Float64Array | undefined;
let u8View: Uint8Array | undefined;

function sizeClass(bytes: number): number {
  return Math.max(MIN_CLASS, Math.ceil(Math.log2(Math.max(bytes, 1))));
}

/** Allocates a block of at least `bytes` bytes; returns its byte address (64-byte aligned). */
export function allocate(bytes: number): number {
  const k = sizeClass(bytes);
  const list = freeLists[k];
  liveBytes += 2 ** k;
  const reused = list?.pop();
  if (reused !== undefined) return reused;
  const address = top;
  top += 2 ** k;
  ensureMemory(loadKernels().memory, top);
  return address;
}

/** Returns a block of `bytes` bytes (as allocated) at `address` to its free list. */
export function release(address: number, bytes: number): void {
  const k = sizeClass(bytes);
  (freeLists[k] ??= []).push(address);
  liveBytes -= 2 ** k;
}

/** The whole memory as float32, refreshed after a growth. */
export function heapF32(): Float32Array {
  const buffer = loadKernels().memory.buffer;
  if (!f32View || f32View.buffer !== buffer) f32View = new Float32Array(buffer);
  return f32View;
}

/** The whole memory as float64, refreshed after a growth. */
export function heapF64(): Float64Array {
  const buffer = loadKernels().memory.buffer;
  if (!f64View || f64View.buffer !== buffer) f64View = new Float64Array(buffer);
  return f64View;
}

/** The whole memory as bytes, refreshed after a growth. */
export function heapU8(): Uint8Array {
  const buffer = loadKernels().memory.buffer;
  if (!u8View || u8View.buffer !== buffer) u8View = new Uint8Array(buffer);
  return u8View;
}

/** Bytes held by live blocks and bytes the memory has grown to: for leak tests and progress logs. */
export function memoryStats(): { liveBytes: number; reservedBytes: number } {
  return { liveBytes, reservedBytes: top };
}
