import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CELL_QUEUE } from "../../src/cli/cell-job.js";
import { filesUnder, hedgelab, killRunning, startupSeconds, until } from "./hedgelab-process.js";
import { findRedisServer, freePort, startRedis, type TestRedis } from "./redis-server.js";

/**
 * `--queue` and `hedgelab worker` against Debian's redis-server, started on a free loopback port
 * (no mock): the built command runs as child processes, as on other machines.
 */
const PASSWORD = "pw-Zq81xT5e";

/** A small grid: 2 hedge sets, delta and a tiny RNN trained 1 epoch on market and regime-bs paths. */
const GRID = [
  ...["--hedge", "AAPL", "--hedge", "AAPL,MSFT", "--strategies", "delta,rnn"],
  ...["--sources", "market,regime-bs", "--hidden", "4", "--epochs", "1", "--stride", "5"],
  ...["--start", "2015-01-01", "--end", "2017-12-31", "--regimes", "1..2", "--paths-per-regime", "100"],
];

const dir = mkdtempSync(join(tmpdir(), "hedgelab-queue-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Redis out of reach or refused", () => {
  it("a worker and a coordinator say so in one line, exit 1, within 5 s", async () => {
    const port = await freePort();
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const startup = await startupSeconds();
    const worker = hedgelab(["worker", "--queue", url, "--cache", join(dir, "unreachable")]);
    const run = hedgelab(["run", ...GRID, "--out", join(dir, "unreachable"), "--queue", url]);
    for (const child of [worker, run]) {
      const { code, seconds } = await child.exit;
      expect(code).toBe(1);
      // Within 5 s of starting (two processes start at once: twice the start-up of one).
      expect(seconds).toBeLessThan(5 + 2 * startup);
      expect(child.out()).toMatch(
        new RegExp(`^hedgelab: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0: .+\\n$`),
      );
      expect(child.out()).not.toContain(PASSWORD);
    }
    // Nothing visible is left: at most the hidden cache, and no empty --out folder the run created.
    const out = join(dir, "unreachable");
    expect(existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith(".")) : []).toEqual([]);
  }, 20_000);

  it("a Redis off loopback without a password is refused unless --insecure", async () => {
    const worker = hedgelab(["worker", "--queue", "redis://192.0.2.1:6379", "--cache", join(dir, "x")]);
    const { code } = await worker.exit;
    expect(code).toBe(1);
    expect(worker.out()).toBe(
      "hedgelab: refusing redis://192.0.2.1:6379/0: it is not on loopback and has no password; give redis://:PASSWORD@192.0.2.1… (or rediss:// for TLS), or --insecure\n",
    );
  }, 20_000);
});

const redisServer = findRedisServer();
if (!redisServer) console.warn("queue tests skipped: no redis-server found (install Debian's redis-server)");

