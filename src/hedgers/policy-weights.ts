import { HedgelabError } from "../errors.js";
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from "../tensor/safetensors.js";
import { savedElements, savedTensor } from "../tensor/serialize.js";
import type { SavedPolicy } from "./neural-policy.js";

/**
 * A {@link SavedPolicy} without its weights: what a model folder's `model.json` holds beside
 * `weights.safetensors`. `parameters` and `buffers` list the names of the policy's tensors in
 * the weights file, each `<prefix><name>`: the prefix is empty for the model itself, and a policy
 * nested in an option (the residual wrapper's `network`) is described in that option with the
 * prefix `<option>.` (`network.`).
 */
export interface PolicyDescription {
  kind: string;
  version?: number;
  /** The policy's options; a nested policy's option holds its own description. */
  options: Record<string, unknown>;
  /** Names of the trainable parameters, in the policy's order (`layer0.weight`, `residual.bias`). */
  parameters: string[];
  /** Names of the non-trainable state (`bn0.running_mean`, `dropout_draws`), float64 tensors. */
  buffers: string[];
}

/** A policy split into its description and its named tensors (a model's weights file). */
export interface PolicyWeights {
  description: PolicyDescription;
  /**
   * Every tensor of the policy and of the policies nested in it, names prefixed (unique across the
   * model): the parameters in their dtype, the buffers as float64 vectors.
   */
  tensors: NamedTensor[];
}

/**
 * Splits a saved policy into its description (JSON, no weights) and its tensors, named after
 * what they are: a residual-wrapped SigFormer gives `network.projection.weight`,
 * `network.block0.level1.query.weight`, …, `network.readout.bias`, `network.dropout_draws`,
 * `residual.weight`, `residual.bias`; a per-step RNN `step0.layer0.weight`, `step0.bn0.running_mean`, ….
 * The nested policy's tensors come first, then the policy's own parameters, then its buffers (so
 * that a residual policy's parameters are in the order of its `parameters`).
 *
 * @param prefix - put before every name; default empty.
 * @throws HedgelabError when a saved parameter does not fit its shape.
 */
export function policyWeights(saved: SavedPolicy, prefix = ""): PolicyWeights {
  const tensors: NamedTensor[] = [];
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(saved.options)) {
    if (!isSavedPolicy(value)) {
      options[key] = value;
      continue;
    }
    const nested = policyWeights(value, `${prefix}${key}.`);
    options[key] = nested.description;
    tensors.push(...nested.tensors);
  }
  for (const p of saved.parameters) {
    tensors.push({ name: `${prefix}${p.name}`, shape: [...p.shape], values: savedElements(p) });
  }
  for (const [name, values] of Object.entries(saved.buffers)) {
    tensors.push({ name: `${prefix}${name}`, shape: [values.length], values: Float64Array.from(values) });
  }
  const description: PolicyDescription = {
    kind: saved.kind,
    ...(saved.version !== undefined ? { version: saved.version } : {}),
    options,
    parameters: saved.parameters.map((p) => p.name),
    buffers: Object.keys(saved.buffers),
  };
  return { description, tensors };
}

/**
 * The saved policy of a description and its tensors, the inverse of {@link policyWeights}: ready
 * for `restorePolicy` or a policy's `load`. Every tensor the description names must be there
 * (parameters F32 or F64, buffers F64 vectors) and, at the top level (empty prefix), every tensor
 * must belong to the model.
 *
 * @param source - how messages name the weights (`models/x/weights.safetensors`).
 * @param prefix - before every name, as given to {@link policyWeights}; with a prefix, tensors of
 *   other names are left alone (a checkpoint holds several policies).
 * @throws HedgelabError naming `source` and the tensor for a missing, extra or mistyped tensor.
 */
export function policyFromWeights(
  description: PolicyDescription,
  tensors: readonly NamedTensor[],
  source = "the weights file",
  prefix = "",
): SavedPolicy {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const used = new Set<string>();
  const saved = fromWeights(description, byName, used, source, prefix);
  const extra = prefix === "" ? tensors.find((t) => !used.has(t.name)) : undefined;
  if (extra) throw new HedgelabError(`${source} has a tensor ${extra.name} that the model does not use`);
  return saved;
}

