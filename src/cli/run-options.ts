import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { HedgelabError } from "../errors.js";
import { parseHedgeSet } from "../data/hedge-sets.js";

/** The subcommands that take configuration flags. */
export type CommandName = "run" | "train" | "evaluate" | "generate";

/** The groups of `--help`, in the order they are listed, with the commands each applies to. */
const GROUPS = {
  data: { heading: "Data:", commands: ["run", "train", "evaluate", "generate"] },
  option: { heading: "Option and hedge sets:", commands: ["run", "train", "evaluate", "generate"] },
  delta: { heading: "Delta hedge:", commands: ["run", "evaluate"] },
  rnn: { heading: "RNN hedger:", commands: ["run", "train"] },
  sigformer: { heading: "SigFormer hedger:", commands: ["run", "train"] },
  training: { heading: "Training:", commands: ["run", "train"] },
  regime: { heading: "Regime-switching Black–Scholes source:", commands: ["run", "train", "generate"] },
  sigdiffusion: { heading: "SigDiffusion source:", commands: ["run", "train", "generate"] },
  evaluation: { heading: "Evaluation:", commands: ["run", "evaluate"] },
  output: { heading: "Run:", commands: ["run", "train", "evaluate", "generate"] },
} as const satisfies Record<string, { heading: string; commands: readonly CommandName[] }>;

/** A group of {@link GROUPS}. */
type GroupName = keyof typeof GROUPS;

/** How each flag maps onto the configuration, and how its text is read. */
interface FlagSpec {
  /** The flag with its argument, as commander takes it. */
  flag: string;
  /** Dotted path in the configuration. */
  path: string;
  /** The `--help` group it is listed in. */
  group: GroupName;
  /** The commands that take it; default those of its group. */
  commands?: readonly CommandName[];
  /** How the text becomes a value. */
  read: (text: string, flag: string) => unknown;
  /** Help text, with the default. */
  help: string;
  /** Where a value written as a period `FROM..TO` goes instead of `path` (the split flags). */
  periodPath?: string;
}

/** A decimal number as people write it: `12`, `-0.5`, `.5`, `1e-3`; no hex, no `Infinity`, no blanks. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a decimal number strictly: `0x10`, `1_000`, `Infinity` and blanks are refused, and so is a
 * number beyond the range of a double (`1e400`), each with a line naming the flag.
 */
export function readDecimal(text: string, flag: string): number {
  if (!DECIMAL.test(text)) {
    throw new HedgelabError(`invalid ${flag}: ${JSON.stringify(text)} (must be a decimal number, e.g. 0.5)`);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new HedgelabError(`invalid ${flag}: ${text} (out of range: beyond the largest double, 1.8e308)`);
  }
  return value;
}

const number = readDecimal;
const text = (value: string): string => value;
const list = (value: string): string[] =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
const numbers = (value: string, flag: string): number[] => list(value).map((item) => number(item, flag));
/** `1,2,3` or a range of integers `1..10`. */
const integersOrRange = (value: string, flag: string): number[] => {
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(value);
  if (!range) return numbers(value, flag);
  const [from, to] = [Number(range[1]), Number(range[2])];
  if (from > to)
    throw new HedgelabError(`invalid ${flag}: ${JSON.stringify(value)} (a range goes up: ${to}..${from})`);
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
};
const intOrAuto = (value: string, flag: string): number | string =>
  value === "auto" ? value : number(value, flag);
const numberOrNone = (value: string, flag: string): number | null =>
  value === "none" ? null : number(value, flag);
const numberOrAll = (value: string, flag: string): number | string =>
  value === "all" ? value : number(value, flag);

