import { z } from "zod";
import { HedgelabError } from "../errors.js";
import { DEFAULT_SEED } from "../random/random-source.js";
import { DEFAULT_HEDGE_SETS } from "../data/hedge-sets.js";
import { DEFAULT_MAX_GAP } from "../data/calendar-gaps.js";
import { isPeriodText } from "../data/date-periods.js";
import { resolveSigFormerOptions } from "../hedgers/sigformer-options.js";
import { INTERVAL_METHODS } from "../evaluation/interval-method.js";
import { DEFAULT_PAIRED_METHOD } from "../evaluation/paired-comparison.js";

/** Where the learned hedgers' training paths can come from (the paper's data sources). */
export const SOURCES = ["market", "regime-bs", "sigdiffusion"] as const;
/** A training source of {@link SOURCES}. */
export type SourceName = (typeof SOURCES)[number];

/** Strategies the `run` pipeline knows: the baselines and the trained hedgers. */
export const STRATEGIES = ["delta", "no-hedge", "rnn", "sigformer"] as const;
/** A strategy name of {@link STRATEGIES}. */
export type StrategyName = (typeof STRATEGIES)[number];
/** The trained hedgers among {@link STRATEGIES}. */
export const NEURAL_STRATEGIES = ["rnn", "sigformer"] as const;
/** A trained hedger's name. */
export type NeuralStrategy = (typeof NEURAL_STRATEGIES)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "must be a real calendar date YYYY-MM-DD",
    },
  );
const ticker = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9.^=_-]*$/, "must be a ticker in capitals (e.g. AAPL, BRK-B)");
const fraction = z.number().gt(0).lt(1);
const period = z.string().refine(isPeriodText, {
  message: "must be a period FROM..TO of dates YYYY-MM-DD (an end may be left open)",
});

/**
 * The one schema of a run's configuration. Every section has its defaults, so `{}` is the paper's
 * default experiment: an AAPL call struck at 100 (rebased), 30 trading-day windows, hedge sets of
 * 1 to 5 assets, evaluated on the test period of 2008-09-26..2024-12-31.
 */
