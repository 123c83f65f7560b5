import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { z } from "zod";
import { HedgelabError } from "../../errors.js";
import { folderStore } from "../../store/folder-store.js";
import { CELL_CHILD_ENV, childThreads, countFlag, runCellChild } from "../cell-children.js";
import { CELL_QUEUE, parseCellJob, studySpecPath } from "../cell-job.js";
import { formatLimit, jobTimeout, parseJobTimeouts } from "../cell-timeouts.js";
import { formatDuration } from "../cells-progress.js";
import { PRICE_TABLE_JSON } from "../price-table-json.js";
import type { CliIo } from "../io.js";
import { connectRedis } from "../redis-connection.js";
import { redactRedisUrl } from "../redis-url.js";
import type { RunFlags } from "../run-options.js";

/** How long a job's lock lasts without renewal, in milliseconds: a killed worker's job is taken again soon after. */
export const JOB_LOCK_MS = 10_000;

/** How often a worker looks for jobs whose worker stopped renewing their lock, in milliseconds. */
export const STALLED_CHECK_MS = 5_000;

/** How many times a job may lose its worker (killed, machine lost) before it fails. */
export const MAX_STALLED = 3;

/** The longest delay a Node timer takes, in milliseconds (about 24.8 days); a longer job timeout is cut to it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The top of a study spec a worker accepts from its store: a command, a configuration object, options. */
const SPEC_SHAPE = z.strictObject({
  command: z.enum(["run", "backtest", "sweep"]),
  config: z.looseObject({
    data: z.looseObject({ prices: z.array(z.string()).optional(), impliedVolatility: z.string().optional() }),
    strategies: z.array(z.string()),
    delta: z.looseObject({ volatility: z.string() }),
  }),
  backtest: z.record(z.string(), z.unknown()).optional(),
  sweep: z.record(z.string(), z.unknown()).optional(),
  trials: z.number().int().min(1).optional(),
  resume: z.boolean().optional(),
  prices: PRICE_TABLE_JSON.optional(),
  impliedVolatility: PRICE_TABLE_JSON.optional(),
});

/** Why a worker refuses a study spec that would make it read a file outside its store, or undefined. */
function fileNamedBy(spec: z.infer<typeof SPEC_SHAPE>): string | undefined {
  const { data, strategies, delta } = spec.config;
  if (data.prices !== undefined && spec.prices === undefined) return "its price files";
  const implied = strategies.includes("delta") && delta.volatility === "implied";
  if (implied && data.impliedVolatility !== undefined && spec.impliedVolatility === undefined)
    return "its implied-volatility file";
  return undefined;
}

/**
 * `hedgelab worker --queue URL --cache DIR [--concurrency K] [--job-timeout T] [--insecure]`: takes
 * the jobs of every study on the queue and stores their cells in its own store `DIR` (the
 * coordinator's, on a shared filesystem), up to K at once, each in a child process that runs the
 * same code as `hedgelab cell`. A child that runs past the timeout of its cell's kind
 * (`CELL_TIMEOUTS_S`, or `--job-timeout`: {@link parseJobTimeouts}) is stopped (SIGTERM, then
 * SIGKILL) and its job fails with one line (`the training 1a2b3c4d cell ran past its 48 h limit`),
 * to run again as any failed job.
 * A payload is data: one that fails the job schema, or whose study is not in the store, fails at
 * once and is not retried. One line per job on standard error. Runs until stopped (Ctrl-C); a job
 * it was running is taken again by another worker.
 *
 * @throws HedgelabError for a bad `--concurrency` or `--job-timeout`, or when Redis is refused or
 *   cannot be reached (within 5 s).
 */
export async function commandWorker(flags: RunFlags, io: CliIo): Promise<void> {
  const { queue: url, cache: dir } = flags;
  if (typeof url !== "string" || typeof dir !== "string")
    throw new HedgelabError("hedgelab worker needs --queue redis://HOST[:PORT][/DB] and --cache DIR");
  const concurrency = countFlag(flags.concurrency, "--concurrency");
  const timeouts = parseJobTimeouts(flags.jobTimeout);
  const redis = await connectRedis(url, flags.insecure === true);
  const store = folderStore(dir);
  const env = { ...process.env, HEDGELAB_THREADS: childThreads(concurrency), [CELL_CHILD_ENV]: "1" };
  const run = async (job: Job): Promise<void> => {
    const parsed = parseCellJob(job.data);
    if ("error" in parsed) {
      io.stderr(`hedgelab worker: job ${job.id ?? "?"} refused: ${parsed.error}\n`);
      throw new UnrecoverableError(parsed.error);
    }
    const { study, cell, kind } = parsed.job;
    const name = `${kind} ${cell.slice(0, 8)}`;
    if (store.has(kind, cell)) return; // stored already (by another worker, or an earlier run)
    const specFile = join(store.dir, studySpecPath(study));
    const spec = existsSync(specFile) ? SPEC_SHAPE.safeParse(readJson(specFile)) : undefined;
    if (spec === undefined || !spec.success) {
      const line = `the study ${study} is not in the store ${store.dir} (the workers need the coordinator's store, on a shared filesystem)`;
      io.stderr(`hedgelab worker: ${name}: ${line}\n`);
      throw new UnrecoverableError(line);
    }
    const file = fileNamedBy(spec.data);
    if (file !== undefined) {
      const line = `the study ${study} names ${file} instead of carrying them as data (a worker reads only its store)`;
      io.stderr(`hedgelab worker: ${name}: ${line}\n`);
      throw new UnrecoverableError(line);
    }
    const since = performance.now();
    io.stderr(`hedgelab worker: ${name}: started (attempt ${job.attemptsMade + 1})\n`);
    const controller = new AbortController();
    const limit = jobTimeout(timeouts, kind);
    const timer = setTimeout(() => controller.abort(), Math.min(limit * 1000, MAX_TIMER_MS));
    try {
      await runCellChild(name, cell, ["--spec", specFile, "--cache", store.dir], env, controller.signal);
    } catch (error) {
      const line = controller.signal.aborted
        ? `the ${name} cell ran past its ${formatLimit(limit)} limit`
        : redactRedisUrl(error instanceof Error ? error.message : String(error));
      io.stderr(`hedgelab worker: ${line}\n`);
      throw new Error(line);
    } finally {
      clearTimeout(timer);
    }
    io.stderr(`hedgelab worker: ${name}: stored in ${formatDuration((performance.now() - since) / 1000)}\n`);
  };
  const worker = new Worker(CELL_QUEUE, run, {
    connection: redis.options,
    concurrency,
    lockDuration: JOB_LOCK_MS,
    stalledInterval: STALLED_CHECK_MS,
    maxStalledCount: MAX_STALLED,
  });
  worker.on("error", () => {}); // BullMQ reconnects; a job lost meanwhile is taken again
  await worker.waitUntilReady();
  io.stderr(
    `hedgelab worker: waiting for jobs on ${redis.target.redacted}, ${concurrency} at a time, store ${store.dir}\n`,
  );
  await new Promise<void>((resolve) => worker.on("closed", resolve));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}
