import { z } from "zod";
import { DEFAULT_RNN_HIDDEN, RnnHedger, type RnnHedgerOptions } from "../hedgers/rnn-hedger.js";
import { option, section } from "../schema/option-meta.js";
import type { ModelEntry } from "./model-entry.js";

const schema = section(
  z
    .strictObject({
      variant: option(z.enum(["shared", "per-step"]).default("shared"), {
        flag: "--variant <variant>",
        help: "RNN hedger",
      }),
      /** Hidden widths; default [64, 64] (shared) or [20, 20] (per-step). */
      hidden: option(z.array(z.number().int().min(1).max(4096)).min(1).optional(), {
        flag: "--hidden <list>",
        read: "numbers",
        help: "RNN hidden widths",
        defaultText: `${DEFAULT_RNN_HIDDEN.shared.join(",")} shared; ${DEFAULT_RNN_HIDDEN["per-step"].join(",")} per-step`,
      }),
      lags: option(z.number().int().min(1).max(30).default(1), {
        flag: "--lags <n>",
        read: "number",
        help: "lagged daily log-returns per asset fed to the RNN",
      }),
      activation: option(z.enum(["relu", "tanh"]).default("relu"), {
        flag: "--activation <name>",
        help: "RNN activation",
      }),
      /** Feed log(S_t/K); default true for shared, false for per-step. */
      moneyness: z.boolean().optional(),
    })
    .prefault({}),
  { heading: "RNN hedger:", commands: ["run", "train"] },
);

/**
 * The paper's recurrent hedger (`RnnHedger`): an MLP of the lagged returns and its previous holding
 * per date, shared across dates or one per date; trained with the `training` section's epochs and batch.
 */
export const RNN_MODEL: ModelEntry<"rnn", "rnn", typeof schema> = {
  name: "rnn",
  section: "rnn",
  title: "RNN hedger",
  schema,
  kind: "rnn",
  folder: "",
  build: (options, problem) =>
    new RnnHedger({
      ...problem,
      variant: options.variant,
      lags: options.lags,
      activation: options.activation,
      ...(options.hidden ? { hidden: options.hidden } : {}),
      ...(options.moneyness !== undefined ? { moneyness: options.moneyness } : {}),
    }),
  restore: (saved) => new RnnHedger(saved.options as unknown as RnnHedgerOptions),
  trainingLength: (_options, training) => ({ epochs: training.epochs, batchSize: training.batchSize }),
};
