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
