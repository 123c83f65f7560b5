import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { childThreads, terminateChild, workerCount } from "../../src/cli/cell-children.js";
import { interruptBin } from "./interrupt-bin.js";
import { cli, quickRunArgs } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hedgelab-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small grid: 2 hedge sets, delta and a tiny RNN trained 2 epochs on market and regime-bs paths. */
const GRID = [
  "--hedge",
  "AAPL",
  "--hedge",
  "AAPL,MSFT",
  "--strategies",
  "delta,rnn",
  "--sources",
  "market,regime-bs",
  "--hidden",
  "4",
  "--epochs",
  "2",
  "--stride",
  "5",
  "--start",
  "2015-01-01",
  "--end",
  "2018-12-31",
  "--regimes",
  "1..2",
  "--paths-per-regime",
  "100",
];

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

describe("workerCount", () => {
  it("reads an integer ≥ 1, default 1", () => {
    expect(workerCount(undefined)).toBe(1);
    expect(workerCount("1")).toBe(1);
    expect(workerCount("12")).toBe(12);
  });
  it.each(["0", "-1", "1.5", "two", ""])("refuses %j with one line naming the flag", (value) => {
    expect(() => workerCount(value)).toThrow(`invalid --workers: ${JSON.stringify(value)} (an integer ≥ 1)`);
  });
});

describe("childThreads", () => {
  it("keeps HEDGELAB_THREADS when set, else gives each child an equal share, at least one", () => {
    expect(childThreads(2, { HEDGELAB_THREADS: "3" })).toBe("3");
    expect(childThreads(1000, {})).toBe("1");
  });
});

describe("hedgelab run --workers N", () => {
  it("computes the cells in child processes with one progress display, and writes the metrics of --workers 1", async () => {
    const one = await cli(["run", ...GRID, "--out", join(dir, "one"), "--name", "r", "--workers", "1"]);
    expect(one.code).toBe(0);
    expect(one.stderr).not.toMatch(/computing \d+ cells/);
    const two = await cli(["run", ...GRID, "--out", join(dir, "two"), "--name", "r", "--workers", "2"]);
    expect(two.stderr).not.toMatch(/^hedgelab:/m);
    expect(two.code).toBe(0);
    const lines = two.stderr.split("\n");
    expect(lines).toContain("computing 9 cells missing from the cache, 2 at a time in child processes");
    expect(lines.filter((l) => /^\[\d\/9\] .*: started \([12] running\)$/.test(l))).toHaveLength(9);
    expect(lines.filter((l) => /^\[\d\/9\] .*: done in \d+\.\d s \([01] running.*\)$/.test(l))).toHaveLength(
      9,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[\d\/9\] training rnn · regime-bs on AAPL\+MSFT: /),
    );
    // Afterwards the study runs in this process and reads every trained model from the cache.
    expect(lines.filter((l) => /trained model from the cache/.test(l))).toHaveLength(4);
    expect(readJson(join(dir, "two", "r", "metrics.json"))).toEqual(
      readJson(join(dir, "one", "r", "metrics.json")),
    );
    for (const file of ["pnl.csv", "training.csv", "table.txt", "quality-targets.csv"])
      expect(readFileSync(join(dir, "two", "r", file), "utf8")).toBe(
        readFileSync(join(dir, "one", "r", file), "utf8"),
      );
    // No child left its spec file or a temporary entry in the cache.
    expect(readdirSync(join(dir, "two", ".cache")).filter((f) => f.startsWith("."))).toEqual([]);
    // Run again, everything is in the cache: nothing to compute in children.
    const again = await cli(["run", ...GRID, "--out", join(dir, "two"), "--name", "s", "--workers", "2"]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/computing \d+ cells/);
  }, 60_000);

  it.each([
    [["--workers", "0"], 'hedgelab: invalid --workers: "0" (an integer ≥ 1)'],
    [["--workers", "x"], 'hedgelab: invalid --workers: "x" (an integer ≥ 1)'],
    [
      ["--workers", "2", "--cache", "none"],
      "hedgelab: --workers 2 needs the cache (the processes share their cells through it): leave out --cache none, or give --workers 1",
    ],
  ])("%j is refused with one line, exit 1, nothing written", async (flags, line) => {
    for (const command of ["run", "backtest"]) {
      const out = join(dir, `bad-${command}-${flags.join("")}`);
      const result = await cli([command, "--hedge", "AAPL", "--out", out, ...flags]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(`${line}\n`);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }
  });
});

/** The command lines of the running processes that name `text`. */
function processesNaming(text: string): string[] {
  return execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(text) && line.includes(" cell "));
}

describe("a child that fails", () => {
  it("fails the command with one line naming the cell and the child's last line, and writes no results", async () => {
    const out = join(dir, "failing");
    // The children inherit a thread count that their kernels refuse (this process has loaded its own).
    const saved = process.env.HEDGELAB_THREADS;
    process.env.HEDGELAB_THREADS = "0";
    let result;
    try {
      result = await cli([
        "run",
        "--hedge",
        "AAPL",
        "--hedge",
        "AAPL,MSFT",
        "--strategies",
        "rnn",
        "--sources",
        "market",
        "--out",
        out,
        "--name",
        "f",
        "--workers",
        "2",
      ]);
    } finally {
      if (saved === undefined) delete process.env.HEDGELAB_THREADS;
      else process.env.HEDGELAB_THREADS = saved;
    }
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("hedgelab:"))).toEqual([lines.at(-1)]);
    expect(lines.at(-1)).toMatch(
      /^hedgelab: the training rnn · market on AAPL(\+MSFT)? cell \(\w{8}\) failed in its process: HEDGELAB_THREADS=0 is not a thread count: use an integer from 1 to 256$/,
    );
    expect(readdirSync(out).filter((f) => f !== ".cache")).toEqual([]);
    expect(readdirSync(join(out, ".cache")).filter((f) => f.startsWith("."))).toEqual([]);
  }, 30_000);
});

