import { HedgelabError } from "../errors.js";
import type { NeuralPolicy, SavedPolicy } from "../hedgers/neural-policy.js";
import { RnnHedger, type RnnHedgerOptions } from "../hedgers/rnn-hedger.js";
import { SIGFORMER_FORMAT, SigFormerHedger } from "../hedgers/sigformer-hedger.js";
import type { SigFormerOptions } from "../hedgers/sigformer-options.js";
import type { NeuralStrategy, RunConfig } from "./run-config.js";

/**
 * The configured, untrained hedger of kind `kind` for hedge set `hedge`: the `rnn` or `sigformer`
 * section of the run's configuration, T = `data.steps`, weights seeded by the training seed.
 *
 * @param regimes - K, the regime labels the hedger sees one-hot (0: none).
 */
export function buildPolicy(
  config: RunConfig,
  kind: NeuralStrategy,
  hedge: readonly string[],
  regimes: number,
): NeuralPolicy {
  const seed = config.training.seed ?? config.seed;
  const common = { assets: hedge.length, steps: config.data.steps, regimes, seed };
  if (kind === "sigformer") {
    const { size, dim, order, heads, blocks, dropout, features } = config.sigformer;
    return new SigFormerHedger({
      ...common,
      size,
      dropout,
      features: [...features],
      ...(dim !== undefined ? { dim } : {}),
      ...(order !== undefined ? { order } : {}),
      ...(heads !== undefined ? { heads } : {}),
      ...(blocks !== undefined ? { blocks } : {}),
    });
  }
  const { rnn } = config;
  return new RnnHedger({
    ...common,
    variant: rnn.variant,
    lags: rnn.lags,
    activation: rnn.activation,
    ...(rnn.hidden ? { hidden: rnn.hidden } : {}),
    ...(rnn.moneyness !== undefined ? { moneyness: rnn.moneyness } : {}),
  });
}

/**
 * Rebuilds a saved hedger (a model file's `policy`) with its saved options and weights; fails with
 * one line naming `file` for an unknown kind, another format version, or weights that do not fit.
 */
export function loadPolicy(saved: SavedPolicy, file: string): NeuralPolicy {
  let policy: NeuralPolicy;
  try {
    if (saved.kind === "rnn") policy = new RnnHedger(saved.options as unknown as RnnHedgerOptions);
    else if (saved.kind === "sigformer") {
      // Another format's options may not even build: refuse it before reading them.
      if (saved.version !== SIGFORMER_FORMAT) {
        throw new HedgelabError(
          `the saved SigFormer has format ${saved.version ?? "(none)"}, this hedgelab reads format ${SIGFORMER_FORMAT}`,
        );
      }
      policy = new SigFormerHedger(saved.options as unknown as SigFormerOptions);
    } else
      throw new HedgelabError(`unknown model kind ${JSON.stringify(saved.kind)} (known: rnn, sigformer)`);
    try {
      policy.load(saved);
    } catch (error) {
      policy.dispose();
      throw error;
    }
  } catch (error) {
    if (error instanceof HedgelabError) throw new HedgelabError(`${file}: ${error.message}`);
    throw error;
  }
  return policy;
}
