import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { HedgelabError } from "../errors.js";

/** The files of a results folder, by name: text, or bytes (a model's `weights.safetensors`). */
export type RunFiles = Record<string, string | Uint8Array>;

/**
 * A results folder reserved before a run does any work: the hidden folder `dir/.name.partial`
 * exists, is writable and records its owner (process id and host), so that no other run takes the
 * same name; the files go there and it is renamed to `dir/name` once complete.
 */
export interface OutputFolder {
  /** The directory of results folders (`--out`). */
  readonly dir: string;
  /** The folder's name (`--name`, or a free name derived from a timestamp). */
  readonly name: string;
  /** Where the finished folder will be: `dir/name`. */
  readonly path: string;
  /** The hidden folder that holds the reservation, then the files: `dir/.name.partial`. */
  readonly partial: string;
  /** Hidden partial folders of interrupted runs found in `dir` and removed, by name. */
  readonly removed: readonly string[];
  /** The folders the reservation created (`dir` and missing parents, outermost first): removed with it when left empty. */
  readonly created?: readonly string[];
}

/** Options of {@link reserveOutputFolder}. */
export interface ReserveOptions {
  /** The name the user chose: taken as is, refused when a folder or a live run has it. */
  name?: string;
  /** Without `name`: the first of `base`, `base-2`, `base-3`, … that nobody has. */
  base: string;
  /** How the directory was given, for messages; default `--out`. */
  flag?: string;
  /** What the folder is, for messages; default `results folder` (`model folder` for `train`). */
  what?: string;
}

/** The file inside a partial folder that says which process owns it. */
const OWNER = ".owner.json";
/** A partial folder without an owner file counts as stale once this old (ms): it is a killed run's. */
const OWNERLESS_GRACE_MS = 60_000;
const PARTIAL = /^\.(.+)\.partial(?:-[A-Za-z0-9]{6})?$/;

/**
 * Reserves the results folder `dir/name` before any work is done, so that a run never computes
 * for nothing: creates `dir` (and its parents) if needed, removes the partial folders that runs
 * killed earlier left behind, and creates `dir/.name.partial` atomically (`mkdir` fails if another
 * run holds the name). The owner file written into it proves that `dir` is writable.
 *
 * @throws HedgelabError with one line when `dir` is a file, cannot be created or written (read-only,
 *   full disk, `/proc`), or when `--name` is taken by a folder or a live run.
 */
export function reserveOutputFolder(dir: string, options: ReserveOptions): OutputFolder {
  const flag = options.flag ?? "--out";
  const what = options.what ?? "results folder";
  const created: string[] = [];
  ensureDirectory(dir, flag, created);
  // A refusal leaves nothing behind: no empty --out folder.
  const refuse = (message: string): never => {
    removeEmpty(created);
    throw new HedgelabError(message);
  };
  const removed = removeStalePartials(dir, flag);
  const candidates = options.name !== undefined ? [options.name] : generatedNames(options.base);
  for (const name of candidates) {
    const path = join(dir, name);
    const partial = join(dir, `.${name}.partial`);
    if (exists(path, flag)) {
      if (options.name === undefined) continue;
      refuse(`${what} ${path} already exists: choose another --name`);
    }
    try {
      mkdirSync(partial);
    } catch (error) {
      if (codeOf(error) === "EEXIST" && options.name === undefined) continue;
      if (codeOf(error) === "EEXIST") {
        refuse(
          `${what} ${path} is being written by another run (${describeOwner(partial)}): choose another --name`,
        );
      }
      refuse(`cannot write in ${flag} folder ${dir}: ${reasonOf(error)}`);
    }
    try {
      const owner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
      writeFileSync(join(partial, OWNER), `${JSON.stringify(owner)}\n`);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      refuse(`cannot write in ${flag} folder ${dir}: ${reasonOf(error)}`);
    }
    return { dir, name, path, partial, removed, created };
  }
  /* c8 ignore next */
  throw new Error("unreachable: the generated names never end");
}

/**
 * Fills a reserved folder and renames it to its final path: `fill` writes into `folder.partial`.
 * If `fill` or the rename fails, the partial folder is removed, so no half-written folder ever
 * looks complete, and the error is rethrown.
 *
 * @returns the path of the finished folder.
 */
export function fillOutputFolder(folder: OutputFolder, fill: (partial: string) => void): string {
  try {
    fill(folder.partial);
    rmSync(join(folder.partial, OWNER), { force: true });
    renameSync(folder.partial, folder.path);
  } catch (error) {
    releaseOutputFolder(folder);
    throw error;
  }
  return folder.path;
}

/**
 * Writes `files` into a reserved folder ({@link fillOutputFolder}). When writing fails at this last
 * step (disk full, folder removed or made read-only during the run), what was computed is kept:
 * the files are written to a new folder under the system's temporary directory instead.
 *
 * @returns the path of the finished folder.
 * @throws HedgelabError with one line saying what failed and where the files were saved instead.
 */
