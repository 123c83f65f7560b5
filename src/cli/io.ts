import type { OutputFolder } from "../store/output-folder.js";

/** Where the CLI writes and what time it is: injected so that tests run it in-process. */
export interface CliIo {
  /** Receives standard output text. */
  stdout: (text: string) => void;
  /** Receives standard error text (errors, progress). */
  stderr: (text: string) => void;
  /** The clock used to name results folders; default `new Date()`. */
  now?: () => Date;
  /** True when standard error is a terminal (progress bars redraw in place); default false. */
  isTTY?: boolean;
  /** The command line as given (without node and the script), for messages that repeat it. */
  argv?: readonly string[];
  /**
   * Receives, as a command learns them, what an interruption (Ctrl-C) would leave behind: the
   * checkpoint being written, the command that resumes, the partial folder to remove. Each call
   * updates the fields it names. Set by the bin entry ({@link RecoveryPoint}); absent in-process.
   */
  recover?: (point: RecoveryPoint) => void;
}

/**
 * What a command tells the bin entry so that, on Ctrl-C, it can say where the work stands in one
 * line and leave nothing half-written (see `src/cli/interrupt.ts`).
 */
export interface RecoveryPoint {
  /** The checkpoint file the current training replaces after every epoch (it may not exist yet). */
  checkpoint?: string;
  /** The exact command line that resumes the run (`hedgelab train … --name NAME --resume`). */
  resumeCommand?: string;
  /** The cache folder whose finished trainings a resumed run reuses. */
  cache?: string;
  /** The hidden partial folder reserved for the results, removed when the run is interrupted. */
  partialFolder?: string;
  /**
   * The folders the reservation created (`--out` and its missing parents, outermost first): removed
   * when an interruption leaves them empty, so that no empty `--out` folder is left behind.
   */
  createdFolders?: readonly string[];
  /** The queue (`--queue URL`, kept in memory only) and the study whose waiting jobs an interruption removes. */
  queue?: { url: string; study: string };
}

/**
 * Exit codes: 0 success, 1 user error (one readable line), 2 internal error, 130 interrupted by
 * Ctrl-C and 143 stopped by SIGTERM (128 + the signal's number, the shell's convention).
 */
export const EXIT = { ok: 0, userError: 1, internalError: 2, interrupted: 130, terminated: 143 } as const;

/** A folder name from the clock: `YYYYMMDD-HHMMSS` (UTC). */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** The recovery point of a reserved results folder: its partial folder and the folders the reservation created. */
export function folderRecovery(folder: OutputFolder): RecoveryPoint {
  return { partialFolder: folder.partial, createdFolders: folder.created ?? [] };
}
