import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gridProgress } from "../../src/cli/grid-progress.js";
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
