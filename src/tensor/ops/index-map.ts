/**
 * Index maps: for each element of one array, the flat index of the element it reads from or adds
 * into in another. Broadcasting, reductions and permutations all become one gather or scatter-add
 * loop over such a map (the gradient of a broadcast is the scatter-add over its map).
 */

/** The shape of a broadcast of `a` and `b` (NumPy rules), or an error naming both shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`shapes [${a.join(", ")}] and [${b.join(", ")}] do not broadcast`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1]! * shape[i + 1]!;
  return out;
}

/**
 * For each element of `outShape`, the flat index in an array of shape `inShape` broadcast to it;
 * null when the shapes are equal (the identity map).
 */
export function broadcastMap(inShape: readonly number[], outShape: readonly number[]): Int32Array | null {
  const size = outShape.reduce((x, y) => x * y, 1);
  const inSize = inShape.reduce((x, y) => x * y, 1);
  if (inSize === size) return null;
  const rank = outShape.length;
  const inStrides = strides(inShape);
  const step: number[] = [];
  for (let i = 0; i < rank; i++) {
    const k = inShape.length - rank + i;
    step.push(k >= 0 && inShape[k] !== 1 ? inStrides[k]! : 0);
  }
  return walk(outShape, step, size);
}

/** For each element of `shape`, the flat index of its image in the array permuted by `perm`. */
export function permuteMap(shape: readonly number[], perm: readonly number[]): Int32Array {
  const outShape = perm.map((p) => shape[p]!);
  const outStrides = strides(outShape);
  const step = new Array<number>(shape.length).fill(0);
  perm.forEach((p, i) => (step[p] = outStrides[i]!));
  return walk(
    shape,
    step,
    shape.reduce((x, y) => x * y, 1),
  );
}

/**
 * For each element of `shape`, the flat index of its bin when `axes` are summed out; with the
 * reduced shape (dimensions of size 1 where reduced).
 */
export function reduceMap(
  shape: readonly number[],
  axes: readonly number[],
): { map: Int32Array; keptShape: number[] } {
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = strides(keptShape);
  const step = shape.map((_, i) => (axes.includes(i) ? 0 : keptStrides[i]!));
  return {
    map: walk(
      shape,
      step,
      shape.reduce((x, y) => x * y, 1),
    ),
    keptShape,
  };
}

/** Walks `shape` in row-major order and returns the running sum of `step[d]` per coordinate. */
function walk(shape: readonly number[], step: readonly number[], size: number): Int32Array {
  const map = new Int32Array(size);
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  let index = 0;
  for (let i = 0; i < size; i++) {
    map[i] = index;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      index += step[d]!;
      if (counter[d]! < shape[d]!) break;
      index -= step[d]! * shape[d]!;
      counter[d] = 0;
    }
  }
  return map;
}

/** Normalises axis arguments: negative axes count from the end; undefined means every axis. */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number): number[] {
  const list = axes === undefined ? [...Array(rank).keys()] : typeof axes === "number" ? [axes] : [...axes];
  return list.map((a) => {
    const axis = a < 0 ? a + rank : a;
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank)
      throw new Error(`axis ${a} is out of range for rank ${rank}`);
    return axis;
  });
}
