import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CELL_TIMEOUTS_S,
  DEFAULT_CELL_TIMEOUT_S,
  formatLimit,
  jobTimeout,
  parseDuration,
  parseJobTimeouts,
} from "../../src/cli/cell-timeouts.js";
import { HedgelabError } from "../../src/errors.js";
import { childrenOf, hedgelab, trainingStudy, until } from "./hedgelab-process.js";
import { findRedisServer } from "./redis-server.js";
import { queueSuite } from "./queue-suite.js";

describe("parseDuration and formatLimit", () => {
  it("reads 90s, 30m, 1.5h and 2d as seconds, and nothing else", () => {
    expect([parseDuration("90s"), parseDuration("30m"), parseDuration("1.5h"), parseDuration("2d")]).toEqual([
      90, 1800, 5400, 172_800,
    ]);
    for (const bad of ["", "90", "0s", "-1m", "1 hour", "h", "1e3s", "1.s"])
      expect(parseDuration(bad), bad).toBeUndefined();
  });

  it("writes a limit in the unit that writes it shortest", () => {
    expect([
      formatLimit(6 * 3600),
      formatLimit(1800),
      formatLimit(90),
      formatLimit(1),
      formatLimit(5400),
    ]).toEqual(["6 h", "30 min", "90 s", "1 s", "90 min"]);
  });
});

describe("parseJobTimeouts (--job-timeout of hedgelab worker)", () => {
  it("without the flag, the table: generous for trainings and SigDiffusion, short for market data, 6 h for other kinds", () => {
    const timeouts = parseJobTimeouts(undefined);
    expect(jobTimeout(timeouts, "training")).toBe(48 * 3600);
    expect(jobTimeout(timeouts, "sigdiffusion-model")).toBe(24 * 3600);
    expect(jobTimeout(timeouts, "sigdiffusion-sample")).toBe(24 * 3600);
    expect(jobTimeout(timeouts, "market-data")).toBe(1800);
    expect(jobTimeout(timeouts, "some-new-kind")).toBe(DEFAULT_CELL_TIMEOUT_S);
    expect(DEFAULT_CELL_TIMEOUT_S).toBe(6 * 3600);
  });

  it("one duration sets every kind; KIND=DURATION entries set theirs, the others keep the table's", () => {
    const all = parseJobTimeouts("90m");
    for (const kind of [...Object.keys(CELL_TIMEOUTS_S), "some-new-kind"])
      expect(jobTimeout(all, kind)).toBe(5400);
    const some = parseJobTimeouts("training=12h, sigdiffusion-model=30h");
    expect(jobTimeout(some, "training")).toBe(12 * 3600);
    expect(jobTimeout(some, "sigdiffusion-model")).toBe(30 * 3600);
    expect(jobTimeout(some, "regime-bs-paths")).toBe(CELL_TIMEOUTS_S["regime-bs-paths"]);
    const mixed = parseJobTimeouts("2h,training=12h");
    expect([jobTimeout(mixed, "training"), jobTimeout(mixed, "fold"), jobTimeout(mixed, "other")]).toEqual([
      43_200, 7200, 7200,
    ]);
  });

  it("a bad value fails with one line naming the flag and what is wrong", () => {
    const cases: [string, string][] = [
      ["soon", '"soon" is not a duration'],
      ["training=", '"" is not a duration'],
      ["trainig=1h", 'unknown cell kind "trainig": one of training, '],
      ["training=1h,training=2h", "training given twice"],
      ["1h,2h", "two durations for all kinds"],
      ["1h,", '"" is not a duration'],
    ];
    for (const [value, why] of cases) {
      const error = ((): unknown => {
        try {
          parseJobTimeouts(value);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, value).toBeInstanceOf(HedgelabError);
      const message = (error as Error).message;
      expect(message).toContain(`invalid --job-timeout: ${JSON.stringify(value)} (${why}`);
      expect(message).toContain("expected a duration like 90s, 30m or 6h, or KIND=DURATION,…");
      expect(message).not.toContain("\n");
    }
  });

  it("hedgelab worker refuses a bad --job-timeout with that line and exit 1, before reaching Redis", async () => {
    const worker = hedgelab([
      "worker",
      "--queue",
      "redis://127.0.0.1:1",
      "--cache",
      "/nonexistent",
      "--job-timeout",
      "6 hours",
    ]);
    expect((await worker.exit).code).toBe(1);
    expect(worker.out()).toBe(
      'hedgelab: invalid --job-timeout: "6 hours" ("6 hours" is not a duration; expected a duration like 90s, 30m or 6h, or KIND=DURATION,…)\n',
    );
  }, 20_000);
});

const redisServer = findRedisServer();
if (!redisServer)
  console.warn("job-timeout queue test skipped: no redis-server found (install Debian's redis-server)");

describe.skipIf(!redisServer)("a job past its timeout, on a real redis-server", () => {
  const { dir, redis: server } = queueSuite(redisServer!, "hedgelab-timeout-");

  it("is killed, fails each attempt with the line naming cell, kind and limit, and the study stops with it", async () => {
    const cache = join(dir, ".cache");
    const worker = hedgelab([
      "worker",
      "--queue",
      server().url,
      "--cache",
      cache,
      "--job-timeout",
      "training=1s",
    ]);
    try {
      await until(() => worker.out().includes("waiting for jobs"), "the worker");
      // One RNN trained 2,000 epochs with no early stop: minutes on any machine, well past 1 s.
      const run = hedgelab([
        ...trainingStudy(2000),
        "--patience",
        "2000",
        "--out",
        dir,
        "--name",
        "t",
        "--queue",
        server().url,
      ]);
      const { code, seconds } = await run.exit;
      expect(code).toBe(1);
      const lines = run
        .out()
        .split("\n")
        .filter((l) => l.startsWith("hedgelab:"));
      expect(lines).toEqual([
        expect.stringMatching(
          /^hedgelab: the training rnn · market on AAPL cell \(([0-9a-f]{8})\) failed on the queue: the training \1 cell ran past its 1 s limit$/,
        ),
      ]);
      // Each of the 3 attempts was stopped at its limit (not at the end of the training), with backoff between.
      const worked = worker.out();
      for (const attempt of [1, 2, 3])
        expect(worked).toMatch(new RegExp(`training [0-9a-f]{8}: started \\(attempt ${attempt}\\)`));
      expect(worked.match(/the training [0-9a-f]{8} cell ran past its 1 s limit\n/g)).toHaveLength(3);
      expect(seconds).toBeLessThan(25);
      // No cell's process is left running under the worker.
      await until(() => childrenOf(worker.process.pid!).length === 0, "the worker's children to end", 10);
    } finally {
      worker.process.kill("SIGTERM");
      await worker.exit;
    }
  }, 40_000);
});
