import { z } from "zod";
import { HedgelabError } from "../errors.js";
import { DEFAULT_SEED } from "../random/random-source.js";
import { DEFAULT_HEDGE_SETS, listedOption } from "../data/hedge-sets.js";
import { DEFAULT_MAX_GAP } from "../data/calendar-gaps.js";
import { INTERVAL_METHODS } from "../evaluation/interval-method.js";
import { DEFAULT_PAIRED_METHOD, PAIRED_BLOCK_MULTIPLE } from "../evaluation/paired-comparison.js";
import { DEFAULT_PERIOD } from "../market/market-data.js";
import { RISK_MEASURE_NAMES } from "../risk/risk-measures.js";
import { INSTRUMENT_NAMES } from "../instruments/registry.js";
import { option, section } from "../schema/option-meta.js";
import { fraction, hedgeEntry, isoDate, period, seed, ticker } from "../schema/fields.js";
import { MODEL_NAMES, MODELS, modelEntry, type ModelName } from "../models/registry.js";
import { SOURCE_NAMES, SOURCES, type SourceName } from "../sources/registry.js";

import { configValue } from "../schema/config-path.js";
export { configValue, setPath } from "../schema/config-path.js";
export type { SourceName } from "../sources/registry.js";
export type { ModelName } from "../models/registry.js";

/** Where the learned hedgers' training paths can come from: the registered sources (`SOURCES`). */
export const SOURCE_LIST = SOURCE_NAMES;

/** The baseline strategies, evaluated beside every learned one. */
export const BASELINES = ["delta", "no-hedge"] as const;

/** Strategies the study knows: the baselines and the registered models (`MODELS`). */
export const STRATEGIES = [...BASELINES, ...MODEL_NAMES] as const;
/** A strategy name of {@link STRATEGIES}. */
export type StrategyName = (typeof BASELINES)[number] | ModelName;

/** The sections of a registry's entries that have one, by section key: what the schema takes from it. */
type SectionsOf<R> = {
  [K in keyof R as R[K] extends { section: infer S extends string } ? S : never]: R[K] extends {
    schema: infer Z extends z.ZodType;
  }
    ? Z
    : never;
};

/** The configuration sections of a registry (models, sources), keyed by their section names. */
function sectionsOf<R extends Record<string, { section: string | undefined; schema: z.ZodType | undefined }>>(
  registry: R,
): SectionsOf<R> {
  return Object.fromEntries(
    Object.values(registry).flatMap((entry) =>
      entry.section !== undefined && entry.schema !== undefined ? [[entry.section, entry.schema]] : [],
    ),
  ) as SectionsOf<R>;
}

/**
 * The one schema of a run's configuration, with every default and every command-line flag
 * (`option`): the flag table, `--help` and its defaults are derived from it (src/config/flags.ts),
 * never written twice. Every section has its defaults, so `{}` is the paper's default experiment: an
 * AAPL call struck at 100 (rebased), 30 trading-day windows, hedge sets of 1 to 5 assets, evaluated
 * on the test period of 2008-09-26..2024-12-31. The models' and sources' sections come from their
 * registries (`MODELS`, `SOURCES`).
 */
