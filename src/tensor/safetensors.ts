import { HedgelabError } from "../errors.js";

/**
 * Element types of a safetensors file that hedgelab reads and writes: `F64`, `F32` (IEEE 754,
 * little-endian) and `I32` (two's complement, little-endian). Other dtypes of the format (`F16`,
 * `BF16`, `I64`, `U8`, …) are refused by name.
 */
export type SafetensorsDType = "F64" | "F32" | "I32";

/** The elements of a {@link NamedTensor}: the typed array of its dtype. */
export type NamedTensorValues = Float64Array | Float32Array | Int32Array;

/**
 * One tensor of a safetensors file: its name, shape and elements, row-major. The dtype is the
 * elements' array type (Float64Array ↔ `F64`, Float32Array ↔ `F32`, Int32Array ↔ `I32`).
 */
export interface NamedTensor {
  /** Unique within a file, not `__metadata__` (e.g. `network.block0.level1.query.weight`). */
  name: string;
  /** Dimensions; `[]` is a scalar (one element). */
  shape: readonly number[];
  /** prod(shape) elements, row-major. */
  values: NamedTensorValues;
}

/** What {@link decodeSafetensors} returns: the tensors in the order of their bytes, and the metadata. */
export interface SafetensorsContent {
  tensors: NamedTensor[];
  /** The header's `__metadata__` map (empty when the file has none). */
  metadata: Record<string, string>;
}

const DTYPES: Readonly<Record<SafetensorsDType, { bytes: number; make: (n: number) => NamedTensorValues }>> =
  {
    F64: { bytes: 8, make: (n) => new Float64Array(n) },
    F32: { bytes: 4, make: (n) => new Float32Array(n) },
    I32: { bytes: 4, make: (n) => new Int32Array(n) },
  };

/** The header key of the metadata map. */
const METADATA = "__metadata__";

/** True on little-endian hosts (every platform Node runs on today); elsewhere bytes are swapped. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The safetensors dtype of a typed array. */
export function safetensorsDType(values: NamedTensorValues): SafetensorsDType {
  if (values instanceof Float64Array) return "F64";
  if (values instanceof Float32Array) return "F32";
  return "I32";
}

/**
 * A safetensors file (https://github.com/huggingface/safetensors, "Format") of `tensors` and
 * `metadata`:
 *
 *   bytes 0..7       N, the header's length, unsigned 64-bit little-endian;
 *   bytes 8..8+N−1   the header, UTF-8 JSON: `{"__metadata__": {…}, name: {"dtype", "shape",
 *                    "data_offsets": [begin, end]}, …}`, padded with spaces so that 8 + N is a
 *                    multiple of 8 (every buffer then starts 8-byte aligned in the file);
 *   bytes 8+N..      the tensors' little-endian elements, contiguous, in the order given, offsets
 *                    relative to this byte buffer.
 *
 * @param tensors - written in this order; names unique and not `__metadata__`.
 * @param metadata - string → string, omitted from the header when empty or absent.
 * @throws Error for duplicate names or values whose length is not prod(shape) (a bug of the caller).
 */
export function encodeSafetensors(
  tensors: readonly NamedTensor[],
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const entries: [string, unknown][] = [];
  if (metadata && Object.keys(metadata).length > 0) entries.push([METADATA, { ...metadata }]);
  const names = new Set<string>([METADATA]);
  let offset = 0;
  for (const { name, shape, values } of tensors) {
    if (names.has(name)) throw new Error(`safetensors: tensor name ${name} is taken`);
    names.add(name);
    if (shape.reduce((a, b) => a * b, 1) !== values.length) {
      throw new Error(`safetensors: ${name} has ${values.length} elements, shape [${shape.join(", ")}]`);
    }
    const dataOffsets = [offset, offset + values.byteLength];
    entries.push([name, { dtype: safetensorsDType(values), shape: [...shape], data_offsets: dataOffsets }]);
    offset += values.byteLength;
  }
  // fromEntries defines own properties, so that no name (`__proto__`) reaches a prototype.
  const text = new TextEncoder().encode(JSON.stringify(Object.fromEntries(entries)));
  const headerLength = Math.ceil((8 + text.length) / 8) * 8 - 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.set(text, 8);
  bytes.fill(0x20, 8 + text.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { values } of tensors) {
    const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    bytes.set(raw, at);
    if (!LITTLE_ENDIAN) swapBytes(bytes.subarray(at, at + raw.length), values.BYTES_PER_ELEMENT);
    at += raw.length;
  }
  return bytes;
}

