import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import { resolveRunConfig } from "../../src/experiments/run-config.js";
import {
  hashOf,
  readCachedPaths,
  stableJson,
  trainingIdentity,
  writeCachedPaths,
} from "../../src/experiments/run-cache.js";

describe("the run cache's keys", () => {
  it("stableJson ignores the order of object keys at every level", () => {
    expect(stableJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(
      stableJson({ a: { c: 3, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: 2 }));
  });

  it("a training's key changes with what trains the model, not with evaluation-only options", () => {
    const key = (input: Record<string, unknown>): string =>
      hashOf(trainingIdentity(resolveRunConfig(input), "market", "rnn", ["AAPL"], "prices"));
    const base = key({});
    expect(key({ evaluation: { bootstrap: { resamples: 50 }, levels: [0.9], premium: 2 } })).toBe(base);
    expect(key({ delta: { volatility: "realized" }, name: "other" })).toBe(base);
    expect(key({ training: { epochs: 3 } })).not.toBe(base);
    expect(key({ evaluation: { riskAversion: 2 } })).not.toBe(base);
    expect(key({ evaluation: { cost: 0.001 } })).not.toBe(base);
    expect(key({ seed: 1 })).not.toBe(base);
    expect(
      hashOf(trainingIdentity(resolveRunConfig({}), "market", "rnn", ["AAPL"], "other prices")),
    ).not.toBe(base);
    expect(hashOf(trainingIdentity(resolveRunConfig({}), "regime-bs", "rnn", ["AAPL"], "prices"))).not.toBe(
      base,
    );
  });
});

describe("cached paths", () => {
  it("read back bit for bit, regimes included, and leave no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "hedgelab-cache-"));
    const values = Float64Array.from({ length: 2 * 3 * 2 }, (_, k) => 100 + Math.sin(k) / 3);
    const paths = createPathBatch(
      values,
      { n: 2, steps: 2, tickers: ["A", "B"] },
      { regimes: Int32Array.from([0, 1, 2, 0]) },
    );
    writeCachedPaths({ dir }, "k", paths, "2 test paths");
    const read = readCachedPaths({ dir }, "k")!;
    expect(read.source).toBe("2 test paths");
    expect(read.paths).toEqual(paths);
    expect(readdirSync(dir).sort()).toEqual(["k.paths.bin", "k.paths.json"]);
    expect(readCachedPaths({ dir }, "missing")).toBeUndefined();
  });
});
