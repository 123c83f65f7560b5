import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { HedgelabError } from "../errors.js";
import type { Cell } from "../graph/cell.js";
import { executeInParallel } from "../graph/execute-in-parallel.js";
import { writeFileAtomically } from "../store/atomic-file.js";
import type { FolderStore } from "../store/folder-store.js";
import type { StudyRunContext } from "../study/study-context.js";
import type { RunInputs } from "../study/run-study.js";
import type { StudySpec } from "./cell-children.js";
import { priceTableToJson } from "./price-table-json.js";
import {
  CELL_JOB_ATTEMPTS,
  CELL_JOB_BACKOFF_MS,
  CELL_QUEUE,
  cellJobId,
  studySpecPath,
  type CellJobData,
} from "./cell-job.js";
import { cellsProgress, describeCell } from "./cells-progress.js";
import type { CliIo } from "./io.js";
import { connectRedis, type RedisConnection } from "./redis-connection.js";
import { assertSecureRedis, parseRedisUrl, redactRedisUrl } from "./redis-url.js";

/** The key of a study on the queue: the first 16 hex digits of the SHA-256 of its spec, as JSON. */
export function studyKey(spec: StudySpec): string {
  return createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
}

/**
 * `--queue URL` of `run` and `backtest`: stores every expensive cell the study `spec` needs and
 * `cache` lacks by queueing one BullMQ job per cell whose inputs are stored (a {@link CellJobData}:
 * the study's key, the cell's id and kind) for `hedgelab worker` processes on any machine that
 * sees the same store. The spec is written into the store (`queue-studies/<key>.json`), with the
 * prices of `inputs` as data when the configuration names price files ({@link queuedSpec}), so a
 * job carries references only and a worker reads no file but its store. One progress display as with `--workers N`. A job that fails runs again
 * after an exponential backoff, {@link CELL_JOB_ATTEMPTS} times at most; a job whose worker is
 * killed is taken again by another (BullMQ's stalled jobs). Afterwards the command runs its study
 * in this process from the cache, so its results are those of `--workers 1`.
 *
 * @throws HedgelabError when Redis cannot be reached (within 5 s) or is refused, or naming the cell
 *   whose job failed and its last error, once this study's waiting jobs are removed.
 */
export async function storeCellsOnQueue(
  study: StudySpec,
  targets: readonly Cell<unknown, StudyRunContext>[],
  cache: FolderStore,
  url: string,
  insecure: boolean,
  inputs: RunInputs,
  io: CliIo,
): Promise<void> {
  const redis: RedisConnection = await connectRedis(url, insecure);
  const spec = queuedSpec(study, inputs);
  const key = studyKey(spec);
  const specFile = join(cache.dir, studySpecPath(key));
  mkdirSync(dirname(specFile), { recursive: true });
  writeFileAtomically(specFile, JSON.stringify(spec));
  const connection = redis.options;
  const progress = cellsProgress(io, 1, undefined, `as jobs on ${redis.target.redacted} (study ${key})`);
  const cells = new Map<string, Cell<unknown, StudyRunContext>>();
  const started = new Set<string>();
  const waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const start = (jobId: string): void => {
    const cell = cells.get(jobId);
    if (cell === undefined || started.has(jobId)) return;
    started.add(jobId);
    progress.start(cell);
  };
  // The queue and its events open with the first job: a study whose cells are all stored opens no
  // connection (closing one still starting up can reject a pending command).
  let open: Promise<Queue<CellJobData>> | undefined;
  const closers: (() => Promise<void>)[] = [];
  const openQueue = (): Promise<Queue<CellJobData>> =>
    (open ??= (async () => {
      const queue = new Queue<CellJobData>(CELL_QUEUE, { connection });
      const events = new QueueEvents(CELL_QUEUE, { connection });
      closers.push(
        () => queue.close(),
        () => events.close(),
      );
      const quiet = (): void => {}; // a lost connection shows as a job that does not finish; BullMQ reconnects
      queue.on("error", quiet);
      events.on("error", quiet);
      events.on("active", ({ jobId }) => start(jobId));
      events.on("completed", ({ jobId }) => {
        start(jobId); // its "active" event may come late, or not at all when a worker was fast
        waiting.get(jobId)?.resolve();
      });
      events.on("failed", ({ jobId, failedReason }) => {
        const cell = cells.get(jobId);
        if (cell === undefined) return;
        const reason = redactRedisUrl(failedReason.split("\n")[0] ?? "");
        waiting
          .get(jobId)
          ?.reject(
            new HedgelabError(
              `the ${describeCell(cell)} cell (${cell.id.slice(0, 8)}) failed on the queue: ${reason}`,
            ),
          );
      });
      await events.waitUntilReady();
      return queue;
    })());
  io.recover?.({ queue: { url, study: key } });
  try {
    await executeInParallel(targets, {
      workers: Number.MAX_SAFE_INTEGER,
      isStored: (cell) => cache.has(cell.kind, cell.id),
      runCell: async (cell, signal) => {
        const queue = await openQueue();
        const jobId = cellJobId(key, cell.id);
        cells.set(jobId, cell);
        const finished = new Promise<void>((resolve, reject) => waiting.set(jobId, { resolve, reject }));
        const job = await queue.add(
          cell.kind,
          { study: key, cell: cell.id, kind: cell.kind },
          {
            jobId,
            attempts: CELL_JOB_ATTEMPTS,
            backoff: { type: "exponential", delay: CELL_JOB_BACKOFF_MS },
            removeOnComplete: true,
            removeOnFail: true,
          },
        );
        const stop = (): void => {
          void job.remove().catch(() => {}); // a job a worker holds finishes and is stored
          waiting.get(jobId)?.reject(new Error(`the ${describeCell(cell)} cell was cancelled`));
        };
        signal.addEventListener("abort", stop, { once: true });
        try {
          await finished;
        } finally {
          signal.removeEventListener("abort", stop);
          waiting.delete(jobId);
        }
      },
      onPlan: (planned) => progress.plan(planned),
      onDone: (cell) => progress.done(cell),
    });
  } finally {
    await open?.catch(() => undefined);
    await Promise.allSettled(closers.map((close) => close()));
  }
}

