import { readFileSync } from "node:fs";
import { HedgelabError } from "../errors.js";
import { parseHedgeSet } from "../data/hedge-sets.js";

/** How each `run` flag maps onto the configuration, and how its text is read. */
interface FlagSpec {
  /** Commander's attribute name (camel case of the flag). */
  key: string;
  /** The flag as the user types it. */
  flag: string;
  /** Dotted path in the configuration. */
  path: string;
  /** How the text becomes a value. */
  read: (text: string, flag: string) => unknown;
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

/** The `run` flags that set configuration values (besides --config, --out, --name, --prices, --hedge). */
export const RUN_FLAGS: readonly FlagSpec[] = [
  { key: "impliedVol", flag: "--implied-vol", path: "data.impliedVolatility", read: text },
  { key: "start", flag: "--start", path: "data.start", read: text },
  { key: "end", flag: "--end", path: "data.end", read: text },
  { key: "steps", flag: "--steps", path: "data.steps", read: number },
  { key: "stride", flag: "--stride", path: "data.stride", read: number },
  { key: "train", flag: "--train", path: "data.train", read: number },
  { key: "validation", flag: "--validation", path: "data.validation", read: number },
  { key: "kind", flag: "--kind", path: "option.kind", read: text },
  { key: "strike", flag: "--strike", path: "option.strike", read: number },
  { key: "strategies", flag: "--strategies", path: "strategies", read: list },
  { key: "volSource", flag: "--vol-source", path: "delta.volatility", read: text },
  { key: "realizedWindow", flag: "--realized-window", path: "delta.realizedWindow", read: number },
  { key: "rate", flag: "--rate", path: "delta.rate", read: number },
  { key: "riskAversion", flag: "--risk-aversion", path: "evaluation.riskAversion", read: number },
  { key: "cost", flag: "--cost", path: "evaluation.cost", read: number },
  { key: "premium", flag: "--premium", path: "evaluation.premium", read: number },
  { key: "levels", flag: "--levels", path: "evaluation.levels", read: numbers },
  { key: "bootstrap", flag: "--bootstrap", path: "evaluation.bootstrap.resamples", read: number },
  { key: "blockLength", flag: "--block-length", path: "evaluation.bootstrap.blockLength", read: intOrAuto },
  { key: "seed", flag: "--seed", path: "seed", read: number },
  { key: "name", flag: "--name", path: "name", read: text },
];

/** Config path → flag, so that a validation message names the flag the user typed. */
export const FLAG_NAMES: Readonly<Record<string, string>> = Object.fromEntries([
  ...RUN_FLAGS.map((spec) => [spec.path, spec.flag]),
  ["data.prices", "--prices"],
  ["hedgeSets", "--hedge"],
]);

/** Parsed `run` flags as commander gives them (strings, arrays of strings for repeatable flags). */
export type RunFlags = Record<string, string | string[] | boolean | undefined>;

/**
 * Builds the configuration input of a run: the JSON of `--config` (if any) with every flag given on
 * the command line written over it. Validation is left to the one schema (`resolveRunConfig`).
 */
export function buildRunConfigInput(flags: RunFlags): Record<string, unknown> {
  const config = typeof flags.config === "string" ? readConfigFile(flags.config) : {};
  for (const spec of RUN_FLAGS) {
    const value = flags[spec.key];
    if (typeof value === "string") setPath(config, spec.path, spec.read(value, spec.flag));
  }
  if (Array.isArray(flags.prices)) setPath(config, "data.prices", flags.prices);
  if (Array.isArray(flags.hedge)) setPath(config, "hedgeSets", flags.hedge.map(parseHedgeSet));
  return config;
}

function readConfigFile(file: string): Record<string, unknown> {
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

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== "object" || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
