import { z } from "zod";
import {
  DEFAULT_BAND_HIDDEN,
  NoTransactionBandHedger,
  type NoTransactionBandHedgerOptions,
} from "../hedgers/no-transaction-band-hedger.js";
import { option, section } from "../schema/option-meta.js";
import type { ModelEntry } from "./model-entry.js";

const schema = section(
  z
    .strictObject({
      hidden: option(
        z
          .array(z.number().int().min(1).max(4096))
          .min(1)
          .default([...DEFAULT_BAND_HIDDEN]),
        { flag: "--ntb-hidden <list>", read: "numbers", help: "no-transaction band hedger's hidden widths" },
      ),
      activation: option(z.enum(["relu", "tanh"]).default("relu"), {
        flag: "--ntb-activation <name>",
        help: "no-transaction band hedger's activation",
      }),
      inputs: option(z.enum(["delta-and-holding", "delta"]).default("delta-and-holding"), {
        flag: "--ntb-inputs <set>",
        help: "band network's inputs per date (delta: the four delta features, Imaki et al.'s; delta-and-holding: and the previous holding)",
      }),
    })
    .prefault({}),
  { heading: "No-transaction band hedger:", commands: ["run", "train"] },
);

/**
 * The no-transaction band hedger of Imaki et al. (2021) and pfhedge's `NoTransactionBandNet`
 * (`NoTransactionBandHedger`): an MLP per date sets a band around the claim's delta at the training
 * volatility, and the holding moves only to the band's nearer edge. It defines its holding itself
 * (`output: "own"`): never wrapped in the residual policy, whatever `policy.output` says. Trained with
 * the `training` section's epochs and batch.
 */
export const NTB_MODEL: ModelEntry<"ntb", "ntb", typeof schema> = {
  name: "ntb",
  section: "ntb",
  title: "No-transaction band hedger",
  schema,
  kind: "ntb",
  folder: "ntb",
  output: "own",
  build: (options, problem) =>
    new NoTransactionBandHedger({
      assets: problem.assets,
      steps: problem.steps,
      volatility: problem.volatility,
      rate: problem.rate,
      regimes: problem.regimes,
      seed: problem.seed,
      hidden: [...options.hidden],
      activation: options.activation,
      inputs: options.inputs,
    }),
  restore: (saved) => new NoTransactionBandHedger(saved.options as unknown as NoTransactionBandHedgerOptions),
  trainingLength: (_options, training) => ({ epochs: training.epochs, batchSize: training.batchSize }),
};
