import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { estimateTimeLeft, gridProgress } from "../../src/cli/grid-progress.js";
import type { CliIo } from "../../src/cli/io.js";
import type { LearnedCell } from "../../src/study/study-context.js";
import { folderStore } from "../../src/store/folder-store.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import type { FitResult } from "../../src/training/fit.js";

const config = resolveRunConfig({ training: { epochs: 2 } });
const cell = (key: string, cached: boolean): LearnedCell => ({
  index: 1,
  total: 2,
  hedge: ["AAPL"],
  strategy: "rnn",
  source: "market",
  config,
  key,
  cached,
});
const fitted: FitResult = {
  history: [{ epoch: 1, loss: 1, validationRisk: 2, meanHolding: 0.5, learningRate: 1e-3 }],
  bestEpoch: 1,
  stoppedEarly: false,
  resumedFrom: 0,
};

describe("gridProgress", () => {
  it("removes a cell's checkpoint before its summary line, so that a finished cell leaves none behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "hedgelab-grid-progress-"));
    const file = join(dir, "k1.checkpoint.safetensors");
    writeFileSync(file, "{}");
    const seen: boolean[] = [];
    const io: CliIo = {
      stdout: () => {},
      stderr: (text) => void (/cells done/.test(text) && seen.push(existsSync(file))),
    };
    const hooks = gridProgress(io, { cache: folderStore(dir), resume: false })(cell("k1", false));
    hooks.onEnd?.(fitted);
    expect(seen).toEqual([false]);
  });

  it("removes the checkpoint a run interrupted after caching the model left behind, when the cell comes from the cache", () => {
    const dir = mkdtempSync(join(tmpdir(), "hedgelab-grid-progress-"));
    const file = join(dir, "k2.checkpoint.safetensors");
    writeFileSync(file, "{}");
    let stderr = "";
    gridProgress(
      { stdout: () => {}, stderr: (text) => (stderr += text) },
      { cache: folderStore(dir), resume: true },
    )(cell("k2", true));
    expect(stderr).toBe("cell 1/2 rnn · market on AAPL: trained model from the cache (k2)\n");
    expect(existsSync(file)).toBe(false);
  });
});

describe("the time left of a grid", () => {
  it("scales each model's measured time per hedge asset to the cells still to train", () => {
    const pending = new Map([
      ["rnn|market|AAPL+MSFT+GOOGL", 1],
      ["sigformer|market|AAPL+MSFT", 2],
    ]);
    const measured = new Map([
      ["rnn", { ms: 10_000, assets: 1 }],
      ["sigformer", { ms: 60_000, assets: 2 }],
    ]);
    // rnn: 3 assets × 10 s; sigformer: 2 cells × 2 assets × 30 s.
    expect(estimateTimeLeft(pending, measured)).toBe(30_000 + 120_000);
    // A model not measured yet: the mean of all measured cells per asset (70 s / 3 assets).
    expect(estimateTimeLeft(new Map([["feed-forward|market|AAPL", 1]]), measured)).toBeCloseTo(70_000 / 3);
  });

  it("says after the first cell (AAPL, 10 s) that a 3-asset cell is left: about 30 s, not 10 s", () => {
    let clock = 0;
    let stderr = "";
    const io: CliIo = { stdout: () => {}, stderr: (t) => (stderr += t), now: () => new Date(clock) };
    const grid = resolveRunConfig({
      hedgeSets: [["AAPL"], ["AAPL", "MSFT", "GOOGL"]],
      training: { epochs: 2 },
    });
    const progress = gridProgress(io, { resume: false });
    const hooks = progress({ ...cell("k3", false), config: grid });
    clock = 10_000;
    hooks.onEnd?.(fitted);
    expect(stderr).toMatch(/; 1\/2 cells done in 10 s, about 30 s left\n$/);
  });
});