/** The flags that set configuration values, shared by `run`, `train` and `evaluate`. */
export const CONFIG_FLAGS: readonly FlagSpec[] = [
  {
    flag: "--implied-vol <file>",
    path: "data.impliedVolatility",
    group: "delta",
    read: text,
    help: "implied-volatility CSV for --vol-source implied (default: embedded)",
  },
  {
    flag: "--price-column <name>",
    path: "data.priceColumn",
    group: "data",
    read: text,
    help: "price column of long (Yahoo) files (default Adj Close, else Close in an OHLCV file)",
  },
  {
    flag: "--max-gap <days>",
    path: "data.maxGap",
    group: "data",
    read: number,
    help: "most business days missing between two dates before the data are refused (default 10)",
  },
  {
    flag: "--start <date>",
    path: "data.start",
    group: "data",
    read: text,
    help: "first date of the study period (default 2008-09-26)",
  },
  {
    flag: "--end <date>",
    path: "data.end",
    group: "data",
    read: text,
    help: "last date of the study period (default 2024-12-31)",
  },
  {
    flag: "--steps <n>",
    path: "data.steps",
    group: "data",
    read: number,
    help: "trading days per window, T (default 30)",
  },
  {
    flag: "--stride <n>",
    path: "data.stride",
    group: "data",
    read: number,
    help: "days between window starts (default 1)",
  },
  {
    flag: "--train <fraction|FROM..TO>",
    path: "data.train",
    periodPath: "data.periods.train",
    group: "data",
    read: number,
    help: "training period: a fraction of the dates (default 0.7), or dates FROM..TO",
  },
  {
    flag: "--validation <fraction|FROM..TO>",
    path: "data.validation",
    periodPath: "data.periods.validation",
    group: "data",
    read: number,
    help: "validation period: a fraction of the dates after training (default 0.2), or dates FROM..TO",
  },
  {
    flag: "--test <FROM..TO>",
    path: "data.periods.test",
    periodPath: "data.periods.test",
    group: "data",
    commands: ["run", "train", "evaluate"],
    read: text,
    help: "test period as dates (default: every date after validation; FROM.. runs to the data's end)",
  },
  {
    flag: "--kind <kind>",
    path: "option.kind",
    group: "option",
    commands: ["run", "train", "evaluate"],
    read: text,
    help: "option kind: call | put (default call)",
  },
  {
    flag: "--strike <k>",
    path: "option.strike",
    group: "option",
    commands: ["run", "train", "evaluate"],
    read: number,
    help: "strike in rebased units, S0 = 100 (default 100)",
  },
  {
    flag: "--underlying <ticker>",
    path: "option.underlying",
    group: "option",
    commands: ["run", "train", "evaluate"],
    read: (value: string) => value.trim().toUpperCase(),
    help: "the option's underlying, a ticker of every hedge set (default the first of each)",
  },
  {
    flag: "--strategies <list>",
    path: "strategies",
    group: "option",
    commands: ["run"],
    read: list,
    help: "strategies to evaluate: delta, no-hedge, rnn, sigformer (default delta,no-hedge,rnn)",
  },
  {
    flag: "--vol-source <source>",
    path: "delta.volatility",
    group: "delta",
    read: text,
    help: "delta-hedge volatility: training | realized | implied (default training)",
  },
  {
    flag: "--realized-window <n>",
    path: "delta.realizedWindow",
    group: "delta",
    read: number,
    help: "returns in the realised volatility (default 20)",
  },
  {
    flag: "--rate <r>",
    path: "delta.rate",
    group: "delta",
    read: number,
    help: "annualised rate in the Black–Scholes delta (default 0)",
  },
  {
    flag: "--risk-aversion <lambda>",
    path: "evaluation.riskAversion",
    group: "evaluation",
    commands: ["run", "train", "evaluate"],
    read: number,
    help: "λ of the entropic risk (default 1.3)",
  },
  {
    flag: "--cost <c>",
    path: "evaluation.cost",
    group: "evaluation",
    commands: ["run", "train", "evaluate"],
    read: number,
    help: "proportional transaction cost (default 0)",
  },
  {
    flag: "--premium <p0>",
    path: "evaluation.premium",
    group: "evaluation",
    read: number,
    help: "premium received at t = 0 (default 0)",
  },
  {
    flag: "--levels <list>",
    path: "evaluation.levels",
    group: "evaluation",
    read: numbers,
    help: "VaR / expected-shortfall levels (default 0.95,0.99)",
  },
  {
    flag: "--bootstrap <n>",
    path: "evaluation.bootstrap.resamples",
    group: "evaluation",
    read: number,
    help: "bootstrap resamples of the confidence intervals (default 1000)",
  },
  {
    flag: "--block-length <n>",
    path: "evaluation.bootstrap.blockLength",
    group: "evaluation",
    read: intOrAuto,
    help: "bootstrap block length, or auto = T / stride (default auto)",
  },
  {
    flag: "--seed <n>",
    path: "seed",
    group: "output",
    read: number,
    help: "seed of every random draw (default 42)",
  },
  {
    flag: "--name <name>",
    path: "name",
    group: "output",
    read: text,
    help: "results folder name (default a UTC timestamp)",
  },
  {
    flag: "--variant <variant>",
    path: "rnn.variant",
    group: "rnn",
    read: text,
    help: "RNN hedger: shared | per-step (default shared)",
  },
  {
    flag: "--hidden <list>",
    path: "rnn.hidden",
    group: "rnn",
    read: numbers,
    help: "RNN hidden widths (default 64,64 shared; 20,20 per-step)",
  },
  {
    flag: "--lags <n>",
    path: "rnn.lags",
    group: "rnn",
    read: number,
    help: "lagged daily log-returns per asset fed to the RNN (default 1)",
  },
  {
    flag: "--activation <name>",
    path: "rnn.activation",
    group: "rnn",
    read: text,
    help: "RNN activation: relu | tanh (default relu)",
  },
  {
    flag: "--sigformer-size <size>",
    path: "sigformer.size",
    group: "sigformer",
    read: text,
    help: "SigFormer configuration: paper (dim 8, order 3, 2 heads, 2 blocks) | small (4, 3, 2, 1) (default paper)",
  },
  {
    flag: "--dim <d>",
    path: "sigformer.dim",
    group: "sigformer",
    read: number,
    help: "channels d of the projected path; level k has d^k features (default of --sigformer-size)",
  },
  {
    flag: "--order <m>",
    path: "sigformer.order",
    group: "sigformer",
    read: number,
    help: "signature truncation order, 1..4 (default of --sigformer-size)",
  },
  {
    flag: "--heads <h>",
    path: "sigformer.heads",
    group: "sigformer",
    read: number,
    help: "attention heads per level, each of the level's full width (default of --sigformer-size)",
  },
  {
    flag: "--blocks <n>",
    path: "sigformer.blocks",
    group: "sigformer",
    read: number,
    help: "attention + MLP blocks (default of --sigformer-size)",
  },
  {
    flag: "--dropout <p>",
    path: "sigformer.dropout",
    group: "sigformer",
    read: number,
    help: "dropout after attention and MLP, in [0, 1) (default 0)",
  },
  {
    flag: "--sigformer-inputs <list>",
    path: "sigformer.inputs",
    group: "sigformer",
    read: list,
    help: "inputs per date: returns,log-moneyness,time-to-maturity (default returns, the paper's)",
  },
  {
    flag: "--sigformer-epochs <n>",
    path: "sigformer.epochs",
    group: "sigformer",
    read: number,
    help: "SigFormer training epochs (default 5, the paper's few; --epochs sets it too unless this is given)",
  },
  {
    flag: "--sigformer-batch-size <n>",
    path: "sigformer.batchSize",
    group: "sigformer",
    read: numberOrAll,
    help: "SigFormer paths per step, or all (default all: the whole training set, the paper's; --batch-size sets it too unless this is given)",
  },
  {
    flag: "--data <source>",
    path: "training.data",
    group: "training",
    read: text,
    help: "training paths: market | regime-bs | sigdiffusion (default market)",
  },
  {
    flag: "--diffusion-profile <name>",
    path: "sigdiffusion.profile",
    group: "sigdiffusion",
    read: text,
    help: "quick (small network, minutes) | paper (hidden 64, 4 layers, 1200 epochs, 20000 paths) (default quick)",
  },
  {
    flag: "--diffusion-mode <mode>",
    path: "sigdiffusion.mode",
    group: "sigdiffusion",
    read: text,
    help: "per-asset (one model per asset, the paper's) | joint (assets as channels of one model) (default per-asset)",
  },
  {
    flag: "--diffusion-epochs <n>",
    path: "sigdiffusion.epochs",
    group: "sigdiffusion",
    read: number,
    help: "score-training epochs (default: quick 10, paper 1200)",
  },
  {
    flag: "--diffusion-batch-size <n>",
    path: "sigdiffusion.batchSize",
    group: "sigdiffusion",
    read: number,
    help: "windows per score-training step (default: quick 64, paper 128)",
  },
  {
    flag: "--diffusion-paths <n>",
    path: "sigdiffusion.paths",
    group: "sigdiffusion",
    read: number,
    help: "paths to generate (default: quick 1000, paper 20000)",
  },
  {
    flag: "--ode-steps <n>",
    path: "sigdiffusion.odeSteps",
    group: "sigdiffusion",
    read: number,
    help: "fixed steps of the probability-flow ODE (default: quick 32, paper 128)",
  },
  {
    flag: "--detail <kind>",
    path: "sigdiffusion.detail",
    group: "sigdiffusion",
    read: text,
    help: "above the truncation: brownian (bridge of the training residual energy) | none (the paper's smooth inversion) (default brownian)",
  },
  {
    flag: "--sources <list>",
    path: "sources",
    group: "training",
    commands: ["run"],
    read: list,
    help: "training sources of the grid, each learned model trained once per source: market,regime-bs (default --data)",
  },
  {
    flag: "--paths <dir>",
    path: "training.paths",
    group: "training",
    commands: ["train"],
    read: text,
    help: "with --data regime-bs, train on the paths of a hedgelab generate folder (default: generate pathsPerRegime per regime)",
  },
  {
    flag: "--regimes <list>",
    path: "regime.components",
    group: "regime",
    read: integersOrRange,
    help: "candidate numbers of regimes, chosen by BIC: a list or a range 1..10 (default 1..6, at most 20)",
  },
  {
    flag: "--restarts <n>",
    path: "regime.restarts",
    group: "regime",
    read: number,
    help: "seeded EM restarts per mixture (default 5)",
  },
  {
    flag: "--paths-per-regime <n>",
    path: "regime.pathsPerRegime",
    group: "regime",
    read: number,
    help: "regime-bs paths per regime (default 1000)",
  },
  {
    flag: "--switching <kind>",
    path: "regime.switching",
    group: "regime",
    read: text,
    help: "regime-bs regimes: fixed | markov (default fixed)",
  },
  {
    flag: "--epochs <n>",
    path: "training.epochs",
    group: "training",
    read: number,
    help: "most training epochs (default 80; early stopping ends most runs sooner)",
  },
  {
    flag: "--seeds <n>",
    path: "training.seeds",
    group: "training",
    commands: ["run"],
    read: number,
    help: "train each learned hedger with n seeds: rows per seed, their ensemble, and the mean and spread across seeds (default 1)",
  },
  {
    flag: "--batch-size <n>",
    path: "training.batchSize",
    group: "training",
    read: number,
    help: "paths per training step (default 256)",
  },
  {
    flag: "--learning-rate <lr>",
    path: "training.learningRate",
    group: "training",
    read: number,
    help: "Adam learning rate (default 0.003)",
  },
  {
    flag: "--schedule <kind>",
    path: "training.schedule",
    group: "training",
    read: text,
    help: "learning-rate schedule: constant | cosine | exponential | step",
  },
  {
    flag: "--patience <n>",
    path: "training.patience",
    group: "training",
    read: number,
    help: "epochs without validation improvement before stopping (default 15)",
  },
  {
    flag: "--selection <which>",
    path: "training.selection",
    group: "training",
    read: text,
    help: "weights kept: best (validation) | last (default best)",
  },
  {
    flag: "--loss <kind>",
    path: "training.loss.kind",
    group: "training",
    read: text,
    help: "training loss: entropic | expected-shortfall (default entropic)",
  },
  {
    flag: "--clip <x>",
    path: "training.loss.clip",
    group: "training",
    read: numberOrNone,
    help: "lower P&L clip of the entropic loss, or none (default none; the paper's is -10)",
  },
  {
    flag: "--policy-output <form>",
    path: "policy.output",
    group: "training",
    read: text,
    help: "learned holdings: residual (training-volatility delta + a correction starting at 0, the default) | direct (the network's output, the paper's)",
  },
  {
    flag: "--policy-inputs <inputs>",
    path: "policy.inputs",
    group: "training",
    read: text,
    help: "network inputs: delta (adds log-moneyness, time to maturity, realised volatility and the delta; residual only; the default) | paper",
  },
];

