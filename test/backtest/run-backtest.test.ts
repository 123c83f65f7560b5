import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import type { PriceTable } from "../../src/data/price-table.js";
import { cellsInOrder } from "../../src/graph/cell.js";
import { executeGraph, outputOf } from "../../src/graph/execute-graph.js";
import { fittedParameters, saveRegimeModel } from "../../src/market/fitted-parameters.js";
import { folderStore } from "../../src/store/folder-store.js";
import { buildBacktestGraph } from "../../src/backtest/backtest-graph.js";
import { poolFolds } from "../../src/backtest/backtest-record.js";
import { formatBacktestFiles } from "../../src/backtest/backtest-files.js";
import { formatBacktest } from "../../src/backtest/backtest-tables.js";
import { walkForwardFolds } from "../../src/backtest/folds.js";
import { runBacktest } from "../../src/backtest/run-backtest.js";
import { createRandom } from "../../src/random/random-source.js";

const table = loadEmbeddedPrices();
const config = resolveRunConfig({
  seed: 7,
  data: { stride: 5 },
  hedgeSets: [["AAPL"], ["AAPL", "MSFT"]],
  strategies: ["delta", "no-hedge", "rnn"],
  sources: ["market"],
  rnn: { hidden: [4] },
  training: { epochs: 1 },
  evaluation: { bootstrap: { resamples: 20 } },
});
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("runBacktest", () => {
  const store = (() => {
    const dir = mkdtempSync(join(tmpdir(), "hedgelab-backtest-"));
    dirs.push(dir);
    return folderStore(dir);
  })();
  const told: string[] = [];
  const result = runBacktest(
    config,
    { from: "2022-01-01" },
    { prices: table, store },
    { fold: (fold, _cost, index, total, stored) => told.push(`${fold.name} ${index}/${total} ${stored}`) },
  );
  const [backtest] = result.costs;

  it("runs one fold per year, each trained before its validation year and scored on its test year", () => {
    expect(told).toEqual(["2022 1/3 false", "2023 2/3 false", "2024 3/3 false"]);
    for (const record of backtest!.folds) {
      expect(record.train.end < record.validation.start).toBe(true);
      expect(record.validation.end < record.test.start).toBe(true);
      // Every test window starts after every training and validation date of its fold.
      expect(record.windows.start[0]! > record.validation.end).toBe(true);
      expect(record.windows.end[record.windows.end.length - 1]! <= record.test.end).toBe(true);
      expect(record.rows.map((r) => r.strategy)).toEqual([
        "delta",
        "no-hedge",
        "rnn-residual",
        "delta",
        "no-hedge",
        "rnn-residual",
      ]);
      expect(record.training).toHaveLength(2);
    }
  });

  it("pools every fold's test windows in order: each strategy's record is the concatenation of its folds'", () => {
    const { pooled, folds } = backtest!;
    expect(pooled.windows.start).toEqual(folds.flatMap((f) => f.windows.start));
    expect([...pooled.windows.start].sort()).toEqual(pooled.windows.start);
    pooled.rows.forEach((row, j) => {
      expect(row.pnl).toEqual(folds.flatMap((f) => f.rows[j]!.pnl));
      expect(row.holding).toEqual(folds.flatMap((f) => f.rows[j]!.holding));
    });
    expect(pooled.windows.fold).toEqual(folds.flatMap((f) => f.windows.start.map(() => f.name)));
    expect(poolFolds(folds)).toEqual(pooled);
    // The pooled metrics are those of the pooled P&L; learned strategies are paired with delta.
    const scored = backtest!.scored.evaluations;
    expect(scored.map((e) => e.summary.n)).toEqual(scored.map(() => pooled.windows.start.length));
    expect(scored.filter((e) => e.paired).map((e) => e.strategy)).toEqual(["rnn-residual", "rnn-residual"]);
  });

  it("keeps every fold's validation record, scored by the fold's own models, for choosing between hedgers", () => {
    const { validation, folds } = backtest!;
    for (const record of folds) {
      const { windows, rows } = record.validationRecord;
      expect(windows.start[0]! >= record.validation.start).toBe(true);
      expect(windows.end[windows.end.length - 1]! <= record.validation.end).toBe(true);
      expect(rows.map((r) => r.strategy)).toEqual(record.rows.map((r) => r.strategy));
    }
    expect(validation.windows.start).toEqual(folds.flatMap((f) => f.validationRecord.windows.start));
    validation.rows.forEach((row, j) =>
      expect(row.pnl).toEqual(folds.flatMap((f) => f.validationRecord.rows[j]!.pnl)),
    );
    expect(backtest!.validationScored.evaluations.filter((e) => e.paired)).toHaveLength(2);
  });

  it("reads finished folds back from the store, with the same figures", () => {
    const again: string[] = [];
    const second = runBacktest(
      config,
      { from: "2022-01-01" },
      { prices: table, store },
      { fold: (fold, _cost, _index, _total, stored) => again.push(`${fold.name} ${stored}`) },
    );
    expect(again).toEqual(["2022 true", "2023 true", "2024 true"]);
    expect(second.costs[0]!.pooled).toEqual(backtest!.pooled);
  });

  it("writes its tables and files: folds, P&L per window, paired differences per fold and pooled", () => {
    const files = formatBacktestFiles(result);
    const pnl = String(files["pnl.csv"]).trim().split("\n");
    expect(pnl[0]).toBe("cost,fold,window_start,window_end,hedge,strategy,pnl,holding");
    expect(pnl).toHaveLength(1 + 6 * backtest!.pooled.windows.start.length);
    const paired = String(files["paired.csv"]).trim().split("\n");
    // Per fold and pooled: two learned rows × four metrics.
    expect(paired).toHaveLength(1 + 4 * 2 * 4);
    expect(String(files["folds.csv"]).trim().split("\n")).toHaveLength(4);
    // Per fold and pooled: six strategies' metrics; the pooled delta row's are its summary's.
    const metrics = String(files["metrics.csv"]).trim().split("\n");
    expect(metrics).toHaveLength(1 + 6 * 4);
    const delta = backtest!.scored.evaluations[0]!.summary;
    expect(
      metrics
        .find((l) => l.startsWith("0,pooled,AAPL,delta,"))!
        .split(",")
        .slice(4, 7),
    ).toEqual([delta.n, delta.mean, delta.meanInterval.lower].map(String));
    const text = formatBacktest(result);
    expect(text).toContain("pooled out-of-sample record:");
    expect(text).toContain("each fold's test windows: learned − delta");
  });

  it("cuts one cost's graph per cost, and no two folds share a cell (the fold is in every cell's identity)", () => {
    const folds = walkForwardFolds(table.dates, { from: "2023-01-01", steps: 30 });
    const graph = buildBacktestGraph(config, table, folds, [0, 0.0005]);
    expect(graph.folds.map((f) => `${f.fold.name} ${f.cost}`)).toEqual([
      "2023 0",
      "2024 0",
      "2023 0.0005",
      "2024 0.0005",
    ]);
    const ids = graph.folds.map((f) => new Set(cellsInOrder([f.cell]).map((c) => c.id)));
    const shared = (a: number, b: number): string[] => [...ids[a]!].filter((id) => ids[b]!.has(id));
    // Different folds share nothing; the same fold at two costs shares its data, not its trainings.
    for (const [a, b] of [
      [0, 1],
      [0, 3],
      [1, 2],
      [2, 3],
    ] as const)
      expect(shared(a, b)).toEqual([]);
    const kinds = (a: number, b: number): string[] => [
      ...new Set(
        cellsInOrder([graph.folds[a]!.cell])
          .filter((c) => shared(a, b).includes(c.id))
          .map((c) => c.kind),
      ),
    ];
    expect(kinds(0, 2)).toEqual(["market-data", "market-paths", "validation-windows"]);
  });
});

