import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { HedgelabError } from "../errors.js";

/**
 * Writes `data` to `file` atomically: to a hidden temporary file beside it
 * (`.name.partial-<pid>`), then renamed over `file`, so that a reader never sees half a file and a
 * failure leaves an older `file` whole.
 *
 * @param flag - how the file was given, for messages (`--holdings`).
 * @throws HedgelabError with one line when the file cannot be written (no such folder, read-only).
 */
export function writeFileAtomically(file: string, data: string | Uint8Array, flag = "file"): void {
  const temporary = join(dirname(file), `.${basename(file)}.partial-${process.pid}`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new HedgelabError(`cannot write ${flag} ${file}: ${reasonOf(error)}`);
  }
}

/**
 * Fails, before any work is done, when `file` could not be written later: its folder is missing or
 * not a folder, or `file` is a folder.
 *
 * @param flag - how the file was given, for messages (`--holdings`).
 */
export function assertWritableFile(file: string, flag = "file"): void {
  const folder = dirname(file);
  const stat = (path: string): ReturnType<typeof statSync> | undefined => {
    try {
      return statSync(path);
    } catch {
      return undefined;
    }
  };
  if (!stat(folder)?.isDirectory())
    throw new HedgelabError(`cannot write ${flag} ${file}: its folder ${folder} does not exist`);
  if (stat(file)?.isDirectory()) throw new HedgelabError(`cannot write ${flag} ${file}: it is a folder`);
}

/** `EACCES: permission denied`: the first part of a Node error message, without the path. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(",")[0]!.trim();
}