describe.skipIf(!redisServer)("--queue and hedgelab worker on a real redis-server", () => {
  let redis: TestRedis;
  const connection = (): { host: string; port: number; password: string } => ({
    host: "127.0.0.1",
    port: redis.port,
    password: PASSWORD,
  });
  beforeAll(async () => {
    redis = await startRedis(redisServer!, PASSWORD);
  });
  afterAll(async () => {
    await redis?.stop();
  });
  // Each test starts on an empty queue: no job a test left (a worker stopped mid-job) reaches the next.
  afterEach(async () => {
    killRunning();
    const queue = new Queue(CELL_QUEUE, { connection: connection() });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("a payload that fails the job schema fails its job with one line and is not retried", async () => {
    const cache = join(dir, "schema-cache");
    const worker = hedgelab(["worker", "--queue", redis.url, "--cache", cache]);
    const queue = new Queue(CELL_QUEUE, { connection: connection() });
    const events = new QueueEvents(CELL_QUEUE, { connection: connection() });
    try {
      await events.waitUntilReady();
      await until(() => worker.out().includes("waiting for jobs"), "the worker");
      const failed = new Promise<string>((resolve) =>
        events.on("failed", ({ jobId, failedReason }) => {
          if (jobId === "evil") resolve(failedReason);
        }),
      );
      const bad = { study: "0123456789abcdef", cell: "../../../etc/passwd", kind: "training" };
      await queue.add("training", bad, { jobId: "evil", attempts: 3, backoff: { type: "fixed", delay: 10 } });
      expect(await failed).toBe("invalid job: cell: a hexadecimal cell id");
      const job = await queue.getJob("evil");
      expect(job?.attemptsMade).toBe(1);
      expect(await job?.getState()).toBe("failed");
      expect(worker.out()).toContain(
        "hedgelab worker: job evil refused: invalid job: cell: a hexadecimal cell id\n",
      );
      expect(readdirSync(dir)).not.toContain("passwd");
    } finally {
      worker.process.kill("SIGTERM");
      await worker.exit;
      await queue.obliterate({ force: true });
      await Promise.all([queue.close(), events.close()]);
    }
  }, 30_000);

  it("a worker that does not share the coordinator's store fails the study with one line naming the cell", async () => {
    const worker = hedgelab(["worker", "--queue", redis.url, "--cache", join(dir, "elsewhere")]);
    try {
      await until(() => worker.out().includes("waiting for jobs"), "the worker");
      const run = hedgelab([
        "run",
        ...GRID,
        "--out",
        join(dir, "apart"),
        "--name",
        "a",
        "--queue",
        redis.url,
      ]);
      const { code } = await run.exit;
      expect(code).toBe(1);
      const lines = run
        .out()
        .split("\n")
        .filter((l) => l.startsWith("hedgelab:"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^hedgelab: the .+ cell \([0-9a-f]{8}\) failed on the queue: the study [0-9a-f]{16} is not in the store .*elsewhere \(the workers need the coordinator's store, on a shared filesystem\)$/,
      );
      expect(readdirSync(join(dir, "apart")).filter((f) => !f.startsWith("."))).toEqual([]);
    } finally {
      worker.process.kill("SIGTERM");
      await worker.exit;
    }
  }, 30_000);

  it("Ctrl-C on a coordinator removes its waiting jobs, not another study's, and says how to resume", async () => {
    const queue = new Queue(CELL_QUEUE, { connection: connection() });
    try {
      await queue.add(
        "training",
        { study: "ffffffffffffffff", cell: "ab", kind: "training" },
        { jobId: "ffffffffffffffff-ab" },
      );
      const run = hedgelab([
        "run",
        ...GRID,
        "--out",
        join(dir, "cancel"),
        "--name",
        "c",
        "--queue",
        redis.url,
      ]);
      await until(() => /computing \d+ cells/.test(run.out()), "the coordinator's plan");
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = (await queue.getJobs(["waiting"])).map((j) => j.id);
      expect(before.length).toBeGreaterThan(1);
      run.process.kill("SIGINT");
      const { code } = await run.exit;
      expect(code).toBe(130);
      expect(run.out()).toMatch(/resume with: .*--queue 'redis:\/\/:\*\*\*@127\.0\.0\.1:\d+' .*--resume/);
      expect(run.out()).not.toContain(PASSWORD);
      expect((await queue.getJobs(["waiting"])).map((j) => j.id)).toEqual(["ffffffffffffffff-ab"]);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 30_000);

  it("a coordinator and 2 workers run a grid, one worker killed mid-job, with the metrics of --workers 1 and no password anywhere", async () => {
    const local = hedgelab(["run", ...GRID, "--out", join(dir, "local"), "--name", "r", "--workers", "1"]);
    const cache = join(dir, "queued", ".cache");
    mkdirSync(cache, { recursive: true });
    const victim = hedgelab(["worker", "--queue", redis.url, "--cache", cache]);
    const survivor = hedgelab(["worker", "--queue", redis.url, "--cache", cache]);
    await until(() => victim.out().includes("waiting for jobs"), "the first worker");
    const run = hedgelab(["run", ...GRID, "--out", join(dir, "queued"), "--name", "r", "--queue", redis.url]);
    try {
      // Kill the first worker (and so its cell's process) while it runs its first job.
      await until(() => /: started \(attempt 1\)/.test(victim.out()), "a job on the first worker", 40);
      victim.process.kill("SIGKILL");
      await until(() => /: started \(attempt 1\)/.test(survivor.out()), "a job on the second worker", 40);
      const { code } = await run.exit;
      expect(run.out()).not.toMatch(/^hedgelab:/m);
      expect(code).toBe(0);
      expect((await local.exit).code).toBe(0);
      expect(run.out()).toMatch(
        /computing 9 cells missing from the cache, as jobs on redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0/,
      );
      expect(readFileSync(join(dir, "queued", "r", "metrics.json"), "utf8")).toBe(
        readFileSync(join(dir, "local", "r", "metrics.json"), "utf8"),
      );
      // The password is in no output and no file of the run (results folder and store).
      for (const text of [run.out(), victim.out(), survivor.out()]) expect(text).not.toContain(PASSWORD);
      for (const file of filesUnder(join(dir, "queued")))
        expect(readFileSync(file).includes(PASSWORD), file).toBe(false);
      // Run again: every cell is in the store, none is queued or recomputed.
      const again = hedgelab([
        "run",
        ...GRID,
        "--out",
        join(dir, "queued"),
        "--name",
        "s",
        "--queue",
        redis.url,
      ]);
      expect((await again.exit).code, again.out()).toBe(0);
      expect(again.out()).not.toMatch(/computing \d+ cells/);
    } finally {
      survivor.process.kill("SIGTERM");
      run.process.kill("SIGTERM");
      await survivor.exit;
    }
  }, 90_000);
});
