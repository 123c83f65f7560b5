import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childrenOf, hedgelab, trainingStudy, until } from "./hedgelab-process.js";
import { findRedisServer } from "./redis-server.js";
import { queueSuite } from "./queue-suite.js";

/** `hedgelab worker` (src/cli/commands/worker.ts) against Debian's redis-server on a free loopback port. */
const redisServer = findRedisServer();
if (!redisServer) console.warn("worker tests skipped: no redis-server found (install Debian's redis-server)");

describe.skipIf(!redisServer)("hedgelab worker on a real redis-server", () => {
  const { dir, redis: server } = queueSuite(redisServer!, "hedgelab-worker-");

  it("a job whose first attempt fails (its cell's process killed by SIGKILL) runs again, stores the cell, and the study completes", async () => {
    const out = join(dir, "retry");
    const worker = hedgelab(["worker", "--queue", server().url, "--cache", join(out, ".cache")]);
    try {
      await until(() => worker.out().includes("waiting for jobs"), "the worker");
      // 100 epochs with no early stop: long enough that the kill lands mid-training on a fast machine.
      const run = hedgelab([
        ...trainingStudy(100),
        "--patience",
        "100",
        "--out",
        out,
        "--name",
        "r",
        "--queue",
        server().url,
      ]);
      // The training is the study's only stored cell: kill its process (as the OOM killer would) mid-training.
      await until(
        () => /training [0-9a-f]{8}: started \(attempt 1\)/.test(worker.out()),
        "the first attempt",
      );
      await until(() => childrenOf(worker.process.pid!).length === 1, "the cell's process");
      const [child] = childrenOf(worker.process.pid!);
      process.kill(child!, "SIGKILL");
      const { code } = await run.exit;
      expect(run.out()).not.toMatch(/^hedgelab:/m);
      expect(code).toBe(0);
      const worked = worker.out();
      expect(worked).toMatch(
        /hedgelab worker: the training ([0-9a-f]{8}) cell \(\1\) failed in its process: killed by SIGKILL\n/,
      );
      expect(worked).toMatch(/training [0-9a-f]{8}: started \(attempt 2\)\n/);
      expect(worked).toMatch(/training [0-9a-f]{8}: stored in [\d.]+ s\n/);
      expect(worked).not.toMatch(/attempt 3/);
      // The coordinator read the training from the store (one job, done on the queue) and wrote its results.
      expect(run.out()).toMatch(/\[1\/1\] training rnn · market on AAPL: done in/);
      expect(existsSync(join(out, "r", "metrics.json"))).toBe(true);
    } finally {
      worker.process.kill("SIGTERM");
      await worker.exit;
    }
  }, 40_000);
});
