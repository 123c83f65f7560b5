import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HedgelabError } from "../errors.js";
import type { RunConfig } from "../config/run-config.js";
import type { Cell } from "../graph/cell.js";
import { executeInParallel } from "../graph/execute-in-parallel.js";
import type { FolderStore } from "../store/folder-store.js";
import { studyGraphOf, type RunInputs } from "../study/run-study.js";
import type { StudyRunContext } from "../study/study-context.js";
import type { StudyTraining } from "../study/study-graph.js";
import { planBacktest, type BacktestOptions } from "../backtest/run-backtest.js";
import { resolveSweep, type Sweep } from "../sweep/search-space.js";
import { planSweep } from "../sweep/run-sweep.js";
import { cellsProgress, describeCell } from "./cells-progress.js";
import { priceTableFromJson, type PriceTableJson } from "./price-table-json.js";
import type { CliIo } from "./io.js";

/**
 * What a child process needs to rebuild the coordinator's graph of cells, written as JSON: the
 * command, its resolved configuration and, for a backtest, its options, for a sweep, its search
 * space (validated again when read back) and number of trials. The prices are read again
 * from the configuration's files, so the cell ids are the same.
 */
export type StudySpec = (
  | { command: "run"; config: RunConfig }
  | { command: "backtest"; config: RunConfig; backtest: BacktestOptions }
  | { command: "sweep"; config: RunConfig; sweep: Sweep; trials?: number }
) & {
  /** Whether a training continues from its checkpoint in the cache (`--resume`); default false. */
  resume?: boolean;
  /** The prices as data, read by the coordinator from the files of the configuration (`--queue`: a worker reads no file a spec names). */
  prices?: PriceTableJson;
  /** The implied volatilities as data, when the delta hedge reads them from a file (`--queue`). */
  impliedVolatility?: PriceTableJson;
};

/** The environment variable that tells a `hedgelab` process it computes one cell for a coordinator. */
export const CELL_CHILD_ENV = "HEDGELAB_CELL_CHILD";

/**
 * The target cells and the trainings of the study `spec` describes, on `given` inputs, else the
 * spec's own prices, else the prices read from the files of its configuration.
 */
export function studyOf(
  spec: StudySpec,
  given: RunInputs = {},
): { targets: Cell<unknown, StudyRunContext>[]; trainings: StudyTraining[] } {
  const inputs: RunInputs = {
    ...(spec.prices ? { prices: priceTableFromJson(spec.prices) } : {}),
    ...(spec.impliedVolatility ? { impliedVolatility: priceTableFromJson(spec.impliedVolatility) } : {}),
    ...given,
  };
  if (spec.command === "run") {
    const graph = studyGraphOf(spec.config, inputs);
    return { targets: graph.targets, trainings: graph.trainings };
  }
  if (spec.command === "sweep") {
    const { graph } = planSweep(
      spec.config,
      resolveSweep(spec.sweep),
      spec.trials !== undefined ? { trials: spec.trials } : {},
      inputs,
    );
    return { targets: graph.targets, trainings: graph.trials.flatMap((t) => t.study.trainings) };
  }
  const { graph } = planBacktest(spec.config, spec.backtest, inputs);
  return { targets: graph.targets, trainings: graph.folds.flatMap((f) => f.study.trainings) };
}

/**
 * A count given on the command line (`--workers`, `--concurrency`): an integer ≥ 1, default 1.
 *
 * @param flag - the flag, for the message.
 * @throws HedgelabError `invalid --workers: "0" (an integer ≥ 1)`.
 */
export function countFlag(value: unknown, flag: string): number {
  if (value === undefined) return 1;
  const text = String(value);
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new HedgelabError(`invalid ${flag}: ${JSON.stringify(text)} (an integer ≥ 1)`);
  return n;
}

/** `--workers N`: how many cells run at once ({@link countFlag}; default 1: everything in this process). */
export function workerCount(value: unknown): number {
  return countFlag(value, "--workers");
}

/**
 * The `--workers` of a study command ({@link workerCount}); more than one needs the cache, through
 * which the processes share their cells.
 *
 * @throws HedgelabError for a bad value, or `--workers` above 1 with `--cache none`.
 */
export function studyWorkers(flags: Readonly<Record<string, unknown>>): number {
  const workers = workerCount(flags.workers);
  if (workers > 1 && flags.cache === "none")
    throw new HedgelabError(
      `--workers ${workers} needs the cache (the processes share their cells through it): leave out --cache none, or give --workers 1`,
    );
  return workers;
}

