import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { HedgelabError } from "../errors.js";
import { parseModelFile, type ModelFile } from "../store/model-file.js";

/** A model folder named on the command line, read: its name, `model.json` and content. */
export interface ModelArgument {
  /** The folder's base name (`AAPL-seed43`), for messages. */
  name: string;
  /** Its `model.json`. */
  file: string;
  model: ModelFile;
  /** The row's name the user gave (`--model NAME=FOLDER`). */
  label?: string;
}

/** An ensemble named on the command line (`--ensemble [NAME=]A,B,C` or `--ensemble [NAME=]FOLDER`), read. */
export interface EnsembleArgument {
  /** As given, without its name: `runs/x/models` or `a,b,c`. */
  name: string;
  members: ModelArgument[];
  label?: string;
}

/**
 * Splits `NAME=PATH` into its name and path; a value without `=`, or whose part before `=` holds a
 * path separator or is itself an existing path, is a path alone.
 */
export function splitNamed(value: string): { label?: string; path: string } {
  const at = value.indexOf("=");
  if (at < 0 || existsSync(value)) return { path: value };
  const label = value.slice(0, at);
  if (label.includes("/") || label.includes("\\")) return { path: value };
  return { label, path: value.slice(at + 1) };
}

/** The `model.json` of a model folder (or the file itself when given). */
const modelJson = (path: string): string => (path.endsWith(".json") ? path : join(path, "model.json"));

/** A model folder's name: its base name (`models/a` → `a`; `x/model.json` → `x`). */
const folderName = (path: string): string =>
  path.endsWith(".json")
    ? basename(path) === "model.json"
      ? basename(join(path, ".."))
      : basename(path, ".json")
    : basename(path);

/** Reads the model folder `path` (a `hedgelab train` or `run` model folder). */
export function readModelArgument(path: string, label?: string): ModelArgument {
  const file = modelJson(path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new HedgelabError(`cannot read model ${file}: ${(error as Error).message}`);
  }
  return { name: folderName(path), file, model: parseModelFile(text, file), ...(label ? { label } : {}) };
}

/**
 * Reads one `--ensemble` value: `[NAME=]A,B,C` (model folders), or `[NAME=]FOLDER` whose subfolders
 * holding a `model.json` are the members (a run's `models/` of one hedge set, a folder of seeds), in
 * name order.
 */
export function readEnsembleArgument(value: string): EnsembleArgument {
  const { label, path } = splitNamed(value);
  const parts = path.split(",").filter((p) => p !== "");
  let folders = parts;
  if (parts.length === 1 && !existsSync(modelJson(parts[0]!))) {
    const dir = parts[0]!;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (error) {
      throw new HedgelabError(`cannot read --ensemble ${dir}: ${(error as Error).message.split(",")[0]}`);
    }
    folders = entries
      .map((entry) => join(dir, entry))
      .filter((folder) => statSync(folder).isDirectory() && existsSync(join(folder, "model.json")));
    if (folders.length === 0)
      throw new HedgelabError(
        `--ensemble ${dir} is neither a list of model folders A,B,C nor a folder of model folders`,
      );
  }
  return {
    name: path,
    members: folders.map((folder) => readModelArgument(folder)),
    ...(label ? { label } : {}),
  };
}

/** The values of a repeatable flag as commander gives them: a string, a list or nothing. */
export function flagValues(value: string | string[] | boolean | undefined): string[] {
  return typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
}
