import { HedgelabError } from "../errors.js";
import { BYTES, type DType, type Tensor, type TypedArray } from "./tensor.js";

/**
 * One saved parameter: name, shape, dtype and its elements, either as `data` (base64 of the
 * little-endian bytes of the dtype: exact and compact, what {@link saveTensors} writes) or as
 * `values` (a JSON array of numbers, read for files written before `data` existed).
 */
export interface SavedTensor {
  name: string;
  shape: number[];
  dtype: DType;
  /** Base64 of the elements' bytes (float32 or float64, little-endian). */
  data?: string;
  /** The elements as numbers (older files). */
  values?: number[];
}

/** Base64 of the bytes of `values` (a copy of its elements, little-endian on every platform Node runs on). */
export function encodeElements(values: TypedArray): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

/** The elements of a base64 text written by {@link encodeElements} for `dtype`; undefined when it is not `count` elements. */
export function decodeElements(data: string, dtype: DType, count: number): TypedArray | undefined {
  const bytes = Buffer.from(data, "base64");
  if (bytes.length !== count * BYTES[dtype]) return undefined;
  // Copy into an aligned buffer: a Buffer's offset need not be a multiple of 8.
  const aligned = new ArrayBuffer(bytes.length);
  new Uint8Array(aligned).set(bytes);
  return dtype === "float32" ? new Float32Array(aligned) : new Float64Array(aligned);
}

/**
 * The elements of a saved tensor as a fresh typed array of its dtype, prod(shape) of them (from
 * `data` or, in older files, `values`); fails with one line naming `source` and the tensor when
 * they do not fit the shape.
 */
export function savedElements(saved: SavedTensor, source = "the saved model"): TypedArray {
  const count = saved.shape.reduce((a, b) => a * b, 1);
  const dtype: DType = saved.dtype === "float64" ? "float64" : "float32";
  const values =
    typeof saved.data === "string"
      ? decodeElements(saved.data, dtype, count)
      : saved.values && (dtype === "float64" ? Float64Array : Float32Array).from(saved.values);
  if (!values || values.length !== count) {
    throw new HedgelabError(`${source}: parameter ${saved.name} does not hold ${count} ${dtype} elements`);
  }
  return values;
}

/** A saved tensor of `values` (copied, as base64 `data`), the inverse of {@link savedElements}. */
export function savedTensor(name: string, shape: readonly number[], values: TypedArray): SavedTensor {
  const dtype: DType = values instanceof Float64Array ? "float64" : "float32";
  return { name, shape: [...shape], dtype, data: encodeElements(values) };
}

/** The parameters' values, for a JSON file (base64 elements: about a quarter of the text of decimals). */
export function saveTensors(parameters: readonly Tensor[]): SavedTensor[] {
  return parameters.map((p, k) => ({
    name: p.name ?? `p${k}`,
    shape: [...p.shape],
    dtype: p.dtype,
    data: encodeElements(p.values()),
  }));
}

/**
 * Writes saved values into `parameters`, matched by name; fails with one line when a name, shape
 * or count differs (the file belongs to another model or configuration).
 */
export function loadTensors(
  parameters: readonly Tensor[],
  saved: readonly SavedTensor[],
  source = "the saved model",
): void {
  if (saved.length !== parameters.length) {
    throw new HedgelabError(`${source} has ${saved.length} parameters, the model has ${parameters.length}`);
  }
  parameters.forEach((p, k) => {
    const name = p.name ?? `p${k}`;
    const s = saved.find((x) => x.name === name);
    if (!s) throw new HedgelabError(`${source} has no parameter ${name}`);
    if (s.shape.length !== p.shape.length || s.shape.some((d, i) => d !== p.shape[i])) {
      throw new HedgelabError(
        `${source}: parameter ${name} has shape [${s.shape.join(", ")}], the model needs [${p.shape.join(", ")}]`,
      );
    }
    const values =
      typeof s.data === "string"
        ? decodeElements(s.data, s.dtype === "float64" ? "float64" : "float32", p.size)
        : s.values;
    if (!values || values.length !== p.size) {
      throw new HedgelabError(`${source}: parameter ${name} does not hold ${p.size} ${s.dtype} elements`);
    }
    p.values().set(values);
  });
}
