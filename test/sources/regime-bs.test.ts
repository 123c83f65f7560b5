import { describe, expect, it } from "vitest";
import { resolveRunConfig, type RunConfig } from "../../src/config/run-config.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import type { Cell } from "../../src/graph/cell.js";
import { executeGraph, outputOf } from "../../src/graph/execute-graph.js";
import { labelledMarketCell, marketDataCell, regimesCell } from "../../src/market/market-cells.js";
import type { MarketData } from "../../src/market/market-data.js";
import { priceFingerprint } from "../../src/data/price-fingerprint.js";
import { REGIME_BS_SOURCE, regimeFitOptions } from "../../src/sources/regime-bs.js";
import type { SourceRunContext, TrainingPaths } from "../../src/sources/source-entry.js";

/** The regime-bs paths cell of a small study (2015–2017, K = 2) with the given regime section. */
function pathsCell(regime: Record<string, unknown>): {
  cell: Cell<TrainingPaths, SourceRunContext>;
  config: RunConfig;
} {
  const config = resolveRunConfig({
    data: { start: "2015-01-02", end: "2017-12-29", stride: 5 },
    hedgeSets: [["AAPL"]],
    sources: ["regime-bs"],
    regime: { components: [2], covariances: ["diagonal"], restarts: 1, ...regime },
  });
  const table = loadEmbeddedPrices();
  const market = marketDataCell(config, table, priceFingerprint(table)) as Cell<MarketData, SourceRunContext>;
  const regimes = labelledMarketCell(
    market,
    regimesCell(market, regimeFitOptions(config.regime), config.seed),
  );
  const cell = REGIME_BS_SOURCE.pathsCell({
    market,
    regimes: () => regimes as Cell<MarketData, SourceRunContext>,
    hedge: ["AAPL"],
    seed: config.seed,
    runSeed: config.seed,
    steps: config.data.steps,
    options: config.regime,
    config,
    shared: new Map(),
  });
  return { cell, config };
}

describe("the regime-bs source", () => {
  it("draws K·pathsPerRegime paths with either allocation, the empirical one in the training days' proportions (three binomial standard errors)", () => {
    const run = (regime: Record<string, unknown>): TrainingPaths => {
      const { cell } = pathsCell(regime);
      return outputOf(executeGraph([cell], { context: {} }), cell);
    };
    const equal = run({ pathsPerRegime: 400 });
    const frequency = run({ pathsPerRegime: 400, allocation: "empirical" });
    expect(equal.paths.n).toBe(800);
    expect(frequency.paths.n).toBe(800);
    expect(frequency.source).toMatch(/, fixed regimes, empirical allocation$/);
    const firstRegimes = (p: TrainingPaths): number[] => {
      const counts = [0, 0];
      for (let i = 0; i < p.paths.n; i++) counts[p.paths.regimes![i * p.paths.steps]!]!++;
      return counts;
    };
    expect(firstRegimes(equal)).toEqual([400, 400]);
    // The training days' share of regime 1, from the labels the regime cell gave the training days.
    const { cell } = pathsCell({});
    const data = outputOf(executeGraph([cell.inputs[0]!], { context: {} }), cell.inputs[0]!) as MarketData;
    const { train } = data.split;
    const labels = data.regimes!.labels.subarray(
      train.startIndex - data.regimes!.offset,
      train.endIndex - data.regimes!.offset + 1,
    );
    const p = labels.reduce((s, k) => s + k, 0) / labels.length;
    const share = firstRegimes(frequency)[1]! / 800;
    expect(Math.abs(share - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / 800));
  });

  it("keeps the cell identity of every configuration whose paths did not change, and gives a new one to the empirical allocation without paths", () => {
    const { cell: equal, config } = pathsCell({});
    expect(equal.identity).toEqual({ hedge: ["AAPL"], steps: 30, regime: config.regime, seed: 42 });
    const given = pathsCell({ allocation: "empirical", paths: 2000 });
    expect(given.cell.identity).toEqual({
      hedge: ["AAPL"],
      steps: 30,
      regime: given.config.regime,
      seed: 42,
    });
    // Its default total was 1000·K before it became K·pathsPerRegime.
    expect(pathsCell({ allocation: "empirical" }).cell.identity).toMatchObject({ paths: "K·pathsPerRegime" });
  });
});