/** Config path → flag, so that a validation message names the flag the user typed. */
export const FLAG_NAMES: Readonly<Record<string, string>> = Object.fromEntries([
  ...CONFIG_FLAGS.map((spec) => [spec.path, flagOf(spec)]),
  ...CONFIG_FLAGS.flatMap((spec) => (spec.periodPath ? [[spec.periodPath, flagOf(spec)]] : [])),
  ["data.prices", "--prices"],
  ["hedgeSets", "--hedge"],
  ["training.loss.learnPremium", "--learn-premium"],
  ["data.acceptJumps", "--accept-jumps"],
]);

/**
 * Config path → flag for the flags given on this command line only: a value that came from the
 * command line is named by its flag (`--levels`), one that came from a config file by its field
 * (`evaluation.levels`).
 */
export function flagNames(flags: RunFlags): Record<string, string> {
  return Object.fromEntries(
    Object.entries(FLAG_NAMES).filter(([, flag]) => flags[attributeOf(flag)] !== undefined),
  );
}

/** Parsed flags as commander gives them (strings, arrays of strings for repeatable flags). */
export type RunFlags = Record<string, string | string[] | boolean | undefined>;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** An option of one command, outside {@link CONFIG_FLAGS} (`--out`, `--model`, `--resume`, …). */
export interface CommandOption {
  flags: string;
  help: string;
  /** Default value shown in the help and given to the command. */
  defaultValue?: string;
  /** The option must be given. */
  required?: boolean;
  /** May be given more than once (values collected in a list). */
  repeatable?: boolean;
  /** The `--help` group; default the command's own options, listed first. */
  group?: GroupName;
}

