import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { HedgelabError } from "../errors.js";
import { parseHedgeSet } from "../data/hedge-sets.js";

/** How each flag maps onto the configuration, and how its text is read. */
interface FlagSpec {
  /** The flag with its argument, as commander takes it. */
  flag: string;
  /** Dotted path in the configuration. */
  path: string;
  /** How the text becomes a value. */
  read: (text: string, flag: string) => unknown;
  /** Help text, with the default. */
  help: string;
  /** Where a value written as a period `FROM..TO` goes instead of `path` (the split flags). */
  periodPath?: string;
}

const number = (text: string, flag: string): number => {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new HedgelabError(`invalid ${flag}: ${JSON.stringify(text)} (must be a number)`);
  }
  return value;
};
const text = (value: string): string => value;
const list = (value: string): string[] =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
const numbers = (value: string, flag: string): number[] => list(value).map((item) => number(item, flag));
const intOrAuto = (value: string, flag: string): number | string =>
  value === "auto" ? value : number(value, flag);
const numberOrNone = (value: string, flag: string): number | null =>
  value === "none" ? null : number(value, flag);

/** The flags that set configuration values, shared by `run`, `train` and `evaluate`. */
export const CONFIG_FLAGS: readonly FlagSpec[] = [
  {
    flag: "--implied-vol <file>",
    path: "data.impliedVolatility",
    read: text,
    help: "implied-volatility CSV for --vol-source implied (default: embedded)",
  },
  {
    flag: "--start <date>",
    path: "data.start",
    read: text,
    help: "first date of the study period (default 2008-09-26)",
  },
  {
    flag: "--end <date>",
    path: "data.end",
    read: text,
    help: "last date of the study period (default 2024-12-31)",
  },
  { flag: "--steps <n>", path: "data.steps", read: number, help: "trading days per window, T (default 30)" },
  { flag: "--stride <n>", path: "data.stride", read: number, help: "days between window starts (default 1)" },
  {
    flag: "--train <fraction|FROM..TO>",
    path: "data.train",
    periodPath: "data.periods.train",
    read: number,
    help: "training period: a fraction of the dates (default 0.7), or dates FROM..TO",
  },
  {
    flag: "--validation <fraction|FROM..TO>",
    path: "data.validation",
    periodPath: "data.periods.validation",
    read: number,
    help: "validation period: a fraction of the dates after training (default 0.2), or dates FROM..TO",
  },
  {
    flag: "--test <FROM..TO>",
    path: "data.periods.test",
    periodPath: "data.periods.test",
    read: text,
    help: "test period as dates (default: every date after validation; FROM.. runs to the data's end)",
  },
  { flag: "--kind <kind>", path: "option.kind", read: text, help: "option kind: call | put (default call)" },
  {
    flag: "--strike <k>",
    path: "option.strike",
    read: number,
    help: "strike in rebased units, S0 = 100 (default 100)",
  },
  {
    flag: "--strategies <list>",
    path: "strategies",
    read: list,
    help: "strategies to evaluate (default delta,no-hedge,rnn)",
  },
  {
    flag: "--vol-source <source>",
    path: "delta.volatility",
    read: text,
    help: "delta-hedge volatility: training | realized | implied (default training)",
  },
  {
    flag: "--realized-window <n>",
    path: "delta.realizedWindow",
    read: number,
    help: "returns in the realised volatility (default 20)",
  },
  {
    flag: "--rate <r>",
    path: "delta.rate",
    read: number,
    help: "annualised rate in the Black–Scholes delta (default 0)",
  },
  {
    flag: "--risk-aversion <lambda>",
    path: "evaluation.riskAversion",
    read: number,
    help: "λ of the entropic risk (default 1.3)",
  },
  {
    flag: "--cost <c>",
    path: "evaluation.cost",
    read: number,
    help: "proportional transaction cost (default 0)",
  },
  {
    flag: "--premium <p0>",
    path: "evaluation.premium",
    read: number,
    help: "premium received at t = 0 (default 0)",
  },
  {
    flag: "--levels <list>",
    path: "evaluation.levels",
    read: numbers,
    help: "VaR / expected-shortfall levels (default 0.95,0.99)",
  },
  {
    flag: "--bootstrap <n>",
    path: "evaluation.bootstrap.resamples",
    read: number,
    help: "bootstrap resamples of the confidence intervals (default 1000)",
  },
  {
    flag: "--block-length <n>",
    path: "evaluation.bootstrap.blockLength",
    read: intOrAuto,
    help: "bootstrap block length, or auto = T / stride (default auto)",
  },
  { flag: "--seed <n>", path: "seed", read: number, help: "seed of every random draw (default 42)" },
  { flag: "--name <name>", path: "name", read: text, help: "results folder name (default a UTC timestamp)" },
  {
    flag: "--variant <variant>",
    path: "rnn.variant",
    read: text,
    help: "RNN hedger: shared | per-step (default shared)",
  },
  {
    flag: "--hidden <list>",
    path: "rnn.hidden",
    read: numbers,
    help: "RNN hidden widths (default 64,64 shared; 20,20 per-step)",
  },
  {
    flag: "--lags <n>",
    path: "rnn.lags",
    read: number,
    help: "lagged daily log-returns per asset fed to the RNN (default 1)",
  },
  {
    flag: "--activation <name>",
    path: "rnn.activation",
    read: text,
    help: "RNN activation: relu | tanh (default relu)",
  },
  {
    flag: "--data <source>",
    path: "training.data",
    read: text,
    help: "training paths: market | regime-bs (default market)",
  },
  {
    flag: "--regimes <list>",
    path: "regime.components",
    read: numbers,
    help: "candidate numbers of regimes, chosen by BIC (default 1,2,3,4,5,6)",
  },
  {
    flag: "--restarts <n>",
    path: "regime.restarts",
    read: number,
    help: "seeded EM restarts per mixture (default 5)",
  },
  {
    flag: "--paths-per-regime <n>",
    path: "regime.pathsPerRegime",
    read: number,
    help: "regime-bs paths per regime (default 1000)",
  },
  {
    flag: "--switching <kind>",
    path: "regime.switching",
    read: text,
    help: "regime-bs regimes: fixed | markov (default fixed)",
  },
  { flag: "--epochs <n>", path: "training.epochs", read: number, help: "training epochs (default 20)" },
  {
    flag: "--batch-size <n>",
    path: "training.batchSize",
    read: number,
    help: "paths per training step (default 256)",
  },
  {
    flag: "--learning-rate <lr>",
    path: "training.learningRate",
    read: number,
    help: "Adam learning rate (default 0.001)",
  },
  {
    flag: "--schedule <kind>",
    path: "training.schedule",
    read: text,
    help: "learning-rate schedule: constant | cosine | exponential | step",
  },
  {
    flag: "--patience <n>",
    path: "training.patience",
    read: number,
    help: "epochs without validation improvement before stopping (default 5)",
  },
  {
    flag: "--selection <which>",
    path: "training.selection",
    read: text,
    help: "weights kept: best (validation) | last (default best)",
  },
  {
    flag: "--loss <kind>",
    path: "training.loss.kind",
    read: text,
    help: "training loss: entropic | expected-shortfall (default entropic)",
  },
  {
    flag: "--clip <x>",
    path: "training.loss.clip",
    read: numberOrNone,
    help: "lower P&L clip of the entropic loss, or none (default -10)",
  },
];