describe("a fold's fitted parameters", () => {
  it("see no date after the fold's training end: prices changed after it leave the training volatility, regime model and generated paths as they were", () => {
    const regimeConfig = resolveRunConfig({
      seed: 3,
      data: { stride: 5 },
      hedgeSets: [["AAPL", "MSFT"]],
      strategies: ["delta", "rnn"],
      sources: ["regime-bs"],
      regime: { components: [1, 2], restarts: 1, pathsPerRegime: 20 },
      training: { epochs: 1 },
    });
    const fold = walkForwardFolds(table.dates, {
      start: "2008-09-26",
      from: "2016-01-01",
      to: "2016-12-31",
      steps: 30,
    })[0]!;
    const random = createRandom(11);
    const changed: PriceTable = {
      ...table,
      prices: table.prices.map((column) =>
        column.map((p, d) => (d > fold.train.endIndex ? p * Math.exp(0.05 * random.normal()) : p)),
      ),
    };
    const fitted = (prices: PriceTable): unknown => {
      const graph = buildBacktestGraph(regimeConfig, prices, [fold]).folds[0]!.study;
      const paths = graph.trainings[0]!.cell.inputs.find((c) => c.kind === "regime-bs-paths")!;
      const outputs = executeGraph([graph.market, graph.regimes!, paths], { context: {} });
      const data = outputOf(outputs, graph.market);
      return {
        volatility: fittedParameters(data, ["AAPL", "MSFT"]).volatility,
        regimes: saveRegimeModel(outputOf(outputs, graph.regimes!).model),
        paths: [...(outputOf(outputs, paths) as { paths: { values: Float64Array } }).paths.values],
      };
    };
    expect(fitted(changed)).toEqual(fitted(table));
  });
});
