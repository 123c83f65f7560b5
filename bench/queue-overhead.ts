/**
 * `npx tsx bench/queue-overhead.ts [--m M]`: what the queue (`run --queue`, `hedgelab worker`)
 * costs per cell, apart from the cell's own work. Starts redis-server on a free loopback port and
 * one `hedgelab worker --concurrency 1`, then pushes M trivial jobs through BullMQ one at a time,
 * exactly as `run --queue` does (a study spec in the store, one job `{ study, cell, kind }` per
 * cell): the regime model of a one-asset study with one mixture component and one restart, each job
 * a different seed so that no cell is stored yet. It times, per cell (milliseconds, median and p90):
 *
 * - `queue`: enqueue → the job's "completed" event (the cell is in the store by then);
 * - `child`: the same cell by `hedgelab cell --spec … --cell …` run directly (what the worker
 *   spawns per job: Node's start, the kernels' load, the study's graph rebuilt from the spec);
 * - `inProcess`: the same cell stored by `executeGraph` in this process, warm (its own compute:
 *   the market data it reads, the mixture fit, the store's write);
 * - `nodeStart`: `hedgelab --version` (Node's start and the CLI's imports, no cell).
 *
 * The overhead per cell is `queue − inProcess`; `child − inProcess` is the part the child process
 * adds, `queue − child` the part Redis and BullMQ add. Needs a built dist/ and redis-server; never
 * part of `npm test`. Prints the figures and one JSON line.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue, QueueEvents } from "bullmq";
import { resolveRunConfig } from "../src/config/run-config.js";
import { cellsInOrder, type Cell } from "../src/graph/cell.js";
import { executeGraph } from "../src/graph/execute-graph.js";
import { folderStore } from "../src/store/folder-store.js";
import type { StudyRunContext } from "../src/study/study-context.js";
import { studyOf, type StudySpec } from "../src/cli/cell-children.js";
import { CELL_QUEUE, cellJobId, studySpecPath, type CellJobData } from "../src/cli/cell-job.js";
import { studyKey } from "../src/cli/queue-cells.js";
import { findRedisServer, startRedis, type TestRedis } from "../test/cli/redis-server.js";

const BIN = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));

/** The `q`-quantile of `xs` (linear interpolation between order statistics). */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (h - lo);
}

const summary = (xs: readonly number[]): { median_ms: number; p90_ms: number } => ({
  median_ms: Math.round(quantile(xs, 0.5)),
  p90_ms: Math.round(quantile(xs, 0.9)),
});

const now = (): number => performance.now();

/** The study of seed `seed` (a one-asset RNN on regime-bs paths, the cheapest regime model) and its regimes cell. */
function trivialStudy(seed: number): { spec: StudySpec; cell: Cell<unknown, StudyRunContext> } {
  const config = resolveRunConfig({
    seed,
    hedgeSets: [["AAPL"]],
    strategies: ["rnn"],
    sources: ["regime-bs"],
    regime: { components: [1], restarts: 1, pathsPerRegime: 10 },
  });
  const spec: StudySpec = { command: "run", config };
  const cell = cellsInOrder(studyOf(spec).targets).find((c) => c.kind === "regimes");
  if (!cell) throw new Error("the trivial study has no regimes cell");
  return { spec, cell };
}

/** Stores `cell` in a fresh store in this process, as `hedgelab cell` does; seconds → ms. */
function storeInProcess(cell: Cell<unknown, StudyRunContext>, dir: string): number {
  const t0 = now();
  executeGraph([cell], { context: { training: () => ({}) }, store: folderStore(dir), warn: () => {} });
  return now() - t0;
}

