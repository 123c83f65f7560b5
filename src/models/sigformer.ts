import { z } from "zod";
import { HedgelabError } from "../errors.js";
import { SIGFORMER_FORMAT, SigFormerHedger } from "../hedgers/sigformer-hedger.js";
import { resolveSigFormerOptions, type SigFormerOptions } from "../hedgers/sigformer-options.js";
import { option, section } from "../schema/option-meta.js";
import type { ModelEntry } from "./model-entry.js";

const size = "of --sigformer-size";
const schema = section(
  z
    .strictObject({
      /** Named configuration the next four default to: paper (d 8, m 3, 2 heads, 2 blocks) or small (4, 3, 2, 1). */
      size: option(z.enum(["paper", "small"]).default("paper"), {
        flag: "--sigformer-size <size>",
        help: "SigFormer configuration (paper: dim 8, order 3, 2 heads, 2 blocks; small: 4, 3, 2, 1)",
      }),
      dim: option(z.number().int().min(1).max(64).optional(), {
        flag: "--dim <d>",
        read: "number",
        help: "channels d of the projected path; level k has d^k features",
        defaultText: size,
      }),
      order: option(z.number().int().min(1).max(4).optional(), {
        flag: "--order <m>",
        read: "number",
        help: "signature truncation order, 1..4",
        defaultText: size,
      }),
      heads: option(z.number().int().min(1).max(64).optional(), {
        flag: "--heads <h>",
        read: "number",
        help: "attention heads per level, each of the level's full width",
        defaultText: size,
      }),
      blocks: option(z.number().int().min(1).max(64).optional(), {
        flag: "--blocks <n>",
        read: "number",
        help: "attention + MLP blocks",
        defaultText: size,
      }),
      dropout: option(z.number().min(0).lt(1).default(0), {
        flag: "--dropout <p>",
        read: "number",
        help: "dropout after attention and MLP, in [0, 1)",
      }),
      /** Inputs per date: returns (the paper's), log-moneyness, time-to-maturity. */
      inputs: option(
        z
          .array(z.enum(["returns", "log-moneyness", "time-to-maturity"]))
          .min(1)
          .refine((f) => new Set(f).size === f.length, "must not repeat a name")
          .default(["returns"]),
        {
          flag: "--sigformer-inputs <list>",
          read: "list",
          help: "inputs per date: returns,log-moneyness,time-to-maturity (returns: the paper's)",
        },
      ),
      /** Training epochs of the SigFormer (the paper's few epochs, appendix 8.4). */
      epochs: option(z.number().int().min(1).max(100_000).default(5), {
        flag: "--sigformer-epochs <n>",
        read: "number",
        help: "SigFormer training epochs (the paper's few; --epochs sets it too unless this is given)",
      }),
      /**
       * Paths per training step, or "all": the whole training set per step (the paper's). Default 32:
       * whole-set batches make one optimiser step per epoch (5 in all with the default epochs), too few
       * for the model to leave its starting point (docs/training.md, "Defaults that move").
       */
      batchSize: option(z.union([z.literal("all"), z.number().int().min(2)]).default(32), {
        flag: "--sigformer-batch-size <n>",
        read: "number-or-all",
        help: "SigFormer paths per step, or all: the whole training set, the paper's, one step per epoch (--batch-size sets it too unless this is given)",
      }),
    })
    .prefault({}),
  { heading: "SigFormer hedger:", commands: ["run", "train"] },
);

type Options = z.output<typeof schema>;

/** The architecture options of a section, as `SigFormerOptions` takes them. */
function architecture(options: Options): Omit<SigFormerOptions, "assets" | "steps"> {
  const { dim, order, heads, blocks } = options;
  return {
    size: options.size,
    dropout: options.dropout,
    inputs: [...options.inputs],
    ...(dim !== undefined ? { dim } : {}),
    ...(order !== undefined ? { order } : {}),
    ...(heads !== undefined ? { heads } : {}),
    ...(blocks !== undefined ? { blocks } : {}),
  };
}

/**
 * The paper's SigFormer (`SigFormerHedger`): streaming signatures of a learned projection with causal
 * attention per signature level; trained by default with the paper's few epochs, in batches of 32 paths
 * (`batchSize: "all"`: the paper's whole-set batches, one optimiser step per epoch).
 */
export const SIGFORMER_MODEL: ModelEntry<"sigformer", "sigformer", typeof schema> = {
  name: "sigformer",
  section: "sigformer",
  title: "SigFormer hedger",
  schema,
  kind: "sigformer",
  folder: "sigformer",
  build: (options, problem) => new SigFormerHedger({ ...problem, ...architecture(options) }),
  restore(saved) {
    // Another format's options may not even build: refuse it before reading them.
    if (saved.version !== SIGFORMER_FORMAT) {
      throw new HedgelabError(
        `the saved SigFormer has format ${saved.version ?? "(none)"}, this hedgelab reads format ${SIGFORMER_FORMAT}`,
      );
    }
    return new SigFormerHedger(saved.options as unknown as SigFormerOptions);
  },
  trainingLength: (options, _training, paths) => ({
    epochs: options.epochs,
    batchSize: options.batchSize === "all" ? Math.max(2, paths) : options.batchSize,
  }),
  sharedLength: { epochs: "epochs", batchSize: "batchSize" },
  check: (options, problem) => void resolveSigFormerOptions({ ...problem, ...architecture(options) }),
};