export const RunConfigSchema = z.strictObject({
  /** Name of the results folder under the output directory; default a UTC timestamp. */
  name: option(
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, '.', '_' or '-'")
      .optional(),
    { flag: "--name <name>", help: "results folder name", group: "output", defaultText: "a UTC timestamp" },
  ),
  /** Seed of every random draw of the run (bootstrap). */
  seed: option(seed.default(DEFAULT_SEED), {
    flag: "--seed <n>",
    read: "number",
    help: "seed of every random draw",
    group: "output",
  }),
  data: section(
    z
      .strictObject({
        /** Price CSV files (wide or long/Yahoo format); default the embedded data. */
        prices: z.array(z.string().min(1)).min(1).optional(),
        /** Price column of long (Yahoo) files; default `Adj Close`, else `Close` in an OHLCV file. */
        priceColumn: option(z.string().min(1).optional(), {
          flag: "--price-column <name>",
          help: "price column of long (Yahoo) files",
          defaultText: "Adj Close, else Close in an OHLCV file",
        }),
        /** Accept prices that jump and revert the next day (refused by default as likely typos). */
        acceptJumps: z.boolean().default(false),
        /** Most business days missing between consecutive dates before a run is refused. */
        maxGap: option(z.number().int().min(0).default(DEFAULT_MAX_GAP), {
          flag: "--max-gap <days>",
          read: "number",
          help: "most business days missing between two dates before the data are refused",
        }),
        /** Implied-volatility CSV (wide, annualised fractions); default the embedded file. */
        impliedVolatility: option(z.string().min(1).optional(), {
          flag: "--implied-vol <file>",
          help: "implied-volatility CSV for --vol-source implied",
          group: "delta",
          defaultText: "embedded",
        }),
        /** First date of the study period; default 2008-09-26, or the data's first date if later. */
        start: option(isoDate.optional(), {
          flag: "--start <date>",
          help: "first date of the study period",
          defaultText: DEFAULT_PERIOD.start,
        }),
        /** Last date of the study period; default 2024-12-31, or the data's last date if earlier. */
        end: option(isoDate.optional(), {
          flag: "--end <date>",
          help: "last date of the study period",
          defaultText: DEFAULT_PERIOD.end,
        }),
        /** T, trading days per window. */
        steps: option(z.number().int().min(1).max(2520).default(30), {
          flag: "--steps <n>",
          read: "number",
          help: "trading days per window, T",
        }),
        /** Days between the starts of consecutive windows. */
        stride: option(z.number().int().min(1).default(1), {
          flag: "--stride <n>",
          read: "number",
          help: "days between window starts",
        }),
        /** Fraction of the period's dates in the training span. */
        train: option(fraction.default(0.7), {
          flag: "--train <fraction|FROM..TO>",
          read: "number",
          periodPath: "data.periods.train",
          help: "training period: a fraction of the dates, or dates FROM..TO",
        }),
        /** Fraction of the dates after training that form the validation span (the rest is test). */
        validation: option(z.number().min(0).lt(1).default(0.2), {
          flag: "--validation <fraction|FROM..TO>",
          read: "number",
          periodPath: "data.periods.validation",
          help: "validation period: a fraction of the dates after training, or dates FROM..TO",
        }),
        /**
         * The periods as dates instead of fractions of start..end (see `PeriodOptions`):
         * `{ "train": "2008-09-26..2019-12-31", "validation": "2020-01-02..2020-12-31", "test": "2021-01-04.." }`.
         * With periods, `start`, `end` and the `train` and `validation` fractions are not used.
         */
        periods: z
          .strictObject({
            train: period.optional(),
            validation: period.optional(),
            test: option(period.optional(), {
              flag: "--test <FROM..TO>",
              periodPath: "data.periods.test",
              group: "data",
              commands: ["run", "train", "evaluate"],
              help: "test period as dates (FROM.. runs to the data's end)",
              defaultText: "every date after validation",
            }),
          })
          .optional(),
      })
      .prefault({}),
    { heading: "Data:", commands: ["run", "train", "evaluate", "generate"] },
  ),
  option: section(
    z
      .strictObject({
        kind: option(z.enum(INSTRUMENT_NAMES).default("call"), {
          flag: "--payoff <kind>",
          commands: ["run", "train", "evaluate"],
          help: "the claim hedged (a registered instrument, on the hedge set's first asset)",
        }),
        /** Strike in rebased units (every window starts at 100). */
        strike: option(z.number().gt(0).default(100), {
          flag: "--strike <k>",
          read: "number",
          commands: ["run", "train", "evaluate"],
          help: "strike in rebased units, S0 = 100",
        }),
        /** The knock-out level of the `barrier` claim, rebased units, above the strike; default 110. */
        barrier: option(z.number().gt(0).optional(), {
          flag: "--barrier <b>",
          read: "number",
          commands: ["run", "train", "evaluate"],
          help: "knock-out level of the barrier payoff, rebased units",
          defaultText: "110",
        }),
        /**
         * The option's underlying: a ticker of every hedge set, which is moved to the front of each;
         * default the first ticker of each hedge set.
         */
        underlying: option(ticker.optional(), {
          flag: "--underlying <ticker>",
          read: "upper",
          commands: ["run", "train", "evaluate"],
          help: "the option's underlying, a ticker of every hedge set",
          defaultText: "the first of each",
        }),
      })
      .refine((o) => o.barrier === undefined || o.kind === "barrier", {
        message: "is a level of the barrier payoff only (--payoff barrier)",
        path: ["barrier"],
      })
      .refine((o) => o.barrier === undefined || o.barrier > o.strike, {
        message: "must be above the strike",
        path: ["barrier"],
      })
      .prefault({}),
    { heading: "Option and hedge sets:", commands: ["run", "train", "evaluate", "generate"] },
  ),
  /** Hedge sets, each a different set; the option's underlying is the first ticker of each. */
  hedgeSets: z
    .array(z.array(hedgeEntry).min(1))
    .min(1)
    .default(DEFAULT_HEDGE_SETS.map((set) => [...set])),
  strategies: option(z.array(z.enum(STRATEGIES)).min(1).default(["delta", "no-hedge", "rnn"]), {
    flag: "--strategies <list>",
    read: "list",
    group: "option",
    commands: ["run"],
    help: `strategies to evaluate: ${STRATEGIES.join(", ")}`,
  }),
  /**
   * The training sources of the study's grid: every learned strategy is trained once per source and
   * hedge set, beside the baselines (the paper's sources × models × hedge sets). Default: the one
   * source `training.data`.
   */
  sources: option(
    z
      .array(z.enum(SOURCE_NAMES))
      .min(1)
      .refine((list) => new Set(list).size === list.length, { message: "must not repeat a source" })
      .optional(),
    {
      flag: "--sources <list>",
      read: "list",
      group: "training",
      commands: ["run"],
      help: `training sources of the grid, each learned model trained once per source: ${SOURCE_NAMES.join(",")}`,
      defaultText: "--data",
    },
  ),
  ...sectionsOf(MODELS),
  /**
   * How a neural hedger (the RNN, the SigFormer) turns its network into holdings: `output: "direct"`
   * (the paper's: the network's output is the holding) or `"residual"` (the Black–Scholes delta with
   * the training volatility plus a correction starting at zero, kept only when it beats the delta
   * hedge on the validation period); `inputs: "delta"` also feeds the residual network the delta
   * hedge's own inputs (log-moneyness, time to maturity, realised volatility, the delta).
   *
   * The defaults (residual, delta inputs, with the unclipped loss, learning rate 3e-3, batches of 64
   * paths, up to 80 epochs with patience 15) are the candidate chosen on the validation period among
   * those compared in docs/experiments.md ("Learned hedgers against the delta hedge": the simplest
   * within one standard error of the least mean validation risk); the paper's plain RNN is
   * `policy.output: "direct"`, `inputs: "paper"`, clip −10, learning rate 1e-3, batches of 256, 20
   * epochs, patience 5.
   */
  policy: z
    .strictObject({
      output: option(z.enum(["direct", "residual"]).default("residual"), {
        flag: "--policy-output <form>",
        group: "training",
        help: "learned holdings (residual: the training-volatility delta + a correction starting at 0; direct: the network's output, the paper's)",
      }),
      inputs: option(z.enum(["paper", "delta"]).default("delta"), {
        flag: "--policy-inputs <inputs>",
        group: "training",
        help: "network inputs (delta: adds log-moneyness, time to maturity, realised volatility and the delta, residual only; paper: the paper's)",
      }),
    })
    .refine((p) => p.inputs === "paper" || p.output === "residual", {
      message: 'inputs "delta" needs output "residual"',
      path: ["inputs"],
    })
    .prefault({}),
  ...sectionsOf(SOURCES),
  /** How the neural hedgers are trained (options of `fit`). */
  training: section(
    z
      .strictObject({
        /** Where the training paths come from: a registered source. */
        data: option(z.enum(SOURCE_NAMES).default("market"), {
          flag: "--data <source>",
          help: "training paths",
        }),
        /** A folder written by `hedgelab generate` whose paths train the hedger (with `data: "regime-bs"`); default: generate them. */
        paths: option(z.string().min(1).optional(), {
          flag: "--paths <dir>",
          commands: ["train"],
          help: "with --data regime-bs, train on the paths of a hedgelab generate folder",
          defaultText: "generate pathsPerRegime per regime",
        }),
        epochs: option(z.number().int().min(1).max(100_000).default(80), {
          flag: "--epochs <n>",
          read: "number",
          help: "most training epochs (early stopping ends most runs sooner)",
        }),
        batchSize: option(z.number().int().min(2).default(64), {
          flag: "--batch-size <n>",
          read: "number",
          help: "paths per training step",
        }),
        learningRate: option(z.number().gt(0).default(3e-3), {
          flag: "--learning-rate <lr>",
          read: "number",
          help: "Adam learning rate",
        }),
        schedule: option(z.enum(["constant", "cosine", "exponential", "step"]).default("constant"), {
          flag: "--schedule <kind>",
          help: "learning-rate schedule",
        }),
        patience: option(z.number().int().min(1).default(15), {
          flag: "--patience <n>",
          read: "number",
          help: "epochs without validation improvement before stopping",
        }),
        selection: option(z.enum(["best", "last"]).default("best"), {
          flag: "--selection <which>",
          help: "weights kept (best: the best validation epoch's)",
        }),
        loss: z
          .strictObject({
            kind: option(z.enum(RISK_MEASURE_NAMES).default("entropic"), {
              flag: "--loss <kind>",
              help: "training loss, a risk measure",
            }),
            /** λ of the training loss; default the evaluation's. */
            riskAversion: z.number().gt(0).optional(),
            /**
             * Lower clip of the P&L in the entropic loss (null: none, hedgelab's default). The paper
             * clips (section 2) without giving the value; −10 is its published code's
             * (`experiments/paper.json`).
             */
            clip: option(z.number().nullable().default(null), {
              flag: "--clip <x>",
              read: "number-or-none",
              help: "lower P&L clip of the entropic loss, or none (the paper's code clips at -10; its text gives no value)",
            }),
            learnPremium: z.boolean().default(false),
            level: fraction.default(0.95),
          })
          .prefault({}),
        /** Seed of the weights and the shuffling; default the run's seed. */
        seed: seed.optional(),
        /**
         * Trainings of each learned hedger with the seeds seed, seed + 1, …: every seed gets its rows and
         * paired comparison, plus the ensemble (averaged holdings) and the mean and spread across seeds.
         */
        seeds: option(z.number().int().min(1).max(50).default(1), {
          flag: "--seeds <n>",
          read: "number",
          commands: ["run"],
          help: "train each learned hedger with n seeds: rows per seed, their ensemble, and the mean and spread across seeds",
        }),
      })
      .prefault({}),
    { heading: "Training:", commands: ["run", "train"] },
  ),
  delta: section(
    z
      .strictObject({
        /** Where the delta hedge's volatility comes from. */
        volatility: option(z.enum(["training", "realized", "implied"]).default("training"), {
          flag: "--vol-source <source>",
          help: "delta-hedge volatility",
        }),
        /** Daily returns in the rolling realised volatility. */
        realizedWindow: option(z.number().int().min(2).default(20), {
          flag: "--realized-window <n>",
          read: "number",
          help: "returns in the realised volatility",
        }),
        /** Annualised rate in the Black–Scholes delta. */
        rate: option(z.number().default(0), {
          flag: "--rate <r>",
          read: "number",
          help: "annualised rate in the Black–Scholes delta",
        }),
      })
      .prefault({}),
    { heading: "Delta hedge:", commands: ["run", "evaluate"] },
  ),
  evaluation: section(
    z
      .strictObject({
        /**
         * The test set: the market's out-of-sample windows, or the paths of a simulated world (a source
         * with `world`), for known-answer studies where the best hedge is known.
         */
        testSource: option(z.enum(SOURCE_NAMES).default("market"), {
          flag: "--test-source <source>",
          commands: ["run"],
          help: "test set: market (out-of-sample windows) or a simulated world's paths (gbm, heston, merton, rough-bergomi), fitted or given as its section says",
        }),
        /** Paths of a simulated test source. */
        testPaths: option(z.number().int().min(10).max(10_000_000).default(5000), {
          flag: "--test-paths <n>",
          read: "number",
          commands: ["run"],
          help: "paths of a simulated --test-source",
        }),
        /** λ of the entropic risk. */
        riskAversion: option(z.number().gt(0).default(1.3), {
          flag: "--risk-aversion <lambda>",
          read: "number",
          commands: ["run", "train", "evaluate"],
          help: "λ of the entropic risk",
        }),
        /** Proportional transaction cost. */
        cost: option(z.number().min(0).default(0), {
          flag: "--cost <c>",
          read: "number",
          commands: ["run", "train", "evaluate"],
          help: "proportional transaction cost",
        }),
        /** Premium p0 received at t = 0. */
        premium: option(z.number().default(0), {
          flag: "--premium <p0>",
          read: "number",
          help: "premium received at t = 0",
        }),
        /** VaR / expected-shortfall levels. */
        levels: option(z.array(fraction).min(1).default([0.95, 0.99]), {
          flag: "--levels <list>",
          read: "numbers",
          help: "VaR / expected-shortfall levels",
        }),
        bootstrap: z
          .strictObject({
            resamples: option(z.number().int().min(2).default(1000), {
              flag: "--bootstrap <n>",
              read: "number",
              help: "bootstrap resamples of the intervals of a resampling --interval (not jackknife-t, which resamples nothing): each strategy's mean, entropic and CVaR intervals and the paired differences with delta",
            }),
            level: fraction.default(0.95),
            /**
             * Block length of the intervals of each strategy's mean and entropic risk; "auto" = ⌈T / stride⌉
             * for the bootstrap methods, `PAIRED_BLOCK_MULTIPLE` × ⌈T / stride⌉ for the jackknife.
             */
            blockLength: option(z.union([z.literal("auto"), z.number().int().min(1)]).default("auto"), {
              flag: "--block-length <n>",
              read: "number-or-auto",
              help: `block length of the intervals of each strategy, or auto: ⌈T / stride⌉ for the bootstrap methods, ${PAIRED_BLOCK_MULTIPLE} ⌈T / stride⌉ for the jackknife-t`,
            }),
            /** How those intervals are made: the paired comparisons' measured method by default. */
            method: z
              .enum(["percentile", "basic", "normal", "bca", "jackknife-t"])
              .default(DEFAULT_PAIRED_METHOD === "studentized" ? "percentile" : DEFAULT_PAIRED_METHOD),
          })
          .prefault({}),
        /**
         * The paired comparisons of every learned strategy with the delta hedge on the same windows
         * (differences of mean, std, CVaR95, entropic risk): how the intervals are made. The
         * defaults are those whose coverage was measured closest to 95% (docs/evaluation.md).
         */
        paired: z
          .strictObject({
            method: option(z.enum(INTERVAL_METHODS).default(DEFAULT_PAIRED_METHOD), {
              flag: "--interval <method>",
              help: "interval method of the paired differences with delta, and of each strategy's intervals unless evaluation.bootstrap.method is set (studentized: percentile there)",
            }),
            /** Block length; "auto" = the measured multiple of ⌈T / stride⌉ (`PAIRED_BLOCK_MULTIPLE`). */
            blockLength: z.union([z.literal("auto"), z.number().int().min(1)]).default("auto"),
          })
          .prefault({}),
      })
      .prefault({}),
    { heading: "Evaluation:", commands: ["run", "evaluate"] },
  ),
});

