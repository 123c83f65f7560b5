import { HedgelabError } from "../errors.js";
import {
  parameterNames,
  policyFromWeights,
  policyWeights,
  type PolicyDescription,
  type PolicyWeights,
} from "../hedgers/policy-weights.js";
import type { NamedTensor } from "../tensor/safetensors.js";
import { encodeElements } from "../tensor/serialize.js";
import type { Checkpoint, EpochRecord } from "./fit.js";

/** The name of the loss's ω among the optimiser's moments (`adam.m.omega`). */
const OMEGA = "omega";

/**
 * A {@link Checkpoint} less its tensors: the JSON a checkpoint file keeps in its metadata. The
 * weights and moments are the tensors of {@link checkpointTensors}.
 */
export interface CheckpointDescription {
  epoch: number;
  /** The current policy: tensors `policy.<name>`. */
  policy: PolicyDescription;
  /** The best epoch's policy (tensors `best.<name>`), or `"policy"` when its weights are the current ones. */
  best: PolicyDescription | "policy";
  bestEpoch: number;
  /** Infinity before any epoch was measured (written as null by JSON). */
  bestRisk: number;
  /** Adam's step count, and the names of the parameters whose moments are `adam.m.<name>`, `adam.v.<name>`. */
  optimizer: { step: number; moments: string[] };
  omega: number;
  history: EpochRecord[];
  epochsWithoutImprovement: number;
  initialRisk?: number;
}

/**
 * A checkpoint as named tensors and a description: `policy.<name>` for every tensor of the current
 * policy (names of {@link policyWeights}), `best.<name>` for the best epoch's when they differ from
 * the current ones (otherwise the description's `best` is `"policy"`), and `adam.m.<name>`,
 * `adam.v.<name>` for Adam's moments of each trainable parameter (`<name>` as the policy's tensor,
 * `omega` for the loss's ω), in the moments' dtype (float64: Adam keeps them so).
 *
 * @throws Error when the optimiser's moments do not match the policy's parameters (a bug of the caller).
 */
export function checkpointTensors(checkpoint: Checkpoint): {
  description: CheckpointDescription;
  tensors: NamedTensor[];
} {
  const { policy: current, best: bestPolicy, optimizer, ...rest } = checkpoint;
  const policy = policyWeights(current, "policy.");
  const best = bestPolicy === current ? policy : policyWeights(bestPolicy, "best.");
  const sameBest = best === policy || sameWeights(policy, best);
  const names = parameterNames(policy.description);
  if (optimizer.m.length === names.length + 1) names.push(OMEGA);
  if (optimizer.m.length !== names.length || optimizer.v.length !== names.length) {
    throw new Error(`the optimiser has ${optimizer.m.length} moments, the policy ${names.length} parameters`);
  }
  const sizes = new Map(policy.tensors.map((t) => [t.name.slice("policy.".length), t.values.length]));
  const moment = (kind: "m" | "v", k: number): NamedTensor => {
    const name = names[k]!;
    const size = sizes.get(name) ?? 1; // ω is one number
    return {
      name: `adam.${kind}.${name}`,
      shape: [size],
      values: momentElements(optimizer[kind][k]!, size, name),
    };
  };
  return {
    description: {
      ...rest,
      policy: policy.description,
      best: sameBest ? "policy" : best.description,
      optimizer: { step: optimizer.step, moments: names },
    },
    tensors: [
      ...policy.tensors,
      ...(sameBest ? [] : best.tensors),
      ...names.map((_, k) => moment("m", k)),
      ...names.map((_, k) => moment("v", k)),
    ],
  };
}

/**
 * The checkpoint of a description and its tensors, the inverse of {@link checkpointTensors}.
 *
 * @param source - how messages name the file (`checkpoint runs/.m.checkpoint.safetensors`).
 * @throws HedgelabError naming `source` and the tensor when one is missing or of the wrong type.
 */
export function checkpointFromTensors(
  description: CheckpointDescription,
  tensors: readonly NamedTensor[],
  source: string,
): Checkpoint {
  const { policy: policyDescription, best: bestDescription, optimizer, ...rest } = description;
  const policy = policyFromWeights(policyDescription, tensors, source, "policy.");
  const best =
    bestDescription === "policy" ? policy : policyFromWeights(bestDescription, tensors, source, "best.");
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const moments = (kind: "m" | "v"): string[] =>
    optimizer.moments.map((name) => {
      const tensor = byName.get(`adam.${kind}.${name}`);
      if (!tensor) throw new HedgelabError(`${source} has no tensor adam.${kind}.${name}`);
      if (tensor.values instanceof Int32Array) {
        throw new HedgelabError(`${source}: tensor adam.${kind}.${name} is I32, not F32 or F64`);
      }
      return encodeElements(tensor.values);
    });
  return { ...rest, policy, best, optimizer: { step: optimizer.step, m: moments("m"), v: moments("v") } };
}

/** A moment saved by `Adam.state` (base64 of float32 or float64 bytes, or numbers) as a typed array. */
function momentElements(saved: string | number[], size: number, name: string): Float32Array | Float64Array {
  if (typeof saved !== "string") return Float64Array.from(saved);
  const bytes = Buffer.from(saved, "base64");
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  if (bytes.length === size * 4) return new Float32Array(aligned.buffer);
  if (bytes.length === size * 8) return new Float64Array(aligned.buffer);
  throw new Error(`the optimiser's moment of ${name} has ${bytes.length} bytes for ${size} elements`);
}

/** Whether two policies have the same description and bit-identical tensors. */
function sameWeights(a: PolicyWeights, b: PolicyWeights): boolean {
  if (JSON.stringify(a.description) !== JSON.stringify(b.description)) return false;
  const bytes = (t: NamedTensor): Buffer =>
    Buffer.from(t.values.buffer, t.values.byteOffset, t.values.byteLength);
  return (
    a.tensors.length === b.tensors.length &&
    a.tensors.every((t, k) => {
      const u = b.tensors[k]!;
      return (
        t.shape.join() === u.shape.join() &&
        t.values.constructor === u.values.constructor &&
        bytes(t).equals(bytes(u))
      );
    })
  );
}
