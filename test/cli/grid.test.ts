import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";
import { builtCli } from "./built-cli.js";

/** A CI-sized grid: embedded data 2016–2019, two hedge sets, the RNN on two sources. */
const BASE = [
  ...["--start", "2016-01-01", "--end", "2019-12-31", "--stride", "2"],
  ...["--hedge", "AAPL", "--hedge", "AAPL,MSFT", "--sources", "market,regime-bs"],
  ...["--regimes", "1,2", "--restarts", "1", "--paths-per-regime", "100"],
  ...["--hidden", "8", "--bootstrap", "50", "--seed", "3"],
];
const GRID = [...BASE, "--epochs", "3"];

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
    const again = await cli(["run", ...GRID, "--bootstrap", "60", "--out", out, "--name", "again"]);
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

  it("interrupted by SIGINT during a cell's training, resumes with --resume --name to the metrics of an uninterrupted run", async () => {
    const grid = [...BASE, "--epochs", "8"]; // long enough cells to be interrupted mid-training
    const uninterrupted = join(root, "uninterrupted");
    expect((await cli(["run", ...grid, "--out", uninterrupted, "--name", "r"])).code).toBe(0);

    // The built CLI, killed with SIGINT once the first cell is done and the next one has saved a checkpoint.
    const out = join(root, "interrupted");
    const cache = join(out, ".cache");
    const child = spawn(process.execPath, [builtCli(), "run", ...grid, "--out", out, "--name", "r"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    let checkpoint: string | undefined;
    const poll = setInterval(() => {
      if (checkpoint || !/1\/4 cells done/.test(stderr) || !existsSync(cache)) return;
      const files = readdirSync(cache);
      // A checkpoint of a cell still training: its model is not in the cache yet.
      checkpoint = files.find(
        (f) => f.endsWith(".checkpoint.json") && !files.includes(f.replace(".checkpoint.", ".model.")),
      );
      if (checkpoint) child.kill("SIGINT");
    }, 5);
    await exited;
    clearInterval(poll);
    expect(checkpoint, "the run ended before a second cell saved a checkpoint").toBeDefined();
    expect(existsSync(join(out, "r"))).toBe(false); // nothing that looks complete
    expect(existsSync(join(cache, checkpoint!))).toBe(true);

    const resumed = await cli(["run", ...grid, "--out", out, "--name", "r", "--resume"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/cell 1\/4 rnn · market on AAPL: trained model from the cache/);
    expect(existsSync(join(cache, checkpoint!))).toBe(false); // continued, then removed
    expect(metricsOf(join(out, "r"))).toEqual(metricsOf(join(uninterrupted, "r")));
    expect(readFileSync(join(out, "r", "pnl.csv"), "utf8")).toBe(
      readFileSync(join(uninterrupted, "r", "pnl.csv"), "utf8"),
    );
  }, 240_000);
});