/**
 * The tensor names of a described policy's trainable parameters, prefixed, in the order of the
 * policy's `parameters` (a wrapper's nested policy first, as `ResidualHedger` orders them): the
 * names of the optimiser's moments in a checkpoint.
 */
export function parameterNames(description: PolicyDescription, prefix = ""): string[] {
  const nested = Object.entries(description.options).flatMap(([key, value]) =>
    isDescription(value) ? parameterNames(value, `${prefix}${key}.`) : [],
  );
  return [...nested, ...description.parameters.map((name) => `${prefix}${name}`)];
}

/** A safetensors file of the policy's tensors ({@link policyWeights}), for `weights.safetensors`. */
export function encodeModelWeights(saved: SavedPolicy): Uint8Array {
  return encodeSafetensors(policyWeights(saved).tensors);
}

/**
 * The saved policy of a model folder: its description (`model.json`) with the tensors of its
 * weights file read from `bytes`, checked as in {@link decodeSafetensors} and {@link policyFromWeights}.
 *
 * @example
 * const policy = restorePolicy(decodeModelWeights(model.policy, readFileSync("weights.safetensors")));
 */
export function decodeModelWeights(
  description: PolicyDescription,
  bytes: Uint8Array,
  source = "the weights file",
): SavedPolicy {
  return policyFromWeights(description, decodeSafetensors(bytes, source).tensors, source);
}

function fromWeights(
  description: PolicyDescription,
  tensors: ReadonlyMap<string, NamedTensor>,
  used: Set<string>,
  source: string,
  prefix: string,
): SavedPolicy {
  if (!isDescription(description)) {
    throw new HedgelabError(`the description of ${source}${prefix ? ` (${prefix})` : ""} is not a policy's`);
  }
  const take = (name: string): NamedTensor => {
    const tensor = tensors.get(`${prefix}${name}`);
    if (!tensor) throw new HedgelabError(`${source} has no tensor ${prefix}${name}`);
    used.add(tensor.name);
    return tensor;
  };
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(description.options)) {
    options[key] = isDescription(value)
      ? fromWeights(value, tensors, used, source, `${prefix}${key}.`)
      : value;
  }
  const parameters = description.parameters.map((name) => {
    const { shape, values } = take(name);
    if (values instanceof Int32Array)
      throw new HedgelabError(`${source}: tensor ${prefix}${name} is I32, not F32 or F64`);
    return savedTensor(name, shape, values);
  });
  const buffers: Record<string, number[]> = {};
  for (const name of description.buffers) {
    const { shape, values } = take(name);
    if (!(values instanceof Float64Array) || shape.length !== 1) {
      throw new HedgelabError(`${source}: buffer ${prefix}${name} is not an F64 vector`);
    }
    buffers[name] = Array.from(values);
  }
  return {
    kind: description.kind,
    ...(description.version !== undefined ? { version: description.version } : {}),
    options,
    parameters,
    buffers,
  };
}

/** Whether an option value is a nested saved policy (the residual wrapper's `network`). */
function isSavedPolicy(value: unknown): value is SavedPolicy {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { kind, options, parameters, buffers } = value as Record<string, unknown>;
  return (
    typeof kind === "string" &&
    typeof options === "object" &&
    options !== null &&
    Array.isArray(parameters) &&
    typeof buffers === "object" &&
    buffers !== null &&
    !Array.isArray(buffers)
  );
}

/** Whether a value has a description's shape: kind, options, and names of parameters and buffers. */
export function isDescription(value: unknown): value is PolicyDescription {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { kind, version, options, parameters, buffers } = value as Record<string, unknown>;
  const names = (x: unknown): boolean => Array.isArray(x) && x.every((n) => typeof n === "string");
  return (
    typeof kind === "string" &&
    (version === undefined || typeof version === "number") &&
    typeof options === "object" &&
    options !== null &&
    !Array.isArray(options) &&
    names(parameters) &&
    names(buffers)
  );
}
