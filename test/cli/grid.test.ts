import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { interruptBin } from "./interrupt-bin.js";
import { cli } from "./run-cli.js";

/** A CI-sized grid: embedded data 2016–2019, two hedge sets, the RNN on two sources. */
const GRID = [
  ...["--start", "2016-01-01", "--end", "2019-12-31", "--stride", "2"],
  ...["--hedge", "AAPL", "--hedge", "AAPL,MSFT", "--sources", "market,regime-bs"],
  ...["--regimes", "1,2", "--restarts", "1", "--paths-per-regime", "100"],
  ...["--epochs", "3", "--hidden", "8", "--seed", "3"],
];

const root = mkdtempSync(join(tmpdir(), "hedgelab-grid-"));
const metricsOf = (folder: string): unknown[] =>
  (JSON.parse(readFileSync(join(folder, "metrics.json"), "utf8")) as { results: unknown[] }).results;

describe("an experiment config", () => {
  it("that is invalid stops before any work: exit 1, one line naming the file and the field, nothing written", async () => {
    const file = join(root, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ sources: ["market", "sigdiffusion-typo"], training: { epochs: 2 } }),
    );
    const out = join(root, "bad-out");
    const result = await cli(["run", "--config", file, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(
      new RegExp(`^hedgelab: invalid sources\\.1 in config file ${file}: "sigdiffusion-typo"`),
    );
    expect(existsSync(out)).toBe(false);
  });

  it("runs the grid of sources × models × hedge sets and reuses the cache when only evaluation options change", async () => {
    const out = join(root, "runs");
    const first = await cli(["run", ...GRID, "--out", out, "--name", "first"]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^cell 4\/4 rnn · regime-bs on AAPL\+MSFT: 3 epochs/m);
    expect(first.stdout).toMatch(/AAPL\+MSFT\s+rnn-residual · market\s/);
    expect(first.stdout).toMatch(/AAPL\+MSFT\s+rnn-residual · regime-bs\s/);
    const again = await cli([
      "run",
      ...GRID,
      "--interval",
      "percentile",
      "--bootstrap",
      "60",
      "--out",
      out,
      "--name",
      "again",
    ]);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/trained model from the cache/g)).toHaveLength(4);
    // Same models: the same P&L on every window; the intervals differ with the bootstrap.
    const pnl = (name: string): string => readFileSync(join(out, name, "pnl.csv"), "utf8");
    expect(pnl("again")).toBe(pnl("first"));
    expect(readdirSync(join(out, "first", "models")).sort()).toEqual([
      "market-AAPL",
      "market-AAPL-MSFT",
      "regime-bs-AAPL",
      "regime-bs-AAPL-MSFT",
    ]);
  });

  it("interrupted by SIGINT, resumes with --resume to the metrics of an uninterrupted run", async () => {
    const uninterrupted = join(root, "uninterrupted");
    expect((await cli(["run", ...GRID, "--out", uninterrupted, "--name", "r"])).code).toBe(0);

    const out = join(root, "interrupted");
    const cache = join(out, ".cache");
    const hasCheckpoint = (): boolean =>
      existsSync(cache) && readdirSync(cache).some((f) => f.endsWith(".checkpoint.safetensors"));
    // Interrupt the built command once the first cell has written a checkpoint.
    const run = await interruptBin(["run", ...GRID, "--out", out, "--name", "r"], hasCheckpoint);
    expect(run.code, run.stderr).toBe(130);
    const told = run.stderr.split("\n").filter((line) => line.startsWith("hedgelab: interrupted"));
    expect(told).toHaveLength(1);
    const line =
      /^hedgelab: interrupted; checkpoint (\S+\.checkpoint\.safetensors); resume with: (hedgelab run .* --name r --resume)$/.exec(
        told[0]!,
      );
    expect(line, told[0]).not.toBe(null);
    expect(line![1]!.startsWith(`${cache}/`)).toBe(true);
    expect(existsSync(line![1]!)).toBe(true);
    expect(readdirSync(out)).toEqual([".cache"]); // no results folder, visible or partial

    const resumed = await cli(line![2]!.split(" ").slice(1));
    expect(resumed.code).toBe(0);
    // The interrupted cell (the first, unless the machine was slow to deliver the signal) continues from
    // its checkpoint; the uninterrupted run is reproduced.
    expect(resumed.stderr).toMatch(/^cell \d\/4 rnn · \S+ on \S+: \d epochs? after resuming at epoch \d/m);
    expect(metricsOf(join(out, "r"))).toEqual(metricsOf(join(uninterrupted, "r")));
  }, 240_000);
});
