import { HedgelabError } from "../errors.js";
import type { DType, Tensor } from "./tensor.js";

/** One saved parameter: name, shape, dtype and values (finite numbers, as JSON). */
export interface SavedTensor {
  name: string;
  shape: number[];
  dtype: DType;
  values: number[];
}

/** The parameters' values, for a JSON file. */
export function saveTensors(parameters: readonly Tensor[]): SavedTensor[] {
  return parameters.map((p, k) => ({
    name: p.name ?? `p${k}`,
    shape: [...p.shape],
    dtype: p.dtype,
    values: Array.from(p.values()),
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
    if (
      s.shape.length !== p.shape.length ||
      s.shape.some((d, i) => d !== p.shape[i]) ||
      s.values.length !== p.size
    ) {
      throw new HedgelabError(
        `${source}: parameter ${name} has shape [${s.shape.join(", ")}], the model needs [${p.shape.join(", ")}]`,
      );
    }
    p.values().set(s.values);
  });
}