/** Runs `node args…` with its standard input open until it exits; rejects with its standard error unless it exits 0. */
function runChild(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${args[1]} failed: ${stderr}`))));
  });
}

/** Pushes the regime cell of each study through `redis` and one worker, one at a time; the ms from enqueue to "completed". */
async function queueCells(
  studies: readonly { spec: StudySpec; cell: Cell<unknown, StudyRunContext> }[],
  redis: TestRedis,
  started: (worker: ChildProcess) => void,
): Promise<number[]> {
  const cache = mkdtempSync(join(tmpdir(), "hedgelab-queue-cache-"));
  const store = folderStore(cache);
  mkdirSync(join(cache, "queue-studies"), { recursive: true });
  const jobs = studies.map(({ spec, cell }) => {
    const study = studyKey(spec);
    writeFileSync(join(cache, studySpecPath(study)), JSON.stringify(spec));
    return { study, cell };
  });
  const worker = spawn(process.execPath, [BIN, "worker", "--queue", redis.url, "--cache", cache], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  started(worker);
  await new Promise<void>((resolve, reject) => {
    let text = "";
    worker.stderr.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("waiting for jobs")) resolve();
    });
    worker.on("exit", (code) => reject(new Error(`the worker exited (${code}): ${text}`)));
  });
  const connection = { host: "127.0.0.1", port: redis.port };
  const queue = new Queue<CellJobData>(CELL_QUEUE, { connection });
  const events = new QueueEvents(CELL_QUEUE, { connection });
  await events.waitUntilReady();
  const queued: number[] = [];
  const waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  events.on("completed", ({ jobId }) => waiting.get(jobId)?.resolve());
  events.on("failed", ({ jobId, failedReason }) => waiting.get(jobId)?.reject(new Error(failedReason)));
  try {
    for (const { study, cell } of jobs) {
      const jobId = cellJobId(study, cell.id);
      const completed = new Promise<void>((resolve, reject) => waiting.set(jobId, { resolve, reject }));
      const t0 = now();
      await queue.add(
        cell.kind,
        { study, cell: cell.id, kind: cell.kind },
        { jobId, removeOnComplete: true, removeOnFail: true },
      );
      await completed;
      queued.push(now() - t0);
      if (!store.has(cell.kind, cell.id)) throw new Error(`the cell ${cell.id} was not stored`);
    }
  } finally {
    await Promise.allSettled([queue.close(), events.close()]);
    rmSync(cache, { recursive: true, force: true });
  }
  return queued;
}

async function main(): Promise<void> {
  const arg = process.argv.indexOf("--m");
  const m = arg > 0 ? Number(process.argv[arg + 1]) : 20;
  if (!Number.isInteger(m) || m < 2) throw new Error(`invalid --m: ${process.argv[arg + 1]}`);
  const executable = findRedisServer();
  if (!executable) throw new Error("redis-server is not installed");
  const root = mkdtempSync(join(tmpdir(), "hedgelab-queue-overhead-"));
  const load = loadavg().map((x) => x.toFixed(2));
  const [nodeStart, inProcess, child, queued]: [number[], number[], number[], number[]] = [[], [], [], []];
  try {
    const studies = Array.from({ length: m }, (_, i) => trivialStudy(1000 + i));

    // Node's start and the CLI's imports.
    for (let i = 0; i < 5; i++) {
      const t0 = now();
      spawnSync(process.execPath, [BIN, "--version"], { stdio: "ignore" });
      nodeStart.push(now() - t0);
    }

    // Each cell in this process (the first two as warm-up, on seeds of their own).
    for (let i = 0; i < 2; i++) storeInProcess(trivialStudy(900 + i).cell, join(root, `warm-${i}`));
    studies.forEach(({ cell }, i) => inProcess.push(storeInProcess(cell, join(root, `in-process-${i}`))));

    // Each cell by the child process a worker spawns, without the queue.
    const env = { ...process.env, HEDGELAB_CELL_CHILD: "1", HEDGELAB_THREADS: "2" };
    for (const [i, { spec, cell }] of studies.entries()) {
      const dir = join(root, `child-${i}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, "spec.json");
      writeFileSync(file, JSON.stringify(spec));
      const t0 = now();
      // Its standard input stays open, as a worker's does: a cell child stops when it closes.
      await runChild([BIN, "cell", "--cell", cell.id, "--spec", file, "--cache", dir], env);
      child.push(now() - t0);
    }

    // Each cell through Redis and one worker.
    const redis = await startRedis(executable);
    let worker: ReturnType<typeof spawn> | undefined;
    try {
      queued.push(...(await queueCells(studies, redis, (w) => (worker = w))));
    } finally {
      worker?.kill("SIGTERM");
      await redis.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const med = (xs: readonly number[]): number => quantile(xs, 0.5);
  const result = {
    workload: "queue-overhead",
    cells: m,
    load_before: load.join(" "),
    load_after: loadavg()
      .map((x) => x.toFixed(2))
      .join(" "),
    queue: summary(queued),
    child: summary(child),
    inProcess: summary(inProcess),
    nodeStart: summary(nodeStart),
    overhead: summary(queued.map((q, i) => q - inProcess[i]!)),
    childPart_median_ms: Math.round(med(child) - med(inProcess)),
    redisPart_median_ms: Math.round(med(queued) - med(child)),
  };
  const line = (name: string, s: { median_ms: number; p90_ms: number }, what: string): string =>
    `${name.padEnd(11)} median ${String(s.median_ms).padStart(5)} ms   p90 ${String(s.p90_ms).padStart(5)} ms   ${what}`;
  console.log(
    `${m} trivial cells (a one-component regime model), load average ${result.load_before} → ${result.load_after}`,
  );
  console.log(line("queue", result.queue, "enqueue → completed, one worker"));
  console.log(line("child", result.child, "`hedgelab cell` run directly, no queue"));
  console.log(line("in-process", result.inProcess, "the cell's own compute and write, warm"));
  console.log(line("node start", result.nodeStart, "`hedgelab --version`"));
  console.log(line("overhead", result.overhead, "queue − in-process, per cell"));
  console.log(
    `of which the child process ≈ ${result.childPart_median_ms} ms and Redis/BullMQ ≈ ${result.redisPart_median_ms} ms (medians)`,
  );
  console.log(JSON.stringify(result));
}

await main();
