import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { HedgelabError } from "../errors.js";
import { parseHedgeSet } from "../data/hedge-sets.js";
import { configValue, setPath } from "../schema/config-path.js";
import type { CommandName } from "../schema/option-meta.js";
import { FLAG_READERS, flagTable, readDecimal, type FlagSpec } from "../config/flags.js";
import { MODEL_NAMES, modelEntry } from "../models/registry.js";
import { RunConfigSchema } from "../config/run-config.js";

export type { CommandName } from "../schema/option-meta.js";
export { readDecimal } from "../config/flags.js";
export { setPath } from "../schema/config-path.js";

/** The flag table of the configuration, derived from its schema (`flagTable`). */
const TABLE = flagTable();

/** The flags that set configuration values, shared by `run`, `train`, `evaluate` and `generate`. */
export const CONFIG_FLAGS: readonly FlagSpec[] = TABLE.flags;

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
  const names: Record<string, string> = Object.fromEntries(
    Object.entries(FLAG_NAMES).filter(([, flag]) => flags[attributeOf(flag)] !== undefined),
  );
  // `--epochs` and `--batch-size` also set the fields of the models that have their own
  // (`shareTrainingLength`): a bad value there is named by the flag the user typed.
  for (const [path, flag] of sharedLengthFlags()) {
    if (names[path] === undefined && flags[attributeOf(flag)] !== undefined) names[path] = flag;
  }
  return names;
}

/**
 * Config path → shared flag of the models with their own training length (`sharedLength` in the
 * model registry): `sigformer.epochs` → `--epochs`, `sigformer.batchSize` → `--batch-size`.
 */
function sharedLengthFlags(): [string, string][] {
  return MODEL_NAMES.flatMap((name) => {
    const { sharedLength, section } = modelEntry(name);
    if (!sharedLength) return [];
    return [
      [`${section}.${sharedLength.epochs}`, "--epochs"],
      [`${section}.${sharedLength.batchSize}`, "--batch-size"],
    ] as [string, string][];
  });
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
  /** The `--help` group (a key of the flag table's groups); default the command's own options, listed first. */
  group?: string;
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
  const shared: (CommandOption & { group: string; commands?: readonly CommandName[] })[] = [
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
  for (const { key, heading, commands } of TABLE.groups) {
    const applies = (list: readonly CommandName[] | undefined): boolean => (list ?? commands).includes(name);
    for (const spec of shared) if (spec.group === key && applies(spec.commands)) add(spec, heading);
    for (const spec of CONFIG_FLAGS) {
      if (spec.group === key && spec.commands.includes(name))
        add({ flags: spec.flag, help: spec.help }, heading);
    }
    for (const spec of own) if (spec.group === key) add(spec, heading);
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
    else setPath(config, spec.path, FLAG_READERS[spec.read](value, flagOf(spec)));
  }
  if (flags.learnPremium === true) setPath(config, "training.loss.learnPremium", true);
  if (flags.acceptJumps === true) setPath(config, "data.acceptJumps", true);
  if (Array.isArray(flags.prices)) setPath(config, "data.prices", flags.prices);
  if (Array.isArray(flags.hedge)) setPath(config, "hedgeSets", flags.hedge.map(parseHedgeSet));
  shareIntervalMethod(config, flags);
  refuseInertBootstrap(config, flags);
  return config;
}

/** The per-strategy interval methods (`evaluation.bootstrap.method`): all but the paired-only `studentized`. */
const STRATEGY_METHODS: readonly unknown[] = RunConfigSchema.shape.evaluation
  .unwrap()
  .shape.bootstrap.unwrap()
  .shape.method.unwrap().options;

/**
 * `--interval` sets the per-strategy intervals' method too (`evaluation.bootstrap.method`), as the
 * schema's default follows the paired one, unless the configuration sets it: the one flag chooses the
 * intervals of every table (`studentized`, a paired method only, is `percentile` there).
 */
function shareIntervalMethod(config: Record<string, unknown>, flags: RunFlags): void {
  const method = flags.interval;
  if (typeof method !== "string") return;
  if (configValue(config, "evaluation.bootstrap.method") !== undefined) return;
  const own = method === "studentized" ? "percentile" : method;
  if (STRATEGY_METHODS.includes(own)) setPath(config, "evaluation.bootstrap.method", own);
}

/** The interval methods of `{}`: the schema's defaults. */
const DEFAULT_EVALUATION = RunConfigSchema.parse({}).evaluation;

/**
 * Refuses `--bootstrap N` where it changes nothing: when both the paired differences and each
 * strategy's intervals are jackknife-t intervals (the defaults), nothing is resampled. Under any
 * other method it sets the resamples of the intervals of that method.
 *
 * @throws HedgelabError with one line saying why and what would make it count.
 */
function refuseInertBootstrap(config: Record<string, unknown>, flags: RunFlags): void {
  if (typeof flags.bootstrap !== "string") return;
  const paired = configValue(config, "evaluation.paired.method") ?? DEFAULT_EVALUATION.paired.method;
  const own = configValue(config, "evaluation.bootstrap.method") ?? DEFAULT_EVALUATION.bootstrap.method;
  if (paired !== "jackknife-t" || own !== "jackknife-t") return;
  throw new HedgelabError(
    `--bootstrap ${flags.bootstrap} changes nothing: the intervals are jackknife-t${flags.interval === undefined ? " (the default)" : ""}, which resample nothing; give --interval percentile|basic|normal|bca|studentized for bootstrap intervals`,
  );
}

/**
 * Lets `--epochs` and `--batch-size` set the epochs and batch of the models that have their own (the
 * SigFormer's: `sharedLength` in the model registry) too, unless their own flags
 * (`--sigformer-epochs`, `--sigformer-batch-size`) are given: `run` applies it (the flags set every
 * trained hedger's), `train --model sigformer` too (they set the model being trained's).
 */
export function shareTrainingLength(
  config: Record<string, unknown>,
  flags: RunFlags,
): Record<string, unknown> {
  for (const name of MODEL_NAMES) {
    const { sharedLength, section } = modelEntry(name);
    if (!sharedLength) continue;
    for (const [flag, field, shown] of [
      ["epochs", sharedLength.epochs, "--epochs"],
      ["batchSize", sharedLength.batchSize, "--batch-size"],
    ] as const) {
      const value = flags[flag];
      const own = CONFIG_FLAGS.find((spec) => spec.path === `${section}.${field}`);
      if (typeof value === "string" && (!own || flags[attributeOf(own.flag)] === undefined))
        setPath(config, `${section}.${field}`, readDecimal(value, shown));
    }
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