export const RunConfigSchema = z.strictObject({
  /** Name of the results folder under the output directory; default a UTC timestamp. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, '.', '_' or '-'")
    .optional(),
  /** Seed of every random draw of the run (bootstrap). */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_SEED),
  data: z
    .strictObject({
      /** Price CSV files (wide or long/Yahoo format); default the embedded data. */
      prices: z.array(z.string().min(1)).min(1).optional(),
      /** Price column of long (Yahoo) files; default `Adj Close`, else `Close` in an OHLCV file. */
      priceColumn: z.string().min(1).optional(),
      /** Accept prices that jump and revert the next day (refused by default as likely typos). */
      acceptJumps: z.boolean().default(false),
      /** Most business days missing between consecutive dates before a run is refused. */
      maxGap: z.number().int().min(0).default(DEFAULT_MAX_GAP),
      /** Implied-volatility CSV (wide, annualised fractions); default the embedded file. */
      impliedVolatility: z.string().min(1).optional(),
      /** First date of the study period; default 2008-09-26, or the data's first date if later. */
      start: isoDate.optional(),
      /** Last date of the study period; default 2024-12-31, or the data's last date if earlier. */
      end: isoDate.optional(),
      /** T, trading days per window. */
      steps: z.number().int().min(1).max(2520).default(30),
      /** Days between the starts of consecutive windows. */
      stride: z.number().int().min(1).default(1),
      /** Fraction of the period's dates in the training span. */
      train: fraction.default(0.7),
      /** Fraction of the dates after training that form the validation span (the rest is test). */
      validation: z.number().min(0).lt(1).default(0.2),
      /**
       * The periods as dates instead of fractions of start..end (see `PeriodOptions`):
       * `{ "train": "2008-09-26..2019-12-31", "validation": "2020-01-02..2020-12-31", "test": "2021-01-04.." }`.
       * With periods, `start`, `end` and the `train` and `validation` fractions are not used.
       */
      periods: z
        .strictObject({ train: period.optional(), validation: period.optional(), test: period.optional() })
        .optional(),
    })
    .prefault({}),
  option: z
    .strictObject({
      kind: z.enum(["call", "put"]).default("call"),
      /** Strike in rebased units (every window starts at 100). */
      strike: z.number().gt(0).default(100),
      /**
       * The option's underlying: a ticker of every hedge set, which is moved to the front of each;
       * default the first ticker of each hedge set.
       */
      underlying: ticker.optional(),
    })
    .prefault({}),
  /** Hedge sets, each a different set; the option's underlying is the first ticker of each. */
  hedgeSets: z
    .array(z.array(ticker).min(1))
    .min(1)
    .default(DEFAULT_HEDGE_SETS.map((set) => [...set])),
  strategies: z.array(z.enum(STRATEGIES)).min(1).default(["delta", "no-hedge", "rnn"]),
  /**
   * The training sources of the study's grid: every learned strategy is trained once per source and
   * hedge set, beside the baselines (the paper's sources × models × hedge sets). Default: the one
   * source `training.data`.
   */
  sources: z
    .array(z.enum(SOURCES))
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: "must not repeat a source" })
    .optional(),
  /** The RNN hedger's architecture (options of `RnnHedger`). */
  rnn: z
    .strictObject({
      variant: z.enum(["shared", "per-step"]).default("shared"),
      /** Hidden widths; default [64, 64] (shared) or [20, 20] (per-step). */
      hidden: z.array(z.number().int().min(1).max(4096)).min(1).optional(),
      lags: z.number().int().min(1).max(30).default(1),
      activation: z.enum(["relu", "tanh"]).default("relu"),
      /** Feed log(S_t/K); default true for shared, false for per-step. */
      moneyness: z.boolean().optional(),
    })
    .prefault({}),
  /**
   * The SigFormer hedger's architecture (options of `SigFormerHedger`) and its training length and
   * batch, which default to the paper's: few epochs, the whole training set per step.
   */
  sigformer: z
    .strictObject({
      /** Named configuration the next four default to: paper (d 8, m 3, 2 heads, 2 blocks) or small (4, 3, 2, 1). */
      size: z.enum(["paper", "small"]).default("paper"),
      dim: z.number().int().min(1).max(64).optional(),
      order: z.number().int().min(1).max(4).optional(),
      heads: z.number().int().min(1).max(64).optional(),
      blocks: z.number().int().min(1).max(64).optional(),
      dropout: z.number().min(0).lt(1).default(0),
      /** Inputs per date: returns (the paper's), log-moneyness, time-to-maturity. */
      inputs: z
        .array(z.enum(["returns", "log-moneyness", "time-to-maturity"]))
        .min(1)
        .refine((f) => new Set(f).size === f.length, "must not repeat a name")
        .default(["returns"]),
      /** Training epochs of the SigFormer (the paper's few epochs, appendix 8.4). */
      epochs: z.number().int().min(1).max(100_000).default(5),
      /** Paths per training step, or "all": the whole training set per step (the paper's). */
      batchSize: z.union([z.literal("all"), z.number().int().min(2)]).default("all"),
    })
    .prefault({}),
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
      output: z.enum(["direct", "residual"]).default("residual"),
      inputs: z.enum(["paper", "delta"]).default("delta"),
    })
    .refine((p) => p.inputs === "paper" || p.output === "residual", {
      message: 'inputs "delta" needs output "residual"',
      path: ["inputs"],
    })
    .prefault({}),
  /** The regime-switching Black–Scholes source (paper, section 3.2 and appendix 8.1). */
  regime: z
    .strictObject({
      /** The market portfolio of the regime features. */
      market: ticker.default("SPY"),
      /** Stocks of the correlation and dispersion features; default every non-ETF ticker with complete prices. */
      universe: z.array(ticker).min(2).optional(),
      /** Candidate numbers of regimes K, chosen by BIC. */
      components: z.array(z.number().int().min(1).max(20)).min(1).default([1, 2, 3, 4, 5, 6]),
      /** Candidate covariance types of the mixture, chosen by BIC. */
      covariances: z
        .array(z.enum(["full", "diagonal", "tied", "spherical"]))
        .min(1)
        .default(["full", "diagonal", "tied", "spherical"]),
      /** Seeded EM restarts per candidate. */
      restarts: z.number().int().min(1).max(100).default(5),
      /** EM stops when the mean log-likelihood per day changes by less. */
      tolerance: z.number().gt(0).default(1e-4),
      /** Paths per regime (equal allocation, the paper's). */
      pathsPerRegime: z.number().int().min(1).default(1000),
      /** equal: pathsPerRegime per regime; empirical: `paths` spread with the training proportions. */
      allocation: z.enum(["equal", "empirical"]).default("equal"),
      /** Total paths of the empirical allocation; default 1000·K. */
      paths: z.number().int().min(1).optional(),
      /** fixed: a path keeps its regime (paper); markov: the regime moves daily with the empirical transitions. */
      switching: z.enum(["fixed", "markov"]).default("fixed"),
    })
    .prefault({}),
  /** The SigDiffusion source (paper, section 3.3; options of `fitSigDiffusion` and its sampler). */
  sigdiffusion: z
    .strictObject({
      /** quick: a small network trained and sampled in minutes; paper: hidden 64, 4 layers, 1,200 epochs, 20,000 paths. */
      profile: z.enum(["quick", "paper"]).default("quick"),
      /** per-asset: one model per asset (paper); joint: one model with the assets as channels. */
      mode: z.enum(["per-asset", "joint"]).default("per-asset"),
      /** Epochs of score training; default the profile's (quick 10, paper 1200). */
      epochs: z.number().int().min(1).max(100_000).optional(),
      /** Windows per training step; default the profile's (quick 64, paper 128). */
      batchSize: z.number().int().min(2).optional(),
      /** Paths to generate; default the profile's (quick 1000, paper 20000). */
      paths: z.number().int().min(1).max(10_000_000).optional(),
      /** Fixed steps of the probability-flow ODE; default the profile's (quick 32, paper 128). */
      odeSteps: z.number().int().min(1).max(10_000).optional(),
      solver: z.enum(["heun", "rk4"]).default("heun"),
      learningRate: z.number().gt(0).default(1e-3),
      /** Above the truncation: a Brownian bridge of the training residual energy, or nothing (paper). */
      detail: z.enum(["brownian", "none"]).default("brownian"),
      /** Tokens: PCA-whitened log-signature coordinates, or each coordinate standardised (paper). */
      standardize: z.enum(["whiten", "coordinates"]).default("whiten"),
      /** τ of the inversion's accuracy check (Bessel's inequality). */
      tolerance: z.number().min(0).default(1),
    })
    .prefault({}),
  /** How the neural hedgers are trained (options of `fit`). */
  training: z
    .strictObject({
      /** Where the training paths come from: market windows the regime-switching Black–Scholes generator or SigDiffusion. */
      data: z.enum(SOURCES).default("market"),
      /** A folder written by `hedgelab generate` whose paths train the hedger (with `data: "regime-bs"`); default: generate them. */
      paths: z.string().min(1).optional(),
      epochs: z.number().int().min(1).max(100_000).default(80),
      batchSize: z.number().int().min(2).default(64),
      learningRate: z.number().gt(0).default(3e-3),
      schedule: z.enum(["constant", "cosine", "exponential", "step"]).default("constant"),
      patience: z.number().int().min(1).default(15),
      selection: z.enum(["best", "last"]).default("best"),
      loss: z
        .strictObject({
          kind: z.enum(["entropic", "expected-shortfall"]).default("entropic"),
          /** λ of the training loss; default the evaluation's. */
          riskAversion: z.number().gt(0).optional(),
          /** Lower clip of the P&L in the entropic loss (null: none). */
          clip: z.number().nullable().default(null),
          learnPremium: z.boolean().default(false),
          level: fraction.default(0.95),
        })
        .prefault({}),
      /** Seed of the weights and the shuffling; default the run's seed. */
      seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      /**
       * Trainings of each learned hedger with the seeds seed, seed + 1, …: every seed gets its rows and
       * paired comparison, plus the ensemble (averaged holdings) and the mean and spread across seeds.
       */
      seeds: z.number().int().min(1).max(50).default(1),
    })
    .prefault({}),
  delta: z
    .strictObject({
      /** Where the delta hedge's volatility comes from. */
      volatility: z.enum(["training", "realized", "implied"]).default("training"),
      /** Daily returns in the rolling realised volatility. */
      realizedWindow: z.number().int().min(2).default(20),
      /** Annualised rate in the Black–Scholes delta. */
      rate: z.number().default(0),
    })
    .prefault({}),
  evaluation: z
    .strictObject({
      /** λ of the entropic risk. */
      riskAversion: z.number().gt(0).default(1.3),
      /** Proportional transaction cost. */
      cost: z.number().min(0).default(0),
      /** Premium p0 received at t = 0. */
      premium: z.number().default(0),
      /** VaR / expected-shortfall levels. */
      levels: z.array(fraction).min(1).default([0.95, 0.99]),
      bootstrap: z
        .strictObject({
          resamples: z.number().int().min(2).default(1000),
          level: fraction.default(0.95),
          /**
           * Block length of the intervals of each strategy's mean and entropic risk; "auto" = ⌈T / stride⌉
           * for the bootstrap methods, `PAIRED_BLOCK_MULTIPLE` × ⌈T / stride⌉ for the jackknife.
           */
          blockLength: z.union([z.literal("auto"), z.number().int().min(1)]).default("auto"),
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
          method: z.enum(INTERVAL_METHODS).default(DEFAULT_PAIRED_METHOD),
          /** Block length; "auto" = the measured multiple of ⌈T / stride⌉ (`PAIRED_BLOCK_MULTIPLE`). */
          blockLength: z.union([z.literal("auto"), z.number().int().min(1)]).default("auto"),
        })
        .prefault({}),
    })
    .prefault({}),
});

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
    checkSigFormerMemory(parsed.data, names);
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
  const value = "input" in issue ? issue.input : undefined;
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
 * Refuses, before any data is read, a SigFormer configuration that would not fit in memory for the
 * largest hedge set (its memory estimate, `sigFormerMemory`), naming the `dim` option.
 */
function checkSigFormerMemory(config: RunConfig, names: Readonly<Record<string, string>>): void {
  if (!config.strategies.includes("sigformer")) return;
  const { size, dim, order, heads, blocks, dropout, inputs } = config.sigformer;
  try {
    resolveSigFormerOptions({
      assets: Math.max(...config.hedgeSets.map((set) => set.length)),
      steps: config.data.steps,
      size,
      dropout,
      inputs,
      ...(dim !== undefined ? { dim } : {}),
      ...(order !== undefined ? { order } : {}),
      ...(heads !== undefined ? { heads } : {}),
      ...(blocks !== undefined ? { blocks } : {}),
    });
  } catch (error) {
    if (!(error instanceof HedgelabError)) throw error;
    throw new HedgelabError(
      error.message.replace(/^invalid dim /, `invalid ${nameOf("sigformer.dim", names)} `),
    );
  }
}

/** The training sources of a run: `sources`, or the one `training.data`. */
export function runSources(config: RunConfig): SourceName[] {
  return config.sources ? [...config.sources] : [config.training.data];
}

/** The value at a dotted path of a configuration (`data.start`), or undefined where there is none. */
export function configValue(config: unknown, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
