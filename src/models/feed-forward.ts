import { z } from "zod";
import {
  DEFAULT_FEED_FORWARD_HIDDEN,
  FeedForwardHedger,
  type FeedForwardHedgerOptions,
} from "../hedgers/feed-forward-hedger.js";
import { option, section } from "../schema/option-meta.js";
import type { ModelEntry } from "./model-entry.js";

const schema = section(
  z
    .strictObject({
      hidden: option(
        z
          .array(z.number().int().min(1).max(4096))
          .min(1)
          .default([...DEFAULT_FEED_FORWARD_HIDDEN]),
        { flag: "--ff-hidden <list>", read: "numbers", help: "feed-forward hedger's hidden widths" },
      ),
      activation: option(z.enum(["relu", "tanh"]).default("relu"), {
        flag: "--ff-activation <name>",
        help: "feed-forward hedger's activation",
      }),
    })
    .prefault({}),
  { heading: "Feed-forward hedger:", commands: ["run", "train"] },
);

/**
 * The feed-forward hedger of Buehler et al. (2019) and pfhedge's `MultiLayerPerceptron`
 * (`FeedForwardHedger`): one MLP of what is known on each date (log-moneyness, time to maturity),
 * no recurrence; trained with the `training` section's epochs and batch.
 */
export const FEED_FORWARD_MODEL: ModelEntry<"feed-forward", "feedForward", typeof schema> = {
  name: "feed-forward",
  section: "feedForward",
  title: "Feed-forward hedger",
  schema,
  kind: "feed-forward",
  folder: "feed-forward",
  build: (options, problem) =>
    new FeedForwardHedger({ ...problem, hidden: [...options.hidden], activation: options.activation }),
  restore: (saved) => new FeedForwardHedger(saved.options as unknown as FeedForwardHedgerOptions),
  trainingLength: (_options, training) => ({ epochs: training.epochs, batchSize: training.batchSize }),
};