/**
 * Adds to `command` its own options (listed first) and, grouped under headings, the configuration
 * flags that apply to it: `--config`, `--prices`, `--hedge`, `--learn-premium` and those of
 * {@link CONFIG_FLAGS} whose group (or list) names the command. A flag that does not apply to a
 * command is unknown to it, so commander refuses it in one line.
 */
export function addConfigOptions(
  command: Command,
  name: CommandName,
  own: readonly CommandOption[] = [],
): Command {
  const add = (spec: CommandOption, heading: string): void => {
    const option = new Option(spec.flags, spec.help).helpGroup(heading);
    if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
    if (spec.required) option.makeOptionMandatory();
    if (spec.repeatable) option.argParser(collect);
    command.addOption(option);
  };
  const shared: (CommandOption & { group: GroupName; commands?: readonly CommandName[] })[] = [
    {
      flags: "--prices <file>",
      help: "price CSV, wide (date,TICKER,...) or long/Yahoo (Date,...,Adj Close); repeatable",
      repeatable: true,
      group: "data",
    },
    {
      flags: "--accept-jumps",
      help: "accept prices that jump and revert the next day (refused by default as likely typos)",
      group: "data",
    },
    {
      flags: "--hedge <tickers>",
      help: "a hedge set, comma-separated, underlying first; repeatable (default 5 nested sets)",
      repeatable: true,
      group: "option",
    },
    {
      flags: "--learn-premium",
      help: "learn the premium ω jointly (OCE form of the entropic loss)",
      group: "training",
    },
    {
      flags: "--config <file>",
      help: "JSON configuration (sections: data, option, hedgeSets, strategies, delta, rnn, sigformer, regime, sigdiffusion, training, evaluation)",
      group: "output",
    },
  ];
  for (const spec of own.filter((o) => o.group === undefined)) add(spec, "Options:");
  for (const [group, { heading, commands }] of Object.entries(GROUPS) as [
    GroupName,
    (typeof GROUPS)[GroupName],
  ][]) {
    const applies = (list: readonly CommandName[] | undefined): boolean => (list ?? commands).includes(name);
    for (const spec of shared) if (spec.group === group && applies(spec.commands)) add(spec, heading);
    for (const spec of CONFIG_FLAGS) {
      if (spec.group === group && applies(spec.commands)) add({ flags: spec.flag, help: spec.help }, heading);
    }
    for (const spec of own) if (spec.group === group) add(spec, heading);
  }
  return command;
}