/**
 * The spec a queued study writes into the store: `spec` with, when its configuration names price
 * files (or an implied-volatility file the delta hedge reads), those tables of `inputs` as data.
 */
export function queuedSpec(spec: StudySpec, inputs: RunInputs): StudySpec {
  const { data, strategies, delta } = spec.config;
  const implied = strategies.includes("delta") && delta.volatility === "implied";
  return {
    ...spec,
    ...(data.prices !== undefined && inputs.prices ? { prices: priceTableToJson(inputs.prices) } : {}),
    ...(implied && data.impliedVolatility !== undefined && inputs.impliedVolatility
      ? { impliedVolatility: priceTableToJson(inputs.impliedVolatility) }
      : {}),
  };
}

/**
 * Removes the jobs of `study` that no worker holds (waiting, delayed, prioritized): what Ctrl-C on
 * its coordinator does. Jobs a worker runs finish and their cells stay in the store.
 *
 * @returns how many jobs were removed.
 */
export async function cancelStudyJobs(connection: RedisConnection, study: string): Promise<number> {
  const queue = new Queue(CELL_QUEUE, { connection: connection.options });
  queue.on("error", () => {});
  try {
    const jobs = await queue.getJobs(["waiting", "delayed", "prioritized", "paused"]);
    const mine = jobs.filter((job) => job.id?.startsWith(`${study}-`) === true);
    const removed = await Promise.allSettled(mine.map((job) => job.remove()));
    return removed.filter((r) => r.status === "fulfilled").length;
  } finally {
    await queue.close();
  }
}

/**
 * `--queue URL` of a study command, or undefined: it needs the cache (the workers store their cells
 * there) and replaces `--workers`.
 *
 * @throws HedgelabError with `--cache none` or `--workers` above 1.
 */
export function studyQueue(flags: Readonly<Record<string, unknown>>): string | undefined {
  const url = flags.queue;
  if (typeof url !== "string") return undefined;
  if (flags.cache === "none")
    throw new HedgelabError(
      "--queue needs the cache (the workers store their cells there): leave out --cache none",
    );
  if (flags.workers !== undefined && String(flags.workers).trim() !== "1")
    throw new HedgelabError(
      "give either --queue (cells on workers) or --workers N (cells in child processes), not both",
    );
  assertSecureRedis(parseRedisUrl(url), flags.insecure === true);
  return url;
}
