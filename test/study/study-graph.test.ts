import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { executeGraph, outputOf } from "../../src/graph/execute-graph.js";
import { buildStudyGraph, studyCells } from "../../src/study/study-graph.js";
import { trainingIdentity } from "../../src/study/training-cell.js";
import { hashOf } from "../../src/graph/identity.js";

const config = resolveRunConfig({
  seed: 5,
  data: { start: "2014-01-02", end: "2019-12-31", stride: 5 },
  hedgeSets: [["AAPL"], ["AAPL", "MSFT"]],
  strategies: ["delta", "rnn"],
  sources: ["market", "regime-bs"],
  rnn: { hidden: [4] },
  regime: { components: [1, 2], restarts: 1, pathsPerRegime: 50 },
  training: { epochs: 1, seeds: 2 },
  evaluation: { bootstrap: { resamples: 20 } },
});

describe("the study graph", () => {
  it("has one cell per piece of work: shared paths and regimes once, a training per hedge set, model, source and seed", () => {
    const graph = buildStudyGraph(config, loadEmbeddedPrices());
    const kinds = studyCells(graph).map((cell) => cell.kind);
    const count = (kind: string): number => kinds.filter((k) => k === kind).length;
    expect(count("market-data")).toBe(1);
    expect(count("regimes")).toBe(1);
    expect(count("training")).toBe(2 * 2 * 2);
    // Each hedge set's market windows once, and its regime-bs paths once per seed.
    expect(count("market-paths")).toBe(2);
    expect(count("regime-bs-paths")).toBe(2 * 2);
    expect(count("evaluation")).toBe(2);
    // The quality tables on the widest hedge set, the quality targets on every hedge set, on the first seed's paths.
    expect(count("quality")).toBe(1);
    expect(count("quality-targets")).toBe(2);
    expect(graph.qualityTargets!.map((c) => c.identity.hedge)).toEqual([["AAPL"], ["AAPL", "MSFT"]]);
    expect(graph.trainings.map((t) => t.folder)).toContain("regime-bs-AAPL-MSFT-seed6");
  });

  it("gives the same outputs whichever order its cells run in (each cell's randomness comes from its identity)", () => {
    const table = loadEmbeddedPrices();
    const run = (reverse: boolean): number[][] => {
      const graph = buildStudyGraph(config, table);
      const outputs = new Map<string, unknown>();
      const cells = graph.trainings.map((t) => t.cell);
      executeGraph(reverse ? [...cells].reverse() : cells, { context: {}, outputs });
      executeGraph(graph.evaluations, { context: {}, outputs });
      return graph.evaluations.flatMap((cell) => outputOf(outputs, cell).evaluations.map((e) => [...e.pnl]));
    };
    expect(run(true)).toEqual(run(false));
  });

  it("keys a training by what trains it: not by evaluation-only settings, nor by the number of seeds", () => {
    const key = (input: Record<string, unknown>): string =>
      hashOf(trainingIdentity(resolveRunConfig(input), "rnn", ["AAPL"]));
    const base = key({});
    expect(key({ evaluation: { bootstrap: { resamples: 50 }, levels: [0.9], premium: 2 } })).toBe(base);
    expect(key({ name: "other", training: { seeds: 3 } })).toBe(base);
    // The delta hedge's volatility source is the base of a residual hedger (its training), not of a direct one.
    expect(key({ delta: { volatility: "realized" } })).not.toBe(base);
    const direct = { policy: { output: "direct", inputs: "paper" } };
    expect(key({ ...direct, delta: { volatility: "realized" } })).toBe(key(direct));
    expect(key({ training: { epochs: 3 } })).not.toBe(base);
    expect(key({ evaluation: { riskAversion: 2 } })).not.toBe(base);
    expect(key({ evaluation: { cost: 0.001 } })).not.toBe(base);
    expect(key({ delta: { rate: 0.01 } })).not.toBe(base);
    expect(key({ seed: 1 })).not.toBe(base);
    expect(key({ sigformer: { dim: 3 } })).toBe(base);
    expect(hashOf(trainingIdentity(resolveRunConfig({}), "sigformer", ["AAPL"]))).not.toBe(base);
  });
});

describe("a study with one more hedge set", () => {
  it("has the same cells for the hedge sets it shares (their stored trainings are reused)", () => {
    const table = loadEmbeddedPrices();
    const ids = (hedgeSets: string[][]): string[] =>
      buildStudyGraph({ ...config, hedgeSets }, table).trainings.map((t) => t.cell.id);
    const one = ids([["AAPL"]]);
    const two = ids([["AAPL"], ["AAPL", "MSFT"]]);
    expect(two.slice(0, one.length)).toEqual(one);
  });
});
