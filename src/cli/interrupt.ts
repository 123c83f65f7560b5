import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
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

/**
 * Runs the command line `argv` in a worker thread started from `entry` (the bin script, which
 * calls `serveCli` when it is not the main thread), relays its output, and stays idle so that
 * Ctrl-C is handled even while training blocks the worker's event loop. On the first SIGINT the
 * worker is stopped, what it left half-written is removed ({@link removeLeftovers}), one line says
 * where the work stands ({@link describeInterruption}) and the exit code is 130; a second SIGINT
 * ends the process at once, by the signal's default action (the shell reports 130 as well).
 *
 * @returns the exit code: the command's own (0, 1, 2), 2 when the worker itself failed, 130 when
 *   interrupted.
 */
export function superviseCli(entry: URL, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const point: RecoveryPoint = {};
    let endsLine = true;
    let interrupted = false;
    let told = false;
    let failed = false;
    const input: CliWorkerInput = { argv: [...argv], isTTY: process.stderr.isTTY === true };
    const worker = new Worker(entry, { workerData: input });
    const tell = (): void => {
      if (told) return;
      told = true;
      removeLeftovers(point);
      const checkpoint = point.checkpoint !== undefined && existsSync(point.checkpoint);
      // A progress bar redrawn in place leaves the cursor mid-line: the message starts a new one.
      process.stderr.write(`${endsLine ? "" : "\n"}${describeInterruption(point, checkpoint)}\n`);
    };
    const onSigint = (): void => {
      if (interrupted) {
        // The worker may be stuck in a long native call, which even process.exit waits for: die by
        // the signal itself, which the shell reports as 130 too.
        tell();
        process.off("SIGINT", onSigint);
        process.kill(process.pid, "SIGINT");
        return;
      }
      interrupted = true;
      void worker.terminate();
    };
    process.on("SIGINT", onSigint);
    worker.on("message", (message: CliWorkerMessage) => {
      if (message.kind === "recover") {
        Object.assign(point, message.point);
        return;
      }
      if (interrupted) return; // output of a stopped command would follow the line that ends it
      const { chunk } = message;
      if (message.kind === "stdout") {
        process.stdout.write(chunk);
        return;
      }
      process.stderr.write(chunk);
      if (chunk.length > 0) {
        endsLine = typeof chunk === "string" ? chunk.endsWith("\n") : chunk[chunk.length - 1] === 10;
      }
    });
    worker.on("error", (error) => {
      if (interrupted) return;
      failed = true;
      process.stderr.write(`hedgelab: internal error: ${error.stack ?? error.message}\n`);
    });
    worker.on("exit", (code) => {
      process.off("SIGINT", onSigint);
      if (interrupted) {
        tell();
        resolve(EXIT.interrupted);
      } else {
        resolve(failed ? EXIT.internalError : code);
      }
    });
  });
}

/**
 * The one line printed on Ctrl-C: the checkpoint and the command that resumes from it, or, before
 * the first checkpoint, the command that starts again (reusing the cache's finished trainings), or
 * that nothing was written.
 *
 * @param checkpointExists whether `point.checkpoint` was written (a complete file: it is replaced
 *   atomically).
 */
export function describeInterruption(point: RecoveryPoint, checkpointExists: boolean): string {
  const { checkpoint, resumeCommand, cache } = point;
  if (resumeCommand === undefined) return "hedgelab: interrupted; nothing was written";
  if (checkpoint !== undefined && checkpointExists) {
    return `hedgelab: interrupted; checkpoint ${checkpoint}; resume with: ${resumeCommand}`;
  }
  if (cache !== undefined) {
    return (
      `hedgelab: interrupted before the current training's first checkpoint (finished trainings are kept in the cache ${cache}); ` +
      `resume with: ${resumeCommand}`
    );
  }
  return `hedgelab: interrupted before the first checkpoint was written; start again with: ${resumeCommand}`;
}

/**
 * Removes what an interrupted command left half-written: its reserved partial results folder, the
 * temporary file of a checkpoint being replaced, and this process's temporary files in the cache.
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
}
