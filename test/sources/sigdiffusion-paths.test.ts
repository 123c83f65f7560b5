import { beforeAll, describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { generateGbm } from "../../src/generators/gbm.js";
import {
  fitSigDiffusion,
  saveSigDiffusionModel,
  type SavedSigDiffusionModel,
} from "../../src/generators/sigdiffusion.js";
import type { Cell } from "../../src/graph/cell.js";
import { executeGraph, outputOf } from "../../src/graph/execute-graph.js";
import { marketDataCell } from "../../src/market/market-cells.js";
import { priceFingerprint } from "../../src/data/price-fingerprint.js";
import { createRandom } from "../../src/random/random-source.js";
import { SIGDIFFUSION_SOURCE } from "../../src/sources/sigdiffusion.js";
import {
  assetSeed,
  sampleSigDiffusion,
  shardBlocks,
  type SampledSigDiffusion,
  type SigDiffusionSettings,
} from "../../src/sources/sigdiffusion-paths.js";
import type { SourceRunContext } from "../../src/sources/source-entry.js";

describe("assetSeed", () => {
  it("gives each asset its own seed, the same in every call, a safe integer even from the largest run seed", () => {
    const tickers = ["AAPL", "AMZN", "GOOGL", "JPM", "MSFT"];
    const seeds = tickers.map((t) => assetSeed(42, t));
    expect(new Set(seeds).size).toBe(tickers.length);
    expect(tickers.map((t) => assetSeed(42, t))).toEqual(seeds);
    expect(assetSeed(43, "AAPL")).toBe(seeds[0]! + 1);
    // The hash is FNV-1a of the ticker (32 bits), checked against an independent BigInt version.
    expect(assetSeed(0, "AAPL")).toBe(fnv1a("AAPL"));
    const top = assetSeed(Number.MAX_SAFE_INTEGER, "MSFT");
    expect(Number.isSafeInteger(top) && top >= 0).toBe(true);
  });
});

/** FNV-1a, 32 bits, written out with BigInt as an independent check. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5n;
  for (const ch of text) hash = ((hash ^ BigInt(ch.charCodeAt(0))) * 0x01000193n) & 0xffffffffn;
  return Number(hash);
}

describe("shardBlocks", () => {
  it("gives each shard a contiguous range of the ⌈N/chunkSize⌉ blocks, the first shards one more, and refuses more shards than blocks in one line", () => {
    const sample = { paths: 10, chunkSize: 3 };
    const ranges = (count: number): [number, number][] =>
      Array.from({ length: count }, (_, index) => {
        const { from, to } = shardBlocks(sample, { index, count });
        return [from, to];
      });
    expect(ranges(1)).toEqual([[0, 4]]);
    expect(ranges(3)).toEqual([
      [0, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(ranges(4)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(() => shardBlocks(sample, { index: 0, count: 5 })).toThrow(
      /^--diffusion-shards 5 is more than the 4 sampling blocks of 10 paths \(sigdiffusion\.chunkSize 3 paths each\): use at most 4 shards/,
    );
    expect(shardBlocks({ paths: 20_000 }, { index: 3, count: 4 })).toEqual({ from: 15, to: 20 });
  });
});

describe("SigDiffusion sampling in shards", () => {
  // A tiny network, 2 epochs on 64 GBM windows (about 0.3 s): poorly trained, so that about 60% of
  // its draws fail the accuracy check and the blocks' refills are exercised.
  let saved: SavedSigDiffusionModel;
  beforeAll(() => {
    const windows = generateGbm({ n: 64, volatility: 0.3 }, createRandom(1));
    const network = { hidden: 16, layers: 1, heads: 2, feedForward: 32 };
    saved = saveSigDiffusionModel(
      fitSigDiffusion(windows, { epochs: 2, batchSize: 32, network }, createRandom(3)),
    );
  }, 60_000);
  // 10 paths in 4 blocks of 3, 3, 3 and 1.
  const settings: SigDiffusionSettings = {
    fit: {},
    sample: { paths: 10, chunkSize: 3, odeSteps: 2, maxRejectionRate: 1 },
  };
  const shards = (count: number, order: "forward" | "reverse" = "forward"): SampledSigDiffusion[] => {
    const indices = Array.from({ length: count }, (_, k) => k);
    const parts = new Map<number, SampledSigDiffusion>();
    for (const index of order === "forward" ? indices : indices.reverse())
      parts.set(index, sampleSigDiffusion(saved, settings, 11, { index, count }));
    return Array.from({ length: count }, (_, k) => parts.get(k)!);
  };
  const concatenated = (parts: readonly SampledSigDiffusion[]): Float64Array =>
    Float64Array.from(parts.flatMap((p) => Array.from(p.paths.values)));

  it("gives, for 2, 3 and 4 shards, paths that side by side equal one shard's bit for bit, with the drawn and rejected counts summing to its counts", () => {
    const [one] = shards(1);
    expect(one!.paths.n).toBe(10);
    expect(one!.rejected.bessel + one!.rejected["non-finite"]).toBeGreaterThan(0);
    expect(one!.drawn - one!.paths.n).toBe(one!.rejected.bessel + one!.rejected["non-finite"]);
    for (const count of [2, 3, 4]) {
      const parts = shards(count);
      // 3 shards of 4 blocks: 2, 1 and 1 blocks (6, 3 and 1 paths).
      if (count === 3) expect(parts.map((p) => p.paths.n)).toEqual([6, 3, 1]);
      expect(concatenated(parts)).toEqual(one!.paths.values);
      expect(parts.reduce((s, p) => s + p.drawn, 0)).toBe(one!.drawn);
      expect(parts.reduce((s, p) => s + p.rejected.bessel, 0)).toBe(one!.rejected.bessel);
      expect(parts.reduce((s, p) => s + p.rejected["non-finite"], 0)).toBe(one!.rejected["non-finite"]);
    }
  });

  it("gives the same shards whichever order they run in, and reports the shard's accepted paths of its total", () => {
    expect(concatenated(shards(3, "reverse"))).toEqual(concatenated(shards(3)));
    const reports: [number, number][] = [];
    sampleSigDiffusion(saved, settings, 11, { index: 0, count: 3 }, (accepted, total) =>
      reports.push([accepted, total]),
    );
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every(([, total]) => total === 6)).toBe(true);
    expect(reports.every(([accepted], k) => accepted >= (reports[k - 1]?.[0] ?? 0) && accepted < 6)).toBe(
      true,
    );
  });

  it("stops a block that draws maxDrawsPerPath times its quota without filling it, even at a rate of 1", () => {
    const endless = { ...settings, sample: { ...settings.sample, maxRejectionRate: 1, maxDrawsPerPath: 1 } };
    expect(() => sampleSigDiffusion(saved, endless, 11, { index: 1, count: 4 })).toThrow(
      /^block 1 drew \d+ log-signatures for \d+ paths and kept \d+ \(the inversion's accuracy check rejected the rest\)/,
    );
  });

  it("stops a block whose draws are rejected beyond maxRejectionRate with one line naming the block", () => {
    const strict = { ...settings, sample: { ...settings.sample, maxRejectionRate: 0 } };
    expect(() => sampleSigDiffusion(saved, strict, 11, { index: 1, count: 4 })).toThrow(
      /^\d+ of \d+ generated log-signatures of block 1 failed the inversion's accuracy check/,
    );
  });
});

describe("the sigdiffusion-paths cell", () => {
  it("holds the same paths with 3 sampling shards as with 1, and refuses more shards than blocks when the graph is built", () => {
    const config = resolveRunConfig({
      seed: 4,
      data: { start: "2015-01-02", end: "2017-12-29", stride: 5 },
      hedgeSets: [["AAPL", "MSFT"]],
      sources: ["sigdiffusion"],
      sigdiffusion: { epochs: 1, batchSize: 32, paths: 7, chunkSize: 2, odeSteps: 2 },
    });
    const table = loadEmbeddedPrices();
    const market = marketDataCell(config, table, priceFingerprint(table)) as Cell<never, SourceRunContext>;
    const cell = (shards: number): Cell<{ paths: { values: Float64Array; n: number } }, SourceRunContext> =>
      SIGDIFFUSION_SOURCE.pathsCell({
        market,
        regimes: () => market,
        hedge: ["AAPL", "MSFT"],
        seed: config.seed,
        runSeed: config.seed,
        steps: config.data.steps,
        options: { ...config.sigdiffusion, shards },
        config,
        shared: new Map(),
      });
    const paths = (shards: number): Float64Array => {
      const target = cell(shards);
      return outputOf(executeGraph([target], { context: {} }), target).paths.values;
    };
    const one = paths(1);
    expect(one.length).toBe(7 * 31 * 2);
    expect(paths(3)).toEqual(one);
    expect(() => cell(5)).toThrow(/^--diffusion-shards 5 is more than the 4 sampling blocks of 7 paths/);
  });
});
