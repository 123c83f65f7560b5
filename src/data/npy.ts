import { HedgelabError } from "../errors.js";

/**
 * NumPy's `.npy` format (version 1.0), so that generated paths load in one line in Python
 * (`numpy.load("paths.npy")`): a magic string, a header dict padded to a multiple of 64 bytes, then
 * the raw little-endian C-order data.
 */

/** Element types written to `.npy`. */
export type NpyType = "float64" | "float32" | "int32";

const DESCR: Record<NpyType, string> = { float64: "<f8", float32: "<f4", int32: "<i4" };

/** The header of an `.npy` file holding an array of `shape` and `type` (data follows it). */
export function npyHeader(shape: readonly number[], type: NpyType): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let dict = `{'descr': '${DESCR[type]}', 'fortran_order': False, 'shape': (${dims}), }`;
  const prefix = 10; // magic (6) + version (2) + header length (2)
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - prefix - 1, " ") + "\n";
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY, version 1.0
  out[8] = dict.length & 0xff;
  out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  return out;
}

/** The bytes of a typed array in little-endian order (the platform order on every Node target). */
export function npyData(values: Float64Array | Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** A whole `.npy` file for a small array. */
export function encodeNpy(
  values: Float64Array | Float32Array | Int32Array,
  shape: readonly number[],
): Uint8Array {
  const type: NpyType =
    values instanceof Float64Array ? "float64" : values instanceof Float32Array ? "float32" : "int32";
  const header = npyHeader(shape, type);
  const out = new Uint8Array(header.length + values.byteLength);
  out.set(header, 0);
  out.set(npyData(values), header.length);
  return out;
}

/** An array read from an `.npy` file: its shape, element type and values (a copy, aligned). */
export interface NpyArray {
  shape: number[];
  type: NpyType;
  values: Float64Array | Float32Array | Int32Array;
}

/**
 * Reads the bytes of an `.npy` file written by {@link npyHeader} / {@link encodeNpy} (version 1.0 or
 * 2.0, little-endian `<f8`, `<f4` or `<i4`, C order).
 *
 * @param file - the file name, for messages.
 * @throws HedgelabError naming the file when the bytes are not such an array (magic, header, element
 *   type, Fortran order, a size that does not match the shape).
 */
export function decodeNpy(bytes: Uint8Array, file: string): NpyArray {
  const fail = (why: string): never => {
    throw new HedgelabError(`${file} is not a NumPy array hedgelab can read: ${why}`);
  };
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) fail("no .npy magic string");
  const major = bytes[6]!;
  const lengthBytes = major === 1 ? 2 : major === 2 || major === 3 ? 4 : fail(`format version ${major}`);
  let headerLength = 0;
  for (let i = lengthBytes - 1; i >= 0; i--) headerLength = headerLength * 256 + bytes[8 + i]!;
  const start = 8 + lengthBytes + headerLength;
  if (start > bytes.length) fail("truncated header");
  const header = String.fromCharCode(...bytes.subarray(8 + lengthBytes, start));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const type =
    (Object.keys(DESCR) as NpyType[]).find((t) => DESCR[t] === descr) ??
    fail(`element type ${String(descr)}`);
  if (!/'fortran_order':\s*False/.test(header)) fail("Fortran order");
  const dims = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail("no shape");
  const shape = dims
    .split(",")
    .map((d) => d.trim())
    .filter((d) => d !== "")
    .map((d) => (/^\d+$/.test(d) ? Number(d) : fail(`shape (${dims})`)));
  const count = shape.reduce((a, b) => a * b, 1);
  const size = { float64: 8, float32: 4, int32: 4 }[type];
  if (bytes.length - start !== count * size) {
    fail(`${bytes.length - start} data bytes for shape (${shape.join(", ")}), expected ${count * size}`);
  }
  const body = Uint8Array.prototype.slice.call(bytes, start).buffer; // a copy: a Buffer's slice would share its pool
  const values =
    type === "float64"
      ? new Float64Array(body)
      : type === "float32"
        ? new Float32Array(body)
        : new Int32Array(body);
  return { shape, type, values };
}
