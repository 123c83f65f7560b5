import { z } from "zod";
import { DEFAULT_RNN_HIDDEN, RnnHedger, type RnnHedgerOptions } from "../hedgers/rnn-hedger.js";
import { option, section } from "../schema/option-meta.js";
import type { ModelEntry } from "./model-entry.js";

/** The inputs an RNN hedger can read per date (`rnn.inputs`); `returns`, the lagged returns, always. */
export const RNN_INPUTS = [
  "returns",
  "previous-holding",
  "time-to-maturity",
  "log-moneyness",
  "world-volatility",
] as const;

/** The hedger's input switches for an `rnn.inputs` list; none when the list is not given (the variant's defaults). */
function inputSwitches(
  inputs: readonly (typeof RNN_INPUTS)[number][] | undefined,
): Pick<RnnHedgerOptions, "previousHolding" | "timeToMaturity" | "moneyness" | "worldVolatility"> {
  if (!inputs) return {};
  return {
    previousHolding: inputs.includes("previous-holding"),
    timeToMaturity: inputs.includes("time-to-maturity"),
    moneyness: inputs.includes("log-moneyness"),
    worldVolatility: inputs.includes("world-volatility"),
  };
}

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
      /**
       * Inputs per date beside the lagged returns, which are always fed: `previous-holding` (the
       * network's holding of the previous date), `time-to-maturity`, `log-moneyness`, and
       * `world-volatility` (√v_t of each asset, on the paths of a stochastic-volatility world only).
       * Default: the first three for the shared variant, none for per-step. `["returns"]` alone is the paper's section
       * 4.1 exactly (the lagged returns r_{t−L}, …, r_{t−1}; with regime-bs paths the regime too).
       */
      inputs: option(
        z
          .array(z.enum(RNN_INPUTS))
          .min(1)
          .refine(
            (list) => list.includes("returns"),
            "must include returns: the lagged returns are always fed",
          )
          .refine((list) => new Set(list).size === list.length, "must not repeat a name")
          .optional(),
        {
          flag: "--rnn-inputs <list>",
          read: "list",
          help: "RNN inputs per date: returns,previous-holding,time-to-maturity,log-moneyness,world-volatility (returns alone: the paper's; world-volatility: heston, rough-bergomi paths only)",
          defaultText: "returns,previous-holding,time-to-maturity,log-moneyness shared; returns per-step",
        },
      ),
    })
    .prefault({}),
  { heading: "RNN hedger:", commands: ["run", "train"] },
);

/**
 * The paper's recurrent hedger (`RnnHedger`): an MLP of the lagged returns (and, by default for the
 * shared variant, its previous holding, the time to maturity and the log-moneyness) per date, shared
 * across dates or one per date; trained with the `training` section's epochs and batch.
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
      ...inputSwitches(options.inputs),
    }),
  restore: (saved) => new RnnHedger(saved.options as unknown as RnnHedgerOptions),
  trainingLength: (_options, training) => ({ epochs: training.epochs, batchSize: training.batchSize }),
};
