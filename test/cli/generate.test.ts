import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

/** Reads an .npy file's shape and its data as a typed array. */
function readNpy(file: string): { shape: number[]; data: Float64Array | Int32Array } {
  const bytes = readFileSync(file);
  const headerLength = bytes[8]! + 256 * bytes[9]!;
  const header = bytes.subarray(10, 10 + headerLength).toString("latin1");
  const shape = header
    .match(/'shape': \(([^)]*)\)/)![1]!
    .split(",")
    .filter((x) => x.trim() !== "")
    .map(Number);
  const body = bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length);
  return { shape, data: header.includes("<f8") ? new Float64Array(body) : new Int32Array(body) };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-generate-"));
});
const fastRegimes = ["--regimes", "2..3", "--restarts", "1"];

describe("hedgelab generate --source regime-bs", () => {
  it("writes paths.npy [N, T+1, H], regimes.npy [N, T] and the Figure 1 and 2 tables, M paths per regime", async () => {
    const out = join(dir, "generated");
    const result = await cli([
      "generate",
      "--source",
      "regime-bs",
      "--hedge",
      "AAPL,MSFT",
      "--paths-per-regime",
      "50",
      "--out",
      out,
      "--name",
      "g",
      ...fastRegimes,
    ]);
    expect(result.stderr).toBe(
      "regime model: 8 mixtures fitted by EM, K and covariance chosen by BIC\ngenerated 150 paths\n",
    );
    expect(result.code).toBe(0);
    expect(readdirSync(join(out, "g")).sort()).toEqual([
      "meta.json",
      "paths.npy",
      "regimes.csv",
      "regimes.npy",
      "returns.csv",
    ]);
    const meta = JSON.parse(readFileSync(join(out, "g", "meta.json"), "utf8"));
    const k = meta.dynamics.regimes as number;
    expect(k).toBe(3);
    // The optimum on the edge of the candidate range is reported.
    expect(result.stdout).toMatch(
      /; warning: K = 3 is the largest candidate, so the best K may be larger: widen the range \(e\.g\. --regimes 2\.\.7\)$/m,
    );
    const paths = readNpy(join(out, "g", "paths.npy"));
    const regimes = readNpy(join(out, "g", "regimes.npy"));
    expect(paths.shape).toEqual([50 * k, 31, 2]);
    expect(regimes.shape).toEqual([50 * k, 30]);
    expect(paths.data[0]).toBe(100);
    expect(Array.from(regimes.data.slice(0, 30))).toEqual(new Array(30).fill(0));
    expect(regimes.data[50 * 30]).toBe(1);
    const timeline = readFileSync(join(out, "g", "regimes.csv"), "utf8")
      .trim()
      .split("\n");
    expect(timeline[0]).toBe("date,SPY,regime,split,correlation");
    expect(timeline[1]).toMatch(/^2008-09-26,[\d.]+,\d,train,-?[\d.]+(e-?\d+)?$/);
    expect(timeline[timeline.length - 1]).toMatch(/^2024-12-31,[\d.]+,\d,test,-?[\d.]+(e-?\d+)?$/);
    const returns = readFileSync(join(out, "g", "returns.csv"), "utf8");
    expect(returns).toMatch(/^set,return\nregime-bs,/);
    expect(returns).toContain("\nmarket validation,");
    expect(returns).toContain("\nmarket test,");
    expect(result.stdout).toMatch(
      /regimes: K = \d \((full|diagonal|tied|spherical) covariance\) chosen by BIC/,
    );
  });

  it("is reproducible: the same seed gives the same paths", async () => {
    const out = join(dir, "again");
    for (const name of ["a", "b"]) {
      const r = await cli([
        "generate",
        "--hedge",
        "AAPL",
        "--paths-per-regime",
        "20",
        "--switching",
        "markov",
        "--out",
        out,
        "--name",
        name,
        ...fastRegimes,
      ]);
      expect(r.code).toBe(0);
    }
    expect(readFileSync(join(out, "a", "paths.npy")).equals(readFileSync(join(out, "b", "paths.npy")))).toBe(
      true,
    );
  });

  it("rejects an unknown source and an invalid option with one line, writing nothing", async () => {
    const out = join(dir, "bad");
    const unknown = await cli(["generate", "--source", "heston", "--hedge", "AAPL", "--out", out]);
    expect(unknown.stderr).toBe(
      'hedgelab: invalid --source: "heston" (available: regime-bs, sigdiffusion)\n',
    );
    const bad = await cli(["generate", "--hedge", "AAPL", "--switching", "sometimes", "--out", out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^hedgelab: invalid --switching: "sometimes"/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("hedgelab train --data regime-bs", () => {
  it("trains on the paths of a generate folder with --paths, and refuses a folder made for another run", async () => {
    const generated = join(dir, "generated", "g"); // written by the first test
    const train = (...extra: string[]) =>
      cli([
        "train",
        "--data",
        "regime-bs",
        "--epochs",
        "1",
        "--hidden",
        "4",
        "--out",
        join(dir, "from-paths"),
        "--paths",
        generated,
        ...fastRegimes,
        ...extra,
      ]);
    const trained = await train("--hedge", "AAPL,MSFT", "--name", "p");
    expect(trained.stderr).not.toMatch(/^hedgelab:/m);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain(
      `training paths: 150 regime-switching Black–Scholes paths from ${generated}, K = 3`,
    );
    const other = await train("--hedge", "AAPL", "--name", "q");
    expect(other.stderr).toMatch(
      /^hedgelab: --paths .*g holds paths of AAPL\+MSFT, not of the hedge set AAPL$/m,
    );
    const seed = await train("--hedge", "AAPL,MSFT", "--seed", "7", "--name", "s");
    expect(seed.stderr).toMatch(/^hedgelab: --paths .*g was generated with seed 42, this run has 7: /m);
  });

  it("trains the RNN on generated paths with the regime label one-hot and evaluates it on labelled market windows", async () => {
    const models = join(dir, "models");
    const trained = await cli([
      "train",
      "--data",
      "regime-bs",
      "--hedge",
      "AAPL",
      "--paths-per-regime",
      "200",
      "--epochs",
      "2",
      "--hidden",
      "8,8",
      "--out",
      models,
      "--name",
      "r",
      ...fastRegimes,
    ]);
    expect(trained.stderr).not.toMatch(/^hedgelab:/m);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(
      /training paths: \d+ regime-switching Black–Scholes paths, K = [23], fixed regimes/,
    );
    const model = JSON.parse(readFileSync(join(models, "r", "model.json"), "utf8"));
    // The default residual policy wraps the RNN: its options are those of the network inside.
    expect([2, 3]).toContain(model.policy.options.network.options.regimes);
    const runs = join(dir, "runs");
    const evaluated = await cli(["evaluate", "--model", join(models, "r"), "--out", runs, "--name", "e"]);
    expect(evaluated.stderr).not.toMatch(/^hedgelab:/m);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/^AAPL\s+rnn/m);
  });
});