describe("hedgelab backtest --workers N", () => {
  it("writes the backtest of --workers 1", async () => {
    const args = [
      "backtest",
      "--hedge",
      "AAPL",
      "--strategies",
      "delta,rnn",
      "--hidden",
      "4",
      "--epochs",
      "1",
    ];
    const fold = ["--stride", "5", "--backtest", "2024-01-01..", "--train-years", "2"];
    const one = await cli([...args, ...fold, "--out", join(dir, "b1"), "--name", "b"]);
    expect(one.code).toBe(0);
    const two = await cli([...args, ...fold, "--out", join(dir, "b2"), "--name", "b", "--workers", "2"]);
    expect(two.stderr).not.toMatch(/^hedgelab:/m);
    expect(two.code).toBe(0);
    expect(two.stderr).toMatch(/^computing \d+ cells? missing from the cache/m);
    expect(two.stderr).toMatch(/^\[\d+\/\d+\] fold 2024: done in /m);
    for (const file of ["backtest.json", "metrics.csv", "pnl.csv"])
      expect(readFileSync(join(dir, "b2", "b", file), "utf8")).toBe(
        readFileSync(join(dir, "b1", "b", file), "utf8"),
      );
  }, 60_000);
});

describe("stopping hedgelab run --workers N", () => {
  it("on SIGTERM stops its children, leaves their checkpoints and no temporary file in the cache, and says how to resume", async () => {
    const out = join(dir, "stopped");
    const cache = join(out, ".cache");
    const args = [
      "run",
      "--hedge",
      "AAPL",
      "--hedge",
      "AAPL,MSFT",
      "--strategies",
      "rnn",
      "--sources",
      "market",
    ];
    const run = await interruptBin(
      [...args, "--hidden", "16", "--epochs", "200", "--out", out, "--name", "r", "--workers", "2"],
      () =>
        existsSync(cache) &&
        readdirSync(cache).some((f) => f.endsWith(".checkpoint.safetensors")) &&
        processesNaming(cache).length === 2,
      1,
      "SIGTERM",
    );
    expect(run.code).toBe(143);
    expect(run.stderr.trimEnd().split("\n").at(-1)).toMatch(
      /^hedgelab: terminated \(SIGTERM\) .*; resume with: hedgelab run .* --name r --resume$/,
    );
    for (let k = 0; k < 100 && processesNaming(cache).length > 0; k++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(processesNaming(cache)).toEqual([]);
    expect(readdirSync(cache).filter((f) => f.startsWith("."))).toEqual([]);
    expect(existsSync(join(out, "r"))).toBe(false);
    // The children's trainings saved their checkpoints in the cache, for --resume.
    expect(readdirSync(cache).filter((f) => f.endsWith(".checkpoint.safetensors")).length).toBeGreaterThan(0);
  }, 30_000);
});

describe("hedgelab cell (a child's command)", () => {
  it("fails with one line when the study has no such cell", async () => {
    const run = await cli(quickRunArgs("--out", join(dir, "quick"), "--name", "q"));
    expect(run.code).toBe(0);
    const spec = join(dir, "spec.json");
    writeFileSync(
      spec,
      JSON.stringify({ command: "run", config: readJson(join(dir, "quick", "q", "config.json")) }),
    );
    const result = await cli(["cell", "--spec", spec, "--cell", "nope", "--cache", join(dir, "c")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`hedgelab: the study of ${spec} has no cell nope\n`);
  });
});

describe("terminateChild", () => {
  /** A node child that prints `ready` once its SIGTERM handler is set (`ignore`: a handler that does nothing). */
  function sleeper(sigterm: "ignore" | "default"): Promise<ChildProcess> {
    const handler = sigterm === "ignore" ? "process.on('SIGTERM', () => {});" : "";
    const child = spawn(
      process.execPath,
      ["-e", `${handler} console.log('ready'); setInterval(() => {}, 1000);`],
      {
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    return new Promise((resolve) => child.stdout!.once("data", () => resolve(child)));
  }
  const exited = (child: ChildProcess): Promise<NodeJS.Signals | null> =>
    new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));

  it("stops a child by SIGTERM when it obeys", async () => {
    const child = await sleeper("default");
    const exit = exited(child);
    terminateChild(child, 200);
    expect(await exit).toBe("SIGTERM");
  });

  it("kills a child that ignores SIGTERM with SIGKILL after the grace period", async () => {
    const child = await sleeper("ignore");
    const exit = exited(child);
    const since = performance.now();
    terminateChild(child, 300);
    expect(await exit).toBe("SIGKILL");
    expect(performance.now() - since).toBeGreaterThanOrEqual(290);
  });
});
