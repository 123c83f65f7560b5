import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { priceFingerprint } from "../../src/data/price-fingerprint.js";
import type { SavedSigDiffusionModel } from "../../src/generators/sigdiffusion.js";
import { cellsInOrder, type Cell } from "../../src/graph/cell.js";
import { executeGraph, outputOf } from "../../src/graph/execute-graph.js";
import { marketDataCell } from "../../src/market/market-cells.js";
import { SOURCES } from "../../src/sources/registry.js";
import { SIGDIFFUSION_SOURCE } from "../../src/sources/sigdiffusion.js";
import { SIGDIFFUSION_JOINT_SOURCE } from "../../src/sources/sigdiffusion-joint.js";
import type { SourceRunContext, TrainingPaths } from "../../src/sources/source-entry.js";
import { buildStudyGraph, studyCells } from "../../src/study/study-graph.js";

// Three years of weekly windows, a one-epoch diffusion and 7 paths per model: seconds, not minutes (the
// inversion check loosened, as a one-epoch joint model fails it on most draws).
const tiny = {
  seed: 4,
  data: { start: "2015-01-02", end: "2017-12-29", stride: 5 },
  sigdiffusion: { epochs: 1, batchSize: 32, paths: 7, chunkSize: 4, odeSteps: 2, tolerance: 1e6 },
};
const hedge = ["AAPL", "MSFT"];

/** The two sources' paths cells of `hedge` under one configuration, sharing one map of cells. */
function pathsCells(input: Record<string, unknown>): {
  perAsset: Cell<TrainingPaths, SourceRunContext>;
  joint: Cell<TrainingPaths, SourceRunContext>;
} {
  const config = resolveRunConfig({ ...tiny, hedgeSets: [hedge], ...input });
  const table = loadEmbeddedPrices();
  const market = marketDataCell(config, table, priceFingerprint(table)) as Cell<never, SourceRunContext>;
  const shared = new Map<string, Cell<unknown, SourceRunContext>>();
  const common = {
    market,
    regimes: () => market,
    hedge,
    seed: config.seed,
    runSeed: config.seed,
    steps: config.data.steps,
    options: config.sigdiffusion,
    config,
    shared,
  };
  return {
    perAsset: SIGDIFFUSION_SOURCE.pathsCell(common),
    joint: SIGDIFFUSION_JOINT_SOURCE.pathsCell(common),
  };
}

/** The SigDiffusion model cells a paths cell reads, in order. */
function modelCells(cell: Cell<unknown, SourceRunContext>): Cell<unknown, SourceRunContext>[] {
  return cellsInOrder([cell]).filter((c) => c.kind === "sigdiffusion-model");
}

