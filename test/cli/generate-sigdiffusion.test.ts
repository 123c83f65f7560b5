import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-sigdiffusion-"));
});

// Three years of AAPL and MSFT, one epoch of the quick network, 24 paths, 2 ODE steps.
const tiny = [
  "--start",
  "2015-01-02",
  "--end",
  "2017-12-29",
  "--diffusion-epochs",
  "1",
  "--diffusion-batch-size",
  "128",
  "--diffusion-paths",
  "24",
  "--ode-steps",
  "2",
  "--regimes",
  "1",
  "--restarts",
  "1",
];

describe("hedgelab generate --source sigdiffusion", () => {
  it("writes the paths, the model, its history and the quality tables, and reads the same paths from the cache the second time", async () => {
    const out = join(dir, "generated");
    const first = await cli([
      "generate",
      "--source",
      "sigdiffusion",
      "--hedge",
      "AAPL,MSFT",
      ...tiny,
      "--out",
      out,
      "--name",
      "a",
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(join(out, "a")).sort()).toEqual([
      "history.csv",
      "meta.json",
      "model.json",
      "paths.npy",
      "quality.csv",
      "quality.md",
    ]);
    expect(first.stdout).toMatch(
      /^generated 24 SigDiffusion paths \(per-asset, 1 epochs on \d+ training windows/,
    );
    expect(first.stdout).toContain("| discriminative score | all |");
    const quality = readFileSync(join(out, "a", "quality.csv"), "utf8");
    for (const metric of [
      "KS log-return 1d",
      "KS log-return 5d",
      "KS log-return 30d",
      "acf |r| lag 5",
      "correlation error (Frobenius)",
      "KS realised vol",
    ]) {
      expect(quality).toContain(`${metric},`);
    }
    expect(quality).toContain("sigdiffusion,test,");
    expect(quality).toContain("regime-bs,train,");
    const meta = JSON.parse(readFileSync(join(out, "a", "meta.json"), "utf8")) as {
      fromCache: boolean;
      drawn: number;
      paths: number;
    };
    expect(meta.fromCache).toBe(false);
    expect(meta.drawn).toBeGreaterThanOrEqual(24);
    expect(existsSync(join(out, ".a.sigdiffusion.json"))).toBe(false);
    const second = await cli([
      "generate",
      "--source",
      "sigdiffusion",
      "--hedge",
      "AAPL,MSFT",
      ...tiny,
      "--out",
      out,
      "--name",
      "b",
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("from the cache");
    expect(readFileSync(join(out, "b", "paths.npy"))).toEqual(readFileSync(join(out, "a", "paths.npy")));
  }, 240_000);

  it("bad input: too few training windows, a hedge asset missing from the data: one line, exit 1, nothing written", async () => {
    const out = join(dir, "bad");
    const few = await cli([
      "generate",
      "--source",
      "sigdiffusion",
      "--hedge",
      "AAPL",
      ...tiny,
      "--diffusion-batch-size",
      "5000",
      "--out",
      out,
    ]);
    expect(few.code).toBe(1);
    expect(few.stderr).toMatch(
      /^hedgelab: too few training windows for SigDiffusion: \d+ in 2015-01-02\.\.\S+ for a batch size of 5000 .*\n$/,
    );
    const missing = await cli([
      "generate",
      "--source",
      "sigdiffusion",
      "--hedge",
      "AAPL,NOPE",
      ...tiny,
      "--out",
      out,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.split("\n")).toHaveLength(2);
    expect(missing.stderr).toContain("NOPE");
    expect(existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith(".")) : []).toEqual([]);
  });
});