/** The `--help` group of the top-level flags (`--seed`, `--name`, `--config`, `--out`). */
export const OUTPUT_GROUP = { heading: "Run:", commands: ["run", "train", "evaluate", "generate"] } as const;

/** A run configuration as written by a user: every field optional. */
export type RunConfigInput = z.input<typeof RunConfigSchema>;
/** A resolved run configuration: every default filled in. */
export type RunConfig = z.output<typeof RunConfigSchema>;

/**
 * Validates a configuration and fills its defaults.
 *
 * @param input - parsed JSON (a config file merged with CLI flags).
 * @param names - how to name a config path in messages (e.g. `evaluation.riskAversion` → `--risk-aversion`).
 * @throws HedgelabError with one line: `invalid evaluation.riskAversion: -1 (Too small: expected number to be >0)`.
 */
export function resolveRunConfig(input: unknown, names: Readonly<Record<string, string>> = {}): RunConfig {
  const parsed = RunConfigSchema.safeParse(input, { reportInput: true });
  if (parsed.success) {
    checkModels(parsed.data, names);
    checkTestSource(parsed.data, names);
    return withUnderlyingFirst(parsed.data, names);
  }
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join(".");
  const shownPath = nameOf(path, names);
  if (issue.code === "unrecognized_keys") {
    const where = path === "" ? "the config" : path;
    throw new HedgelabError(
      `unknown option ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} in ${where}`,
    );
  }
  // A refinement of a section reports the whole section: show the field it names instead.
  const value =
    issue.code === "custom" && issue.path.length > 0
      ? configValue(input, path)
      : "input" in issue
        ? issue.input
        : undefined;
  const received =
    value === undefined ? "" : typeof value === "number" ? `${String(value)} ` : `${JSON.stringify(value)} `;
  throw new HedgelabError(`invalid ${shownPath}: ${received}(${issue.message})`);
}

