import { HedgelabError } from "../errors.js";
import type { NeuralPolicy, SavedPolicy } from "../hedgers/neural-policy.js";
import { restorePolicy } from "../hedgers/restore-policy.js";
import type { ModelEntry } from "./model-entry.js";
import { RNN_MODEL } from "./rnn.js";
import { SIGFORMER_MODEL } from "./sigformer.js";
import { FEED_FORWARD_MODEL } from "./feed-forward.js";
import { NTB_MODEL } from "./ntb.js";

/**
 * The hedger models a study can train, by name: one line per model, each entry in its own file
 * ({@link ModelEntry}). The configuration's sections and `strategies`, the command line's flags and
 * `--model`, building, restoring, the cache identity, the compatibility checks of `evaluate` and the
 * model folders of a run are all read from here.
 */
export const MODELS = {
  rnn: RNN_MODEL,
  sigformer: SIGFORMER_MODEL,
  "feed-forward": FEED_FORWARD_MODEL,
  ntb: NTB_MODEL,
} as const satisfies Record<string, ModelEntry>;

/** A registered model's name: a learned strategy. */
export type ModelName = keyof typeof MODELS;

/** The names of {@link MODELS}, in registry order. */
export const MODEL_NAMES = Object.keys(MODELS) as [ModelName, ...ModelName[]];

/** The entry of a model by name, with its section's options typed loosely (for code that serves every model). */
export function modelEntry(name: ModelName): ModelEntry {
  return MODELS[name] as unknown as ModelEntry;
}

/** Rebuilds a trained policy from its snapshot: a registered model's kind, or a residual wrapper around one. */
export function restoreModel(saved: SavedPolicy): NeuralPolicy {
  return restorePolicy(saved, (kind) => {
    const entry = Object.values(MODELS).find((m) => m.kind === kind);
    if (!entry) {
      throw new HedgelabError(
        `unknown model kind ${JSON.stringify(kind)} (known: ${[...MODEL_NAMES.map((n) => MODELS[n].kind), "residual"].join(", ")})`,
      );
    }
    return (entry as unknown as ModelEntry).restore;
  });
}

/** The registered model a saved policy is (a residual wrapper's network), or undefined. */
export function modelOfSaved(saved: SavedPolicy): ModelName | undefined {
  const network = saved.kind === "residual" ? (saved.options.network as SavedPolicy | undefined) : saved;
  return MODEL_NAMES.find((name) => MODELS[name].kind === network?.kind);
}
