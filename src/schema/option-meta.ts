import { z } from "zod";

/** The subcommands that take configuration flags. */
export type CommandName = "run" | "train" | "evaluate" | "generate";

/**
 * How the text of a flag becomes a configuration value: `text` as typed, `upper` uppercased,
 * `number` a strict decimal, `list` comma-separated words, `numbers` comma-separated decimals,
 * `range` a list or an integer range `1..10`, and a decimal or one word (`number-or-auto`,
 * `number-or-none` for null, `number-or-all`).
 */
export type FlagReader =
  | "text"
  | "upper"
  | "number"
  | "list"
  | "numbers"
  | "range"
  | "number-or-auto"
  | "number-or-none"
  | "number-or-all";

/**
 * What the command line needs of one configuration field, attached to its schema with
 * {@link option}: the flag, how its text is read, and its help. The default shown in `--help` is
 * read from the schema itself (its `.default()`), never written here, unless the schema has none and
 * `defaultText` says what applies; the choices of an enum are read from the schema too.
 */
export interface FlagMeta {
  /** The flag with its argument, as commander takes it: `--epochs <n>`. */
  flag: string;
  /** Help text without the default or the choices: `most training epochs`. */
  help: string;
  /** How the text becomes a value; default `text`. */
  read?: FlagReader;
  /** The `--help` group, a key of the section headings; default the field's top-level section. */
  group?: string;
  /** The commands that take the flag; default those of its group. */
  commands?: readonly CommandName[];
  /** What the default is when the schema has none (`the first of each hedge set`), or to say more. */
  defaultText?: string;
  /** Where a value written as a period `FROM..TO` goes instead of the field (the split flags). */
  periodPath?: string;
}

/** A group of flags in `--help`: its heading and the commands its flags apply to. */
export interface SectionMeta {
  heading: string;
  commands: readonly CommandName[];
}

/** Flag metadata of configuration fields, keyed by their schema. */
export const FLAG_META = z.registry<FlagMeta>();

/** Help groups of configuration sections, keyed by their schema. */
export const SECTION_META = z.registry<SectionMeta>();

/**
 * `schema` with the command-line flag `meta`: the one place where a field's flag, reader and help
 * are written, beside its type and default.
 *
 * @example
 * epochs: option(z.number().int().min(1).default(80), { flag: "--epochs <n>", read: "number", help: "most training epochs" })
 */
export function option<S extends z.ZodType>(schema: S, meta: FlagMeta): S {
  FLAG_META.add(schema as z.ZodType, meta);
  return schema;
}

/** `schema`, a configuration section, listed under `meta.heading` in `--help`. */
export function section<S extends z.ZodType>(schema: S, meta: SectionMeta): S {
  SECTION_META.add(schema as z.ZodType, meta);
  return schema;
}
