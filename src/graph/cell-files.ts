import type { CellFiles } from "./cell.js";

/** The bytes of a typed array, without copying: what a codec stores for it. */
export function bytesOf(values: Float64Array | Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** A stored file as text; throws when it is missing. */
export function textFile(files: CellFiles, name: string): string {
  const file = files[name];
  if (file === undefined) throw new Error(`no ${name}`);
  return typeof file === "string"
    ? file
    : Buffer.from(file.buffer, file.byteOffset, file.byteLength).toString("utf8");
}

/** A stored file's bytes; throws when it is missing. */
export function bytesFile(files: CellFiles, name: string): Uint8Array {
  const file = files[name];
  if (file === undefined) throw new Error(`no ${name}`);
  return typeof file === "string" ? new TextEncoder().encode(file) : file;
}

/**
 * A stored file as an aligned typed array of `count` elements (a copy: a file's bytes need not be
 * aligned); throws when it is missing or of another size.
 */
export function arrayFile<A extends Float64Array | Int32Array>(
  files: CellFiles,
  name: string,
  Kind: { new (length: number): A; readonly BYTES_PER_ELEMENT: number },
  count: number,
): A {
  const file = bytesFile(files, name);
  if (file.byteLength !== count * Kind.BYTES_PER_ELEMENT)
    throw new Error(`${name} does not hold ${count} values`);
  const values = new Kind(count);
  new Uint8Array(values.buffer).set(file);
  return values;
}