export function writeOutputFolder(folder: OutputFolder, files: RunFiles): string {
  const write = (target: string): void => {
    for (const [file, text] of Object.entries(files)) {
      // A file may sit in a subfolder (a run's `models/<hedge set>/model.json`).
      if (dirname(file) !== ".") mkdirSync(join(target, dirname(file)), { recursive: true });
      writeFileSync(join(target, file), text);
    }
  };
  try {
    return fillOutputFolder(folder, write);
  } catch (error) {
    const reason = `could not write ${folder.path} (${reasonOf(error)})`;
    let fallback: string;
    try {
      fallback = mkdtempSync(join(tmpdir(), `hedgelab-${folder.name}-`));
      write(fallback);
    } catch (second) {
      throw new HedgelabError(
        `${reason}, nor a copy in ${tmpdir()} (${reasonOf(second)}): the output above is all that is left`,
      );
    }
    throw new HedgelabError(`${reason}; the results were saved in ${fallback} instead`);
  }
}

/** Gives a reservation up (the run failed): removes its partial folder and what it holds. */
export function releaseOutputFolder(folder: OutputFolder): void {
  rmSync(folder.partial, { recursive: true, force: true });
  removeEmpty(folder.created ?? []);
}

/** Removes the folders of `created` (outermost first) that are empty, innermost first; keeps any that holds something. */
function removeEmpty(created: readonly string[]): void {
  for (const folder of [...created].reverse()) {
    try {
      if (readdirSync(folder).length > 0) return;
      rmdirSync(folder);
    } catch {
      return;
    }
  }
}

/**
 * One line on the stale partial folders {@link reserveOutputFolder} removed, or undefined when none.
 */
export function describeRemovedPartials(folder: OutputFolder): string | undefined {
  const { removed, dir } = folder;
  if (removed.length === 0) return undefined;
  const s = removed.length === 1 ? "" : "s";
  return `removed ${removed.length} partial folder${s} of interrupted runs from ${dir}: ${removed.join(", ")}`;
}

function* generatedNames(base: string): Generator<string> {
  yield base;
  for (let k = 2; ; k++) yield `${base}-${k}`;
}

/** Creates `dir` and its missing parents one level at a time (Node's recursive mkdir loops on /proc). */
function ensureDirectory(dir: string, flag: string, created: string[] = []): void {
  const stat = statOf(dir, flag);
  if (stat) {
    if (!stat.isDirectory()) throw new HedgelabError(`${flag} ${dir} is a file, not a folder`);
    return;
  }
  const parent = dirname(dir);
  if (parent !== dir) ensureDirectory(parent, flag, created);
  try {
    mkdirSync(dir);
    created.push(dir);
  } catch (error) {
    if (codeOf(error) === "EEXIST" && statOf(dir, flag)?.isDirectory()) return;
    throw new HedgelabError(`cannot create ${flag} folder ${dir}: ${reasonOf(error)}`);
  }
}

/** The partial folders of `dir` whose owner is gone, removed; their names. */
function removeStalePartials(dir: string, flag: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    throw new HedgelabError(`cannot read ${flag} folder ${dir}: ${reasonOf(error)}`);
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!PARTIAL.test(entry)) continue;
    const path = join(dir, entry);
    if (!isStale(path)) continue;
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(entry);
    } catch {
      // Not ours to insist on: a folder we cannot remove stays, and the run goes on.
    }
  }
  return removed;
}

/** True when the partial folder's owner process has ended (same host), or it has no owner and is old. */
function isStale(partial: string): boolean {
  let stat: Stats;
  try {
    stat = statSync(partial);
  } catch {
    return false;
  }
  if (!stat.isDirectory()) return false;
  const owner = readOwner(partial);
  if (!owner) return Date.now() - stat.mtimeMs > OWNERLESS_GRACE_MS;
  if (owner.host !== hostname()) return false;
  return !isAlive(owner.pid);
}

interface Owner {
  pid: number;
  host: string;
  started: string;
}

function readOwner(partial: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(partial, OWNER), "utf8")) as Partial<Owner>;
    if (typeof owner.pid === "number" && typeof owner.host === "string") {
      return { pid: owner.pid, host: owner.host, started: String(owner.started) };
    }
  } catch {
    // no owner file, or an unreadable one: treated as ownerless
  }
  return undefined;
}

function describeOwner(partial: string): string {
  const owner = readOwner(partial);
  return owner ? `process ${owner.pid} on ${owner.host}, started ${owner.started}` : "owner unknown";
}

/** True when process `pid` exists (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
}

function statOf(path: string, flag: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    throw new HedgelabError(`cannot use ${flag} ${path}: ${reasonOf(error)}`);
  }
}

function exists(path: string, flag: string): boolean {
  return statOf(path, flag) !== undefined;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/** `ENOSPC: no space left on device`: the first part of a Node error message, without the path. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(",")[0]!.trim();
}