/**
 * How a config path is named in a message: by the flag of the path or of the nearest section above
 * it (`evaluation.levels.0` → `--levels`), else as the path itself.
 */
function nameOf(path: string, names: Readonly<Record<string, string>>): string {
  if (path === "") return "config";
  const keys = path.split(".");
  for (let k = keys.length; k > 0; k--) {
    const flag = names[keys.slice(0, k).join(".")];
    if (flag !== undefined) return flag;
  }
  return path;
}

/**
 * Checks the hedge sets against each other and the option: no ticker twice in a set, no set twice
 * (in any order), and an explicit `option.underlying` in every set, moved to the front of each.
 */
function withUnderlyingFirst(config: RunConfig, names: Readonly<Record<string, string>>): RunConfig {
  const shown = nameOf("hedgeSets", names);
  const seen = new Map<string, number>();
  config.hedgeSets.forEach((set, k) => {
    const twice = set.find((ticker, i) => set.indexOf(ticker) !== i);
    if (twice) throw new HedgelabError(`invalid ${shown}: ${set.join("+")} names ${twice} twice`);
    if (listedOption(set[0]!) && config.option.underlying === undefined)
      throw new HedgelabError(
        `invalid ${shown}: ${set.join("+")} starts with the option ${set[0]}; the first entry is the claim's underlying, a ticker`,
      );
    for (const entry of set) {
      const listed = listedOption(entry);
      if (listed && listed.days < config.data.steps)
        throw new HedgelabError(
          `invalid ${shown}: ${entry} expires after ${listed.days} days, before the ${config.data.steps}-day window ends (give CALL${config.data.steps} or more)`,
        );
    }
    const key = [...set].sort().join("+");
    const first = seen.get(key);
    if (first !== undefined) {
      throw new HedgelabError(
        `invalid ${shown}: hedge sets ${first + 1} and ${k + 1} are the same set (${set.join("+")}); give each once`,
      );
    }
    seen.set(key, k);
  });
  const { underlying } = config.option;
  if (underlying === undefined) return config;
  const hedgeSets = config.hedgeSets.map((set) => {
    if (!set.includes(underlying)) {
      throw new HedgelabError(
        `invalid ${nameOf("option.underlying", names)}: ${underlying} is not in the hedge set ${set.join("+")} (the underlying must be in every hedge set)`,
      );
    }
    return [underlying, ...set.filter((ticker) => ticker !== underlying)];
  });
  return { ...config, hedgeSets };
}

