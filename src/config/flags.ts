import type { z } from "zod";
import { HedgelabError } from "../errors.js";
import {
  FLAG_META,
  SECTION_META,
  type CommandName,
  type FlagMeta,
  type FlagReader,
  type SectionMeta,
} from "../schema/option-meta.js";
import { configValue } from "../schema/config-path.js";
import { MODELS } from "../models/registry.js";
import { SOURCES } from "../sources/registry.js";
import { OUTPUT_GROUP, RunConfigSchema } from "./run-config.js";

/** One configuration flag, derived from the schema: where its value goes and how `--help` shows it. */
export interface FlagSpec {
  /** The flag with its argument, as commander takes it: `--epochs <n>`. */
  flag: string;
  /** Dotted path in the configuration. */
  path: string;
  /** The key of its `--help` group. */
  group: string;
  /** The commands that take it. */
  commands: readonly CommandName[];
  /** How its text becomes a value. */
  read: FlagReader;
  /** The help line: the field's help, its choices and its default, all read from the schema. */
  help: string;
  /** Where a value written as a period `FROM..TO` goes instead of `path`. */
  periodPath?: string;
}

/** A `--help` group: its key (a section, or `output`), heading and commands. */
export interface FlagGroup extends SectionMeta {
  key: string;
}

/** The flags of the configuration and their groups, in `--help` order. */
export interface FlagTable {
  groups: FlagGroup[];
  flags: FlagSpec[];
}

/** The defaults of the schema: what `{}` resolves to. */
const DEFAULTS: unknown = RunConfigSchema.parse({});

/** The schema inside default/prefault/optional/nullable wrappers, with the flag metadata found on the way. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; meta?: FlagMeta; section?: SectionMeta } {
  let node = schema;
  let meta = FLAG_META.get(node);
  let section = SECTION_META.get(node);
  for (;;) {
    const def = node._zod.def as { type: string; innerType?: z.ZodType };
    if (!["default", "prefault", "optional", "nullable", "readonly"].includes(def.type) || !def.innerType)
      break;
    node = def.innerType;
    meta ??= FLAG_META.get(node);
    section ??= SECTION_META.get(node);
  }
  return { inner: node, ...(meta ? { meta } : {}), ...(section ? { section } : {}) };
}

/** The choices of an enum leaf (`a | b`), or undefined. */
function choicesOf(schema: z.ZodType): string | undefined {
  const def = schema._zod.def as { type: string; entries?: Record<string, string> };
  return def.type === "enum" && def.entries ? Object.values(def.entries).join(" | ") : undefined;
}

/** A default as `--help` shows it: lists comma-separated, nothing for none. */
function shownDefault(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return "none";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

/**
 * The flag table of the configuration: every field of {@link RunConfigSchema} that carries flag
 * metadata (`option`), with its group, commands and reader, and a help line whose choices and
 * default are read from the schema itself. Groups are the sections with a heading (`section`), in
 * schema order, then `output`.
 */
export function flagTable(): FlagTable {
  const groups: FlagGroup[] = [];
  const flags: FlagSpec[] = [];
  const walk = (schema: z.ZodType, path: string, group: string | undefined): void => {
    const { inner, meta, section } = unwrap(schema);
    if (section && path !== "") groups.push({ key: path, ...section });
    const own = section ? path : group;
    if (meta) {
      const key = meta.group ?? own ?? path.split(".")[0]!;
      const choices = choicesOf(inner);
      const value = meta.defaultText ?? shownDefault(configValue(DEFAULTS, path));
      flags.push({
        flag: meta.flag,
        path,
        group: key,
        commands: meta.commands ?? [],
        read: meta.read ?? "text",
        help: `${meta.help}${choices ? `: ${choices}` : ""}${value !== undefined ? ` (default ${value})` : ""}`,
        ...(meta.periodPath ? { periodPath: meta.periodPath } : {}),
      });
    }
    const def = inner._zod.def as { type: string; shape?: Record<string, z.ZodType>; in?: z.ZodType };
    if (def.type === "pipe" && def.in) return walk(def.in, path, own);
    if (def.type !== "object" || !def.shape) return;
    for (const [key, child] of Object.entries(def.shape))
      walk(child, path === "" ? key : `${path}.${key}`, own);
  };
  walk(RunConfigSchema, "", undefined);
  groups.push({ key: "output", ...OUTPUT_GROUP });
  groups.sort((a, b) => groupRank(a.key) - groupRank(b.key));
  const byKey = new Map(groups.map((g) => [g.key, g]));
  for (const flag of flags) {
    const group = byKey.get(flag.group);
    if (!group) throw new Error(`flag ${flag.flag} names the unknown help group ${flag.group}`);
    if (flag.commands.length === 0) flag.commands = group.commands;
  }
  return { groups, flags };
}

/**
 * Where a group is listed in `--help`: data, option, delta hedge, the models, training, the sources,
 * evaluation, then the run's own flags.
 */
function groupRank(key: string): number {
  const models: readonly string[] = Object.values(MODELS).map((m) => m.section);
  const sources: readonly string[] = Object.values(SOURCES).flatMap((s) => (s.section ? [s.section] : []));
  if (models.includes(key)) return 3;
  if (sources.includes(key)) return 5;
  return { data: 0, option: 1, delta: 2, training: 4, evaluation: 6, output: 7 }[key] ?? 8;
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

const list = (value: string): string[] =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** How each {@link FlagReader} turns a flag's text into a value (validation is the schema's). */
export const FLAG_READERS: Readonly<Record<FlagReader, (text: string, flag: string) => unknown>> = {
  text: (value) => value,
  upper: (value) => value.trim().toUpperCase(),
  number: readDecimal,
  list,
  numbers: (value, flag) => list(value).map((item) => readDecimal(item, flag)),
  range: (value, flag) => {
    const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(value);
    if (!range) return list(value).map((item) => readDecimal(item, flag));
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from > to)
      throw new HedgelabError(`invalid ${flag}: ${JSON.stringify(value)} (a range goes up: ${to}..${from})`);
    return Array.from({ length: to - from + 1 }, (_, k) => from + k);
  },
  "number-or-auto": (value, flag) => (value === "auto" ? value : readDecimal(value, flag)),
  "number-or-none": (value, flag) => (value === "none" ? null : readDecimal(value, flag)),
  "number-or-all": (value, flag) => (value === "all" ? value : readDecimal(value, flag)),
};
