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
}

/** Exit codes: 0 success, 1 user error (one readable line), 2 internal error. */
export const EXIT = { ok: 0, userError: 1, internalError: 2 } as const;

/** A folder name from the clock: `YYYYMMDD-HHMMSS` (UTC). */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}
