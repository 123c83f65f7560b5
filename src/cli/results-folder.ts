import { join } from "node:path";
import { HedgelabError } from "../errors.js";
import { folderStore, type FolderStore } from "../store/folder-store.js";
import {
  describeRemovedPartials,
  reserveOutputFolder,
  writeOutputFolder,
  type OutputFolder,
  type RunFiles,
} from "../store/output-folder.js";
import type { RunConfig } from "../config/run-config.js";
import { resumeCommand } from "./commands/train.js";
import { folderRecovery, timestamp, type CliIo } from "./io.js";
import type { RunFlags } from "./run-options.js";

/** What a study command (`run`, `backtest`) works with: its results folder, cache and resume command. */
export interface StudyOutput {
  folder: OutputFolder;
  /** The store of finished cells (`--cache`, default `<out>/.cache`); undefined with `--cache none`. */
  cache?: FolderStore;
  /** The command line that resumes this run (`… --name NAME --resume`). */
  resume: string;
}

/**
 * Opens the results folder of a study command: checks `--resume` has a `--name`, opens the cache,
 * reserves `<out>/<name>` (default `<prefix><UTC timestamp>`), says which partial folders of killed
 * runs it removed, and tells the interrupt handler what to clean up and how to resume.
 *
 * @param command - the command's name, for messages and the resume command (`run`, `backtest`).
 * @throws HedgelabError for `--resume` without `--name`, or a folder that cannot be reserved.
 */
export function openStudyOutput(
  flags: RunFlags,
  io: CliIo,
  config: RunConfig,
  command: string,
  prefix = "",
): StudyOutput {
  const out = typeof flags.out === "string" ? flags.out : "runs";
  if (flags.resume === true && config.name === undefined)
    throw new HedgelabError(`--resume needs --name, the name of the interrupted ${command}`);
  const cacheDir = typeof flags.cache === "string" ? flags.cache : join(out, ".cache");
  const cache = cacheDir === "none" ? undefined : folderStore(cacheDir);
  const folder = reserveOutputFolder(out, {
    ...(config.name !== undefined ? { name: config.name } : {}),
    base: `${prefix}${timestamp((io.now ?? (() => new Date()))())}`,
  });
  const removed = describeRemovedPartials(folder);
  if (removed) io.stderr(`${removed}\n`);
  const resume = resumeCommand(io.argv ?? [command], folder.name);
  io.recover?.({
    ...folderRecovery(folder),
    ...(cache ? { cache: cache.dir, resumeCommand: resume } : {}),
  });
  return { folder, ...(cache ? { cache } : {}), resume };
}

/**
 * Writes a study's results folder atomically with its `report.html` drawn by `draw` from the
 * folder's files, and prints where. When the report cannot be drawn, the folder is written without
 * it (what was computed is kept) and the error says how to draw it again.
 *
 * @throws HedgelabError when the report could not be drawn, after the folder is written.
 */
export async function writeStudyOutput(
  io: CliIo,
  folder: OutputFolder,
  files: RunFiles,
  draw: (files: RunFiles) => Promise<string>,
): Promise<void> {
  let reportError: unknown;
  try {
    files["report.html"] = await draw(files);
  } catch (error) {
    reportError = error; // keep what was computed: the folder is written without its page
  }
  const written = writeOutputFolder(folder, files);
  io.stdout(`results: ${written}\n`);
  if (reportError !== undefined) {
    const reason = reportError instanceof Error ? reportError.message : String(reportError);
    throw new HedgelabError(
      `the results are in ${written} but report.html could not be drawn (${reason}); retry with hedgelab report ${written}`,
    );
  }
  io.stdout(`report: ${join(written, "report.html")}\n`);
}
