import { existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { EXIT, type RecoveryPoint } from "./io.js";

/** What the bin entry gives the worker thread that runs the command. */
export interface CliWorkerInput {
  /** The command line, without node and the script. */
  argv: string[];
  /** Whether the process's standard error is a terminal (progress bars redraw in place). */
  isTTY: boolean;
}

/**
 * A message from the worker thread to the bin entry: output, in the order it was written (both
 * streams travel through one port, so their interleaving is kept), or a new {@link RecoveryPoint}.
 */
export type CliWorkerMessage =
  { kind: "stdout" | "stderr"; chunk: string | Uint8Array } | { kind: "recover"; point: RecoveryPoint };

/** How long a stopped worker is waited for before the process ends by the signal itself (3 s). */
export const STOP_GRACE_MS = 3000;

/** The signals that stop a command cleanly, with the word of their line and their exit code (128 + number). */
const STOPPING_SIGNALS = {
  SIGINT: { word: "interrupted", code: EXIT.interrupted },
  SIGTERM: { word: "terminated (SIGTERM)", code: EXIT.terminated },
} as const;

/**
 * Runs the command line `argv` in a worker thread started from `entry` (the bin script, which
 * calls `serveCli` when it is not the main thread), relays its output, and stays idle so that
 * Ctrl-C is handled even while training blocks the worker's event loop. On the first SIGINT (or
 * SIGTERM, as sent by `kill`, a scheduler, a container's stop or `timeout`) one line says at once
 * where the work stands ({@link describeInterruption}): at once, because a parent such as `npx`
 * exits as soon as it has passed the signal on, and a line written later would come after the
 * shell's prompt or into a closed pipe. Then the worker is stopped, what it left half-written is
 * removed ({@link removeLeftovers}) and the exit code is 130 (143 for SIGTERM). A worker stuck in a
 * long native call, which cannot be stopped, is given {@link STOP_GRACE_MS}; past it, or on a second
 * signal, the process ends by the signal's default action (the shell reports the same code). When standard
 * output is closed early (`hedgelab run … | head`), the rest of the output is dropped and the
 * command goes on to write its results.
 *
 * @returns the exit code: the command's own (0, 1, 2), 2 when the worker itself failed, 130 or 143
 *   when stopped by SIGINT or SIGTERM.
 */
export function superviseCli(entry: URL, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const point: RecoveryPoint = {};
    let endsLine = true;
    let stoppedBy: keyof typeof STOPPING_SIGNALS | undefined;
    let told = false;
    let cleaned = false;
    let failed = false;
    let stdoutClosed = false;
    const input: CliWorkerInput = { argv: [...argv], isTTY: process.stderr.isTTY === true };
    const worker = new Worker(entry, { workerData: input });
    const tell = (): void => {
      if (told || stoppedBy === undefined) return;
      told = true;
      const checkpoint = point.checkpoint !== undefined && existsSync(point.checkpoint);
      // A progress bar redrawn in place leaves the cursor mid-line: the message starts a new one.
      const line = describeInterruption(point, checkpoint, STOPPING_SIGNALS[stoppedBy].word);
      process.stderr.write(`${endsLine ? "" : "\n"}${line}\n`);
    };
    const cleanUp = (): void => {
      if (cleaned) return;
      cleaned = true;
      removeLeftovers(point);
    };
    // The worker may be stuck in a long native call, which even process.exit waits for: die by the
    // signal itself, which the shell reports with the same code.
    const die = (signal: keyof typeof STOPPING_SIGNALS): void => {
      cleanUp();
      removeHandlers();
      process.kill(process.pid, signal);
    };
    let grace: NodeJS.Timeout | undefined;
    const onSignal = (signal: keyof typeof STOPPING_SIGNALS): void => {
      if (stoppedBy !== undefined) return die(signal);
      stoppedBy = signal;
      tell();
      void worker.terminate();
      grace = setTimeout(() => die(signal), STOP_GRACE_MS);
    };
    const onSigint = (): void => onSignal("SIGINT");
    const onSigterm = (): void => onSignal("SIGTERM");
    // A reader that stops reading (`| head`) closes the pipe: the output is dropped from then on.
    const onStdoutError = (error: NodeJS.ErrnoException): void => {
      if (!stdoutClosed && error.code !== "EPIPE") {
        process.stderr.write(
          `hedgelab: standard output failed (${error.message}); the rest of it is dropped\n`,
        );
      }
      stdoutClosed = true;
    };
    const removeHandlers = (): void => {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
    };
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
    process.stdout.on("error", onStdoutError);
    worker.on("message", (message: CliWorkerMessage) => {
      if (message.kind === "recover") {
        Object.assign(point, message.point);
        return;
      }
      if (stoppedBy !== undefined) return; // output of a stopped command would follow the line that ends it
      const { chunk } = message;
      if (message.kind === "stdout") {
        if (!stdoutClosed) process.stdout.write(chunk);
        return;
      }
      process.stderr.write(chunk);
      if (chunk.length > 0) {
        endsLine = typeof chunk === "string" ? chunk.endsWith("\n") : chunk[chunk.length - 1] === 10;
      }
    });
    worker.on("error", (error) => {
      if (stoppedBy !== undefined) return;
      failed = true;
      process.stderr.write(`hedgelab: internal error: ${error.stack ?? error.message}\n`);
    });
    worker.on("exit", (code) => {
      removeHandlers();
      clearTimeout(grace);
      if (stoppedBy !== undefined) {
        const code = STOPPING_SIGNALS[stoppedBy].code;
        cleanUp();
        if (point.queue === undefined) return resolve(code);
        // A study on a queue: its waiting jobs go too (the running ones finish into the store).
        void cancelQueuedStudy(point.queue).then(() => resolve(code));
      } else {
        resolve(failed ? EXIT.internalError : code);
      }
    });
  });
}

