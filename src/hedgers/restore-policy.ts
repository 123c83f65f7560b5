import { HedgelabError } from "../errors.js";
import type { NeuralPolicy, SavedPolicy } from "./neural-policy.js";
import { ResidualHedger, type ResidualHedgerOptions } from "./residual-hedger.js";

/** Makes an empty policy of a saved kind from its snapshot's options (and format version), ready for `load`. */
export type PolicyFactory = (saved: { options: Record<string, unknown>; version?: number }) => NeuralPolicy;

/**
 * Rebuilds a trained neural policy from its snapshot ({@link NeuralPolicy.save}): a network of a kind
 * `factoryOf` knows (the model registry's), or a `residual` wrapper around any restorable network.
 * The snapshot may have its weights inline (base64 `data`, or the `values` arrays of older files),
 * or come from a model folder's description and weights file (`decodeModelWeights`).
 *
 * @param factoryOf - the factory of a saved kind; throws a HedgelabError for an unknown kind.
 * @throws HedgelabError for an unknown kind or parameters that do not fit the options.
 */
export function restorePolicy(saved: SavedPolicy, factoryOf: (kind: string) => PolicyFactory): NeuralPolicy {
  if (saved.kind === "residual") {
    const inner = saved.options.network;
    if (typeof inner !== "object" || inner === null)
      throw new HedgelabError("the saved residual policy has no network");
    const network = restorePolicy(inner as SavedPolicy, factoryOf);
    const policy = new ResidualHedger(network, saved.options as unknown as ResidualHedgerOptions);
    return loaded(policy, saved);
  }
  return loaded(factoryOf(saved.kind)(saved), saved);
}

function loaded(policy: NeuralPolicy, saved: SavedPolicy): NeuralPolicy {
  try {
    policy.load(saved);
  } catch (error) {
    policy.dispose();
    throw error;
  }
  return policy;
}