describe("the sigdiffusion-joint source", () => {
  it("is registered beside sigdiffusion, reads its section and is accepted by sources and --data", () => {
    expect(Object.keys(SOURCES).slice(0, 4)).toEqual([
      "market",
      "regime-bs",
      "sigdiffusion",
      "sigdiffusion-joint",
    ]);
    expect(SIGDIFFUSION_JOINT_SOURCE.section).toBe("sigdiffusion");
    expect(SIGDIFFUSION_JOINT_SOURCE.generated).toBe(true);
    const config = resolveRunConfig({
      sources: ["sigdiffusion", "sigdiffusion-joint"],
      training: { data: "sigdiffusion-joint" },
    });
    expect(config.sources).toEqual(["sigdiffusion", "sigdiffusion-joint"]);
    expect(config.training.data).toBe("sigdiffusion-joint");
  });

  it("has cells of other identities than the per-asset ones: one model of the whole hedge set against one per asset", () => {
    const { perAsset, joint } = pathsCells({});
    expect(joint.id).not.toBe(perAsset.id);
    expect(joint.identity).toEqual({ hedge, mode: "joint" });
    expect(perAsset.identity).toEqual({ hedge, mode: "per-asset" });
    const perAssetModels = modelCells(perAsset);
    const jointModels = modelCells(joint);
    expect(perAssetModels.map((c) => c.identity.tickers)).toEqual([["AAPL"], ["MSFT"]]);
    expect(jointModels.map((c) => c.identity.tickers)).toEqual([hedge]);
    expect((jointModels[0]!.identity.fit as { mode: string }).mode).toBe("joint");
    // No cell below the market data is shared between the modes.
    const below = (cell: Cell<unknown, SourceRunContext>): Set<string> =>
      new Set(
        cellsInOrder([cell])
          .filter((c) => c.kind.startsWith("sigdiffusion"))
          .map((c) => c.id),
      );
    const ids = below(joint);
    expect([...below(perAsset)].filter((id) => ids.has(id))).toEqual([]);
  });

  it("sets the mode whatever sigdiffusion.mode says, and refuses sigdiffusion in the joint mode beside it in one line", () => {
    const joint = pathsCells({
      sources: ["sigdiffusion-joint"],
      sigdiffusion: { ...tiny.sigdiffusion, mode: "joint" },
    });
    // Alone, it is the same cell as sigdiffusion with the joint mode: the same computation, stored once.
    expect(joint.joint.id).toBe(joint.perAsset.id);
    expect(() =>
      pathsCells({
        sources: ["sigdiffusion", "sigdiffusion-joint"],
        sigdiffusion: { ...tiny.sigdiffusion, mode: "joint" },
      }),
    ).toThrow(
      /^invalid sources: "sigdiffusion" with sigdiffusion\.mode "joint" is the same source as "sigdiffusion-joint"/,
    );
  });

  it("trains one network over the hedge set, whose paths hold every asset", () => {
    const { joint } = pathsCells({});
    const outputs = new Map<string, unknown>();
    executeGraph([joint], { context: {}, outputs });
    const [model] = modelCells(joint);
    const saved = outputOf(outputs, model as Cell<SavedSigDiffusionModel, SourceRunContext>);
    expect(saved.embedding.tickers).toEqual(hedge);
    const { paths, source } = outputOf(outputs, joint);
    expect(paths.tickers).toEqual(hedge);
    expect(paths.n).toBe(7);
    expect(source).toMatch(/^7 SigDiffusion paths \(joint: one model of the 2 assets, 1 epochs/);
  }, 60_000);
});

describe("a study with both SigDiffusion modes", () => {
  it("trains a hedger on each, evaluates both on every hedge set and measures both in the quality tables", () => {
    const config = resolveRunConfig({
      ...tiny,
      // The quality tables' discriminative score needs 10 paths a side.
      sigdiffusion: { ...tiny.sigdiffusion, paths: 12 },
      hedgeSets: [["AAPL"], hedge],
      strategies: ["delta", "rnn"],
      sources: ["sigdiffusion", "sigdiffusion-joint"],
      rnn: { hidden: [4] },
      training: { epochs: 1 },
      evaluation: { bootstrap: { resamples: 20 } },
    });
    const graph = buildStudyGraph(config, loadEmbeddedPrices());
    const kinds = studyCells(graph).map((cell) => cell.kind);
    const count = (kind: string): number => kinds.filter((k) => k === kind).length;
    // Per asset: AAPL's model serves both hedge sets, MSFT's the second; joint: one per hedge set.
    expect(count("sigdiffusion-model")).toBe(2 + 2);
    expect(count("training")).toBe(2 * 2);
    expect(graph.trainings.map((t) => t.folder)).toEqual([
      "sigdiffusion-AAPL",
      "sigdiffusion-joint-AAPL",
      "sigdiffusion-AAPL-MSFT",
      "sigdiffusion-joint-AAPL-MSFT",
    ]);
    const outputs = new Map<string, unknown>();
    executeGraph(graph.targets, { context: {}, outputs });
    for (const cell of graph.evaluations) {
      const { sources } = outputOf(outputs, cell);
      expect(sources.filter((s) => s !== undefined)).toEqual(["sigdiffusion", "sigdiffusion-joint"]);
    }
    const quality = outputOf(outputs, graph.quality!);
    const sources = new Set(quality.map((row) => row.source));
    expect(sources.has("sigdiffusion")).toBe(true);
    expect(sources.has("sigdiffusion-joint")).toBe(true);
  }, 120_000);
});