/** Removes the waiting jobs of an interrupted study on its queue, within 4 s; says nothing (its line says how to resume). */
async function cancelQueuedStudy(queue: { url: string; study: string }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const { connectRedis } = await import("./redis-connection.js");
    const { cancelStudyJobs } = await import("./queue-cells.js");
    await Promise.race([
      connectRedis(queue.url, true).then((connection) => cancelStudyJobs(connection, queue.study)),
      new Promise((resolve) => (timer = setTimeout(resolve, 4000))),
    ]);
  } catch {
    // Redis went away: the jobs left are run by workers into the store, where a resumed run finds them.
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The one line printed on Ctrl-C (or SIGTERM): the checkpoint and the command that resumes from
 * it, or, before the first checkpoint, the command that starts again (reusing the cache's finished
 * trainings), or that nothing was written.
 *
 * @param checkpointExists whether `point.checkpoint` was written (a complete file: it is replaced
 *   atomically).
 * @param word - what happened; default `"interrupted"` (Ctrl-C), `"terminated (SIGTERM)"` for SIGTERM.
 */
export function describeInterruption(
  point: RecoveryPoint,
  checkpointExists: boolean,
  word = "interrupted",
): string {
  const { checkpoint, resumeCommand, cache } = point;
  if (resumeCommand === undefined) return `hedgelab: ${word}; nothing was written`;
  if (checkpoint !== undefined && checkpointExists) {
    return `hedgelab: ${word}; checkpoint ${checkpoint}; resume with: ${resumeCommand}`;
  }
  if (cache !== undefined) {
    return (
      `hedgelab: ${word} before the current training's first checkpoint (finished trainings are kept in the cache ${cache}); ` +
      `resume with: ${resumeCommand}`
    );
  }
  // Nothing to resume from: the same command without --resume (which would be refused) starts it again.
  return `hedgelab: ${word} before the first checkpoint was written; start again with: ${resumeCommand.replace(/ --resume$/, "")}`;
}

/**
 * Removes what an interrupted command left half-written: its reserved partial results folder, the
 * temporary file of a checkpoint being replaced, and this process's temporary files in the cache;
 * then the folders it created (`--out`, and a cache inside it) where that leaves them empty.
 * Complete files (the last checkpoint, finished cache entries) stay for `--resume`.
 */
export function removeLeftovers(point: RecoveryPoint): void {
  const remove = (path: string): void => {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // What cannot be removed stays hidden; the next run's clean-up removes stale partial folders.
    }
  };
  if (point.partialFolder !== undefined) remove(point.partialFolder);
  if (point.checkpoint !== undefined) remove(`${point.checkpoint}.partial`);
  if (point.cache !== undefined) {
    let entries: string[] = [];
    try {
      entries = readdirSync(point.cache);
    } catch {
      // no cache folder yet
    }
    const mine = `.partial-${process.pid}`;
    for (const entry of entries) if (entry.endsWith(mine)) remove(join(point.cache, entry));
  }
  const created = point.createdFolders ?? [];
  if (created.length === 0) return;
  // A cache the command made inside its new --out folder goes too when it holds nothing.
  if (point.cache !== undefined && created.includes(dirname(point.cache))) removeIfEmpty(point.cache);
  for (const folder of [...created].reverse()) if (!removeIfEmpty(folder)) return;
}

/** Removes the folder `dir` if it is empty; whether it is gone. */
function removeIfEmpty(dir: string): boolean {
  try {
    if (readdirSync(dir).length > 0) return false;
    rmSync(dir, { recursive: true, force: true });
    return true;
  } catch {
    return !existsSync(dir);
  }
}