function flagOf(spec: FlagSpec): string {
  return spec.flag.split(" ")[0]!;
}

function attributeOf(flag: string): string {
  return flag
    .split(" ")[0]!
    .replace(/^--/, "")
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Builds the configuration input of a command: the JSON of `--config` (if any, else `base`) with
 * every flag given on the command line written over it. Validation is left to the one schema (`resolveRunConfig`).
 */
export function buildRunConfigInput(
  flags: RunFlags,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const config = typeof flags.config === "string" ? readConfigFile(flags.config) : structuredClone(base);
  for (const spec of CONFIG_FLAGS) {
    const value = flags[attributeOf(spec.flag)];
    if (typeof value !== "string") continue;
    if (spec.periodPath && value.includes("..")) setPath(config, spec.periodPath, value);
    else setPath(config, spec.path, spec.read(value, flagOf(spec)));
  }
  if (flags.learnPremium === true) setPath(config, "training.loss.learnPremium", true);
  if (flags.acceptJumps === true) setPath(config, "data.acceptJumps", true);
  if (Array.isArray(flags.prices)) setPath(config, "data.prices", flags.prices);
  if (Array.isArray(flags.hedge)) setPath(config, "hedgeSets", flags.hedge.map(parseHedgeSet));
  return config;
}

/**
 * Lets `--epochs` and `--batch-size` set the SigFormer's epochs and batch too, unless
 * `--sigformer-epochs` or `--sigformer-batch-size` is given: `run` applies it (the flags set every
 * trained hedger's), `train --model sigformer` too (they set the model being trained's).
 */
export function shareTrainingLength(
  config: Record<string, unknown>,
  flags: RunFlags,
): Record<string, unknown> {
  for (const [flag, own, path] of [
    ["epochs", "sigformerEpochs", "sigformer.epochs"],
    ["batchSize", "sigformerBatchSize", "sigformer.batchSize"],
  ] as const) {
    const value = flags[flag];
    if (typeof value === "string" && flags[own] === undefined)
      setPath(config, path, number(value, flag === "epochs" ? "--epochs" : "--batch-size"));
  }
  return config;
}

/**
 * `message` of the form `invalid <path>: …` with the configuration path written as its flag when the
 * user typed one (`invalid data.periods.test:` → `invalid --test:`; pass {@link flagNames} of the
 * command's flags): library checks name the configuration field, the command line its flag.
 */
export function nameFlags(message: string, names: Readonly<Record<string, string>> = FLAG_NAMES): string {
  return message.replace(/^invalid ([a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*)+):/, (whole, path: string) =>
    names[path] ? `invalid ${names[path]}:` : whole,
  );
}

/**
 * Reads a JSON object from `file`: a UTF-8 byte-order mark is dropped, a number beyond the range of
 * a double (`1e400`, read as Infinity) is refused naming its field, and relative price paths
 * (`data.prices`, `data.impliedVolatility`) are taken from the config file's folder, not from the
 * current one. One-line errors for a missing file or bad JSON.
 */
export function readConfigFile(file: string): Record<string, unknown> {
  let textContent: string;
  try {
    textContent = readFileSync(file, "utf8");
  } catch (error) {
    throw new HedgelabError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  return parseConfigText(textContent, file);
}

/** The pure half of {@link readConfigFile}: parses and checks the text of the config file `file`. */
export function parseConfigText(textContent: string, file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(textContent.charCodeAt(0) === 0xfeff ? textContent.slice(1) : textContent);
  } catch (error) {
    throw new HedgelabError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HedgelabError(`config file ${file} must hold a JSON object`);
  }
  assertFiniteNumbers(parsed, "", file);
  const config = parsed as Record<string, unknown>;
  const data = config.data;
  if (typeof data === "object" && data !== null && !Array.isArray(data)) {
    const section = data as Record<string, unknown>;
    const from = (path: unknown): unknown =>
      typeof path === "string" && path !== "" && !isAbsolute(path) ? join(dirname(file), path) : path;
    if (Array.isArray(section.prices)) section.prices = section.prices.map(from);
    if ("impliedVolatility" in section) section.impliedVolatility = from(section.impliedVolatility);
  }
  return config;
}

/** Refuses a number JSON.parse read as ±Infinity (written as 1e400 in the file), naming its field. */
function assertFiniteNumbers(value: unknown, path: string, file: string): void {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new HedgelabError(
      `invalid ${path} in config file ${file}: out of range (a number beyond the largest double, 1.8e308)`,
    );
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    assertFiniteNumbers(child, path === "" ? key : `${path}.${key}`, file);
  }
}
/** Writes `value` at the dotted `path` of `target`, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== "object" || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/**
 * The configuration with its file paths (`data.prices`, `data.impliedVolatility`) made absolute, as
 * it is saved (`config.json`, model files, checkpoints, `meta.json`): a saved configuration given back
 * with `--config` reads the same files from any folder, although relative paths in a config file are
 * read from the file's folder.
 */
export function withAbsolutePaths<
  T extends { data: { prices?: string[] | undefined; impliedVolatility?: string | undefined } },
>(config: T): T {
  const { prices, impliedVolatility } = config.data;
  return {
    ...config,
    data: {
      ...config.data,
      ...(prices ? { prices: prices.map((file) => resolve(file)) } : {}),
      ...(impliedVolatility !== undefined ? { impliedVolatility: resolve(impliedVolatility) } : {}),
    },
  };
}