/** Config path → flag, so that a validation message names the flag the user typed. */
export const FLAG_NAMES: Readonly<Record<string, string>> = Object.fromEntries([
  ...CONFIG_FLAGS.map((spec) => [spec.path, spec.flag.split(" ")[0]!]),
  ...CONFIG_FLAGS.flatMap((spec) => (spec.periodPath ? [[spec.periodPath, spec.flag.split(" ")[0]!]] : [])),
  ["data.prices", "--prices"],
  ["hedgeSets", "--hedge"],
  ["training.loss.learnPremium", "--learn-premium"],
]);

/** Parsed flags as commander gives them (strings, arrays of strings for repeatable flags). */
export type RunFlags = Record<string, string | string[] | boolean | undefined>;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Adds `--config`, `--prices`, `--hedge`, `--learn-premium` and every {@link CONFIG_FLAGS} flag to `command`. */
export function addConfigOptions(command: Command): Command {
  command
    .option(
      "--config <file>",
      "JSON configuration (sections: data, option, hedgeSets, strategies, delta, rnn, training, evaluation)",
    )
    .option(
      "--prices <file>",
      "price CSV, wide (date,TICKER,...) or long/Yahoo (Date,...,Adj Close); repeatable",
      collect,
    )
    .option(
      "--hedge <tickers>",
      "a hedge set, comma-separated, underlying first; repeatable (default 5 nested sets)",
      collect,
    )
    .option("--learn-premium", "learn the premium ω jointly (OCE form of the entropic loss)");
  for (const spec of CONFIG_FLAGS) command.option(spec.flag, spec.help);
  return command;
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
    else setPath(config, spec.path, spec.read(value, spec.flag.split(" ")[0]!));
  }
  if (flags.learnPremium === true) setPath(config, "training.loss.learnPremium", true);
  if (Array.isArray(flags.prices)) setPath(config, "data.prices", flags.prices);
  if (Array.isArray(flags.hedge)) setPath(config, "hedgeSets", flags.hedge.map(parseHedgeSet));
  return config;
}

/**
 * `message` with every dotted configuration path that has a flag (`data.periods.test`) written as
 * that flag (`--test`): library checks name the configuration, the command line names its flags.
 */
export function nameFlags(message: string): string {
  return message.replace(/\b[a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*)+\b/g, (path) => FLAG_NAMES[path] ?? path);
}

/** Reads a JSON object from `file`; one-line errors for a missing file or bad JSON. */
export function readConfigFile(file: string): Record<string, unknown> {
  let textContent: string;
  try {
    textContent = readFileSync(file, "utf8");
  } catch (error) {
    throw new HedgelabError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(textContent);
  } catch (error) {
    throw new HedgelabError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HedgelabError(`config file ${file} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
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
