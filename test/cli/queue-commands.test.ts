import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRedisServer, startRedis, type TestRedis } from "./redis-server.js";

/**
 * `hedgelab sweep --queue` and `hedgelab backtest --queue` with a `hedgelab worker` on Debian's
 * redis-server (no mock), as child processes: the results equal one process's.
 */
const BIN = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url));
const redisServer = findRedisServer();
const dir = mkdtempSync(join(tmpdir(), "hedgelab-sweep-queue-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the built command; resolves with its exit code and output. */
function hedgelab(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; out: string }>;
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HEDGELAB_THREADS: "1" },
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return { child, done: new Promise((resolve) => child.on("close", (code) => resolve({ code, out }))) };
}

describe.skipIf(!redisServer)("sweep and backtest on the queue", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis(redisServer!);
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("sweep: runs the trials' cells on a worker and chooses as one process does", async () => {
    const file = join(dir, "sweep.json");
    writeFileSync(
      file,
      JSON.stringify({
        hedgeSets: [["AAPL"]],
        strategies: ["delta", "rnn"],
        data: { stride: 5 },
        rnn: { hidden: [4] },
        training: { epochs: 1 },
        evaluation: { bootstrap: { resamples: 20 } },
        sweep: { space: { "training.learningRate": [0.001, 0.01] } },
      }),
    );
    const cache = join(dir, "cache");
    const worker = hedgelab(["worker", "--queue", redis.url, "--cache", cache]);
    const queued = await hedgelab([
      ...["sweep", "--config", file, "--queue", redis.url, "--cache", cache],
      ...["--out", join(dir, "queued"), "--name", "s"],
    ]).done;
    worker.child.kill("SIGTERM");
    await worker.done;
    expect(queued.out).not.toMatch(/error/);
    expect(queued.code).toBe(0);
    expect(queued.out).toMatch(/as jobs on redis:\/\/127\.0\.0\.1:\d+\/0 \(study [0-9a-f]{16}\)/);
    // The coordinator found every trial in the store: the worker trained and scored them.
    expect(queued.out).toContain(
      "trial 1/2: training.learningRate 0.001 (from the cache)\ntrial 2/2: training.learningRate 0.01 (from the cache)\n",
    );
    expect(queued.out).not.toMatch(/epochs, kept epoch/);
    expect(queued.out).toMatch(/\[\d\/4\] sweep trial 1 \(training\.learningRate 0\.001\): done/);
    const local = await hedgelab(["sweep", "--config", file, "--out", join(dir, "local"), "--name", "s"])
      .done;
    expect(local.code).toBe(0);
    const read = (out: string): unknown =>
      JSON.parse(readFileSync(join(dir, out, "s", "sweep.json"), "utf8"));
    expect(read("queued")).toEqual(read("local"));
  });

  it("backtest: runs the folds' cells on a worker with the files of one process", async () => {
    const cache = join(dir, "backtest-cache");
    const args = [
      ...["backtest", "--hedge", "AAPL", "--strategies", "delta,rnn", "--hidden", "4", "--epochs", "1"],
      ...["--stride", "5", "--backtest", "2023-01-01.."],
    ];
    const worker = hedgelab(["worker", "--queue", redis.url, "--cache", cache]);
    const queued = await hedgelab([
      ...args,
      ...["--queue", redis.url, "--cache", cache, "--out", join(dir, "queued"), "--name", "b"],
    ]).done;
    worker.child.kill("SIGTERM");
    await worker.done;
    expect(queued.out).not.toMatch(/error/);
    expect(queued.code).toBe(0);
    expect(queued.out).toMatch(/\[\d\/4\] fold 2024: done/);
    expect(queued.out).toContain("test 2024-01-02..2024-12-31 (from the cache)");
    const local = await hedgelab([...args, "--out", join(dir, "local"), "--name", "b"]).done;
    expect(local.code).toBe(0);
    for (const file of ["backtest.json", "pnl.csv", "paired.csv"])
      expect(readFileSync(join(dir, "queued", "b", file), "utf8"), file).toBe(
        readFileSync(join(dir, "local", "b", file), "utf8"),
      );
  });
});