/**
 * Refuses, before any data is read, a model configuration that cannot work for the largest hedge
 * set (the SigFormer's memory estimate): each registered model in `strategies` checks its section,
 * and its one-line message names the field by its flag.
 */
function checkModels(config: RunConfig, names: Readonly<Record<string, string>>): void {
  const assets = Math.max(...config.hedgeSets.map((set) => set.length));
  for (const name of MODEL_NAMES) {
    const entry = modelEntry(name);
    if (!config.strategies.includes(name) || !entry.check) continue;
    try {
      entry.check((config as unknown as Record<string, unknown>)[entry.section], {
        assets,
        steps: config.data.steps,
      });
    } catch (error) {
      if (!(error instanceof HedgelabError)) throw error;
      throw new HedgelabError(
        error.message.replace(
          /^invalid (\w+) /,
          (_, field: string) => `invalid ${nameOf(`${entry.section}.${field}`, names)} `,
        ),
      );
    }
  }
}

/**
 * Refuses a test source that cannot be a test set (a source that is not a simulated world), a
 * delta-hedge volatility that needs market dates (realised, implied) on simulated test paths, and
 * the RNN's world-volatility input where training or test paths have no variance.
 */
function checkTestSource(config: RunConfig, names: Readonly<Record<string, string>>): void {
  const { testSource } = config.evaluation;
  // A listed option on a stochastic-volatility world is priced by the world's model: Heston's only.
  const unpriced = [...runSources(config), testSource].find(
    (name) => (SOURCES[name] as { variance?: boolean }).variance === true && name !== "heston",
  );
  const listed = config.hedgeSets.flat().find((entry) => listedOption(entry));
  if (unpriced && listed)
    throw new HedgelabError(
      `invalid ${nameOf("hedgeSets", names)}: the listed option ${listed} has no model price on ${unpriced} paths (use market data or a gbm, heston or merton world)`,
    );
  const withVariance = (name: SourceName): boolean =>
    (SOURCES[name] as { variance?: boolean }).variance === true;
  const readsVariance = config.strategies.includes("rnn") && config.rnn.inputs?.includes("world-volatility");
  if (readsVariance && !(withVariance(testSource) && runSources(config).every(withVariance)))
    throw new HedgelabError(
      `invalid ${nameOf("rnn.inputs", names)}: world-volatility needs paths with the world's variance for training and test ` +
        `(--data and --test-source heston or rough-bergomi)`,
    );
  if (testSource === "market") return;
  const worlds = SOURCE_NAMES.filter((name) => (SOURCES[name] as { world?: boolean }).world);
  if (!worlds.includes(testSource))
    throw new HedgelabError(
      `invalid ${nameOf("evaluation.testSource", names)}: "${testSource}" (must be market or a simulated world: ${worlds.join(", ")})`,
    );
  if (config.delta.volatility !== "training")
    throw new HedgelabError(
      `invalid ${nameOf("delta.volatility", names)}: "${config.delta.volatility}" (a simulated test set has no market dates: use training)`,
    );
}

/** The training sources of a run: `sources`, or the one `training.data`. */
export function runSources(config: RunConfig): SourceName[] {
  return config.sources ? [...config.sources] : [config.training.data];
}