/** The kernel threads of each of `workers` children: HEDGELAB_THREADS when set, else an equal share of the CPUs. */
export function childThreads(workers: number, env: NodeJS.ProcessEnv = process.env): string {
  const set = env.HEDGELAB_THREADS;
  if (set !== undefined && set !== "") return set;
  return String(Math.max(1, Math.floor(availableParallelism() / workers)));
}

/**
 * Stores every expensive cell (with a codec) that the study `spec` needs and `cache` lacks, running
 * up to `workers` child processes at once (`hedgelab cell`, each with its share of the kernel
 * threads, {@link childThreads}), with one progress display on standard error
 * ({@link cellsProgress}). Children print nothing: their standard error is kept for the message of a
 * failure. Afterwards the command runs its study in this process as usual, reading these cells from
 * the cache, so its results are those of `--workers 1`.
 *
 * @param targets - the study's target cells (built by this process on the same configuration and prices).
 * @throws HedgelabError (or Error, for a child's internal error) naming the failed cell and the
 *   child's last line, once the other children are stopped; what was stored stays for the next run.
 */
export async function storeCellsInChildren(
  spec: StudySpec,
  targets: readonly Cell<unknown, StudyRunContext>[],
  cache: FolderStore,
  workers: number,
  io: CliIo,
): Promise<void> {
  mkdirSync(cache.dir, { recursive: true });
  // Named like the store's temporaries: removed on Ctrl-C and by the next run if this one is killed.
  const specFile = join(cache.dir, `.study.json.partial-${process.pid}`);
  writeFileSync(specFile, JSON.stringify(spec));
  const progress = cellsProgress(io, workers);
  const env = { ...process.env, HEDGELAB_THREADS: childThreads(workers), [CELL_CHILD_ENV]: "1" };
  try {
    await executeInParallel(targets, {
      workers,
      isStored: (cell) => cache.has(cell.kind, cell.id),
      runCell: (cell, signal) =>
        runCellChild(describeCell(cell), cell.id, ["--spec", specFile, "--cache", cache.dir], env, signal),
      onPlan: (cells) => progress.plan(cells),
      onStart: (cell) => progress.start(cell),
      onDone: (cell) => progress.done(cell),
    });
  } finally {
    rmSync(specFile, { force: true });
  }
}

/** The built command a child runs: this file's `bin.js`, or dist's when running from the TypeScript sources. */
function childEntry(): string {
  const ts = import.meta.url.endsWith(".ts");
  return fileURLToPath(new URL(ts ? "../../dist/cli/bin.js" : "./bin.js", import.meta.url));
}

/**
 * Runs `hedgelab cell --cell ID …` in a child process (which stops when this process goes away,
 * and on `signal`, by SIGTERM then SIGKILL: {@link terminateChild}); rejects with one line naming the cell (`name`, as in the progress lines) when it fails: a
 * HedgelabError for the child's user error (exit 1), else an Error.
 */
export function runCellChild(
  name: string,
  id: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childEntry(), "cell", "--cell", id, ...args], {
      env,
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-16384);
    });
    const stop = (): void => terminateChild(child);
    signal.addEventListener("abort", stop, { once: true });
    child.on("error", (error) => {
      signal.removeEventListener("abort", stop);
      reject(new Error(`cannot start a process for the ${name} cell: ${error.message}`));
    });
    child.on("close", (code, killedBy) => {
      signal.removeEventListener("abort", stop);
      if (code === 0) return resolve();
      if (signal.aborted) return reject(new Error(`the ${name} cell was stopped`));
      const line = lastLine(stderr) ?? (killedBy ? `killed by ${killedBy}` : `exit code ${code}`);
      const message = `the ${name} cell (${id.slice(0, 8)}) failed in its process: ${line}`;
      if (code === 1) return reject(new HedgelabError(message));
      const error = new Error(message);
      error.stack = message; // the child's stack is in its own output, not in this process
      reject(error);
    });
  });
}

/** How long a cell's process has to stop after SIGTERM before it gets SIGKILL, in milliseconds. */
export const CHILD_KILL_GRACE_MS = 5000;

/**
 * Stops `child`: SIGTERM now (it removes its temporaries and exits), SIGKILL after `graceMs` if it
 * has not exited by then (a process that ignores SIGTERM or hangs in native code).
 */
export function terminateChild(child: ChildProcess, graceMs: number = CHILD_KILL_GRACE_MS): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }, graceMs);
  child.once("exit", () => clearTimeout(timer));
  child.kill("SIGTERM");
}

/** The child's last `hedgelab:` line (its error), else its last line, without the `hedgelab: ` prefix. */
function lastLine(text: string): string | undefined {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const own = lines.filter((l) => l.startsWith("hedgelab:"));
  const line = own[own.length - 1] ?? lines[lines.length - 1];
  return line?.replace(/^hedgelab: (internal error: )?/, "");
}