/**
 * The tensors and metadata of a safetensors file, checked against the format: each refusal is one
 * line naming `source` (a truncated file, a header length beyond the file, a header that is not
 * UTF-8 JSON of the right shape, a dtype other than F64/F32/I32, offsets that overlap, leave a
 * hole or run past the buffer, a byte length that is not prod(shape) × the dtype's size). The
 * tensors come in the order of their offsets, their elements copied into fresh (aligned) arrays.
 *
 * @param source - how messages name the file (`checkpoint runs/.m.checkpoint.safetensors`).
 * @throws HedgelabError for anything the format does not allow.
 */
export function decodeSafetensors(bytes: Uint8Array, source = "the safetensors file"): SafetensorsContent {
  const refuse = (why: string): never => {
    throw new HedgelabError(`${source} is not a valid safetensors file: ${why}`);
  };
  if (bytes.length < 8) refuse(`truncated (${bytes.length} bytes, less than the 8 of the header length)`);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (declared > BigInt(bytes.length - 8)) {
    refuse(`the header length ${declared} runs past the end of the file (${bytes.length} bytes)`);
  }
  const headerEnd = 8 + Number(declared);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (error) {
    refuse(`the header is not UTF-8 JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (!isRecord(header)) return refuse("the header is not a JSON object");
  const metadata = readMetadata(header[METADATA], refuse);
  const buffer = bytes.subarray(headerEnd);
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA)
    .map(([name, entry]) => readEntry(name, entry, refuse));
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const { name, begin, end } of entries) {
    if (begin < expected) refuse(`tensor ${name} overlaps the one before it (bytes ${begin}..${end})`);
    if (begin > expected) refuse(`bytes ${expected}..${begin} of the buffer belong to no tensor`);
    if (end > buffer.length) {
      refuse(`tensor ${name} runs past the end of the buffer (bytes ${begin}..${end} of ${buffer.length})`);
    }
    expected = end;
  }
  if (expected < buffer.length)
    refuse(`bytes ${expected}..${buffer.length} of the buffer belong to no tensor`);
  const tensors = entries.map(({ name, dtype, shape, begin, end }): NamedTensor => {
    const values = DTYPES[dtype].make((end - begin) / DTYPES[dtype].bytes);
    const target = new Uint8Array(values.buffer);
    target.set(buffer.subarray(begin, end));
    if (!LITTLE_ENDIAN) swapBytes(target, DTYPES[dtype].bytes);
    return { name, shape, values };
  });
  return { tensors, metadata };
}

interface Entry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  begin: number;
  end: number;
}

function readEntry(name: string, entry: unknown, refuse: (why: string) => never): Entry {
  if (!isRecord(entry)) return refuse(`tensor ${name} is not described by an object`);
  const { dtype, shape, data_offsets: offsets } = entry;
  if (!isDType(dtype)) {
    return refuse(`tensor ${name} has dtype ${JSON.stringify(dtype)} (hedgelab reads F64, F32 and I32)`);
  }
  if (!isSizes(shape))
    return refuse(`tensor ${name} has shape ${JSON.stringify(shape)} (non-negative integers)`);
  if (!isSizes(offsets) || offsets.length !== 2 || offsets[0]! > offsets[1]!) {
    return refuse(`tensor ${name} has data_offsets ${JSON.stringify(offsets)} ([begin, end], begin ≤ end)`);
  }
  const [begin, end] = offsets as [number, number];
  const bytes = shape.reduce((a, b) => a * b, 1) * DTYPES[dtype].bytes;
  if (bytes !== end - begin) {
    refuse(
      `tensor ${name} of shape [${shape.join(", ")}] needs ${bytes} bytes of ${dtype}, its offsets span ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin, end };
}

function readMetadata(value: unknown, refuse: (why: string) => never): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string")) {
    return refuse(`${METADATA} is not a map of strings to strings`);
  }
  return { ...(value as Record<string, string>) };
}

function isDType(value: unknown): value is SafetensorsDType {
  return typeof value === "string" && Object.hasOwn(DTYPES, value);
}

function isSizes(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((x) => Number.isSafeInteger(x) && (x as number) >= 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reverses the bytes of each `width`-byte element in place (big-endian hosts only). */
function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}
