import { HedgelabError } from "../errors.js";
import type { NeuralPolicy, SavedPolicy } from "./neural-policy.js";
import { ResidualHedger, type ResidualHedgerOptions } from "./residual-hedger.js";
import { RnnHedger, type RnnHedgerOptions } from "./rnn-hedger.js";
import { SIGFORMER_FORMAT, SigFormerHedger } from "./sigformer-hedger.js";
import type { SigFormerOptions } from "./sigformer-options.js";

/**
 * Rebuilds a trained neural policy from its snapshot ({@link NeuralPolicy.save}): `rnn`,
 * `sigformer`, or a `residual` wrapper around any restorable network. The snapshot may have its
 * weights inline (base64 `data`, or the `values` arrays of older files), or come from a model
 * folder's description and weights file: `restorePolicy(decodeModelWeights(description, bytes))`.
 *
 * @throws HedgelabError for an unknown kind or parameters that do not fit the options.
 */
export function restorePolicy(saved: SavedPolicy): NeuralPolicy {
  if (saved.kind === "rnn") {
    const policy = new RnnHedger(saved.options as unknown as RnnHedgerOptions);
    return loaded(policy, saved);
  }
  if (saved.kind === "sigformer") {
    // Another format's options may not even build: refuse it before reading them.
    if (saved.version !== SIGFORMER_FORMAT) {
      throw new HedgelabError(
        `the saved SigFormer has format ${saved.version ?? "(none)"}, this hedgelab reads format ${SIGFORMER_FORMAT}`,
      );
    }
    const policy = new SigFormerHedger(saved.options as unknown as SigFormerOptions);
    return loaded(policy, saved);
  }
  if (saved.kind === "residual") {
    const inner = saved.options.network;
    if (typeof inner !== "object" || inner === null)
      throw new HedgelabError("the saved residual policy has no network");
    const network = restorePolicy(inner as SavedPolicy);
    const policy = new ResidualHedger(network, saved.options as unknown as ResidualHedgerOptions);
    return loaded(policy, saved);
  }
  throw new HedgelabError(
    `unknown model kind ${JSON.stringify(saved.kind)} (known: rnn, sigformer, residual)`,
  );
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
