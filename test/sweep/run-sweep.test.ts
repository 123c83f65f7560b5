import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { cellsInOrder } from "../../src/graph/cell.js";
import { entropicRisk } from "../../src/risk/entropic-risk.js";
import { folderStore } from "../../src/store/folder-store.js";
import { resolveSweep } from "../../src/sweep/search-space.js";
import { planSweep, runSweep } from "../../src/sweep/run-sweep.js";
import { formatSweepFiles } from "../../src/sweep/sweep-files.js";
import { sweepReportDataFromFiles } from "../../src/sweep/sweep-report-data.js";
import { buildSweepReport } from "../../src/report/sweep-report.js";

const table = loadEmbeddedPrices();
const config = resolveRunConfig({
  seed: 7,
  data: { stride: 5 },
  hedgeSets: [["AAPL"], ["AAPL", "MSFT"]],
  strategies: ["delta", "rnn"],
  rnn: { hidden: [4] },
  policy: { output: "direct", inputs: "paper" },
  training: { epochs: 2, patience: 2 },
  evaluation: { bootstrap: { resamples: 20 } },
});
const sweep = resolveSweep({
  space: { "training.learningRate": [0.0003, 0.01], "rnn.hidden": [[4], [8]] },
});
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("runSweep", () => {
  const dir = mkdtempSync(join(tmpdir(), "hedgelab-sweep-"));
  dirs.push(dir);
  const store = folderStore(dir);
  const told: string[] = [];
  const result = runSweep(
    config,
    sweep,
    {},
    { prices: table, store },
    {
      trial: (trial, total, stored) => told.push(`${trial.index}/${total} ${stored}`),
    },
  );

  it("trains every trial and tells each as it starts", () => {
    expect(told).toEqual(["1/4 false", "2/4 false", "3/4 false", "4/4 false"]);
    expect(result.records).toHaveLength(4);
    for (const record of result.records) {
      expect(record.training).toHaveLength(2);
      expect(
        record.rows.map((r) => `${r.strategy}${r.training !== undefined ? `#${r.training}` : ""}`),
      ).toEqual(["delta", "rnn#0", "delta", "rnn#1"]);
    }
  });

  it("scores the validation windows only: every trial's record is the validation period's, before the test period", () => {
    const { graph } = planSweep(config, sweep, {}, { prices: table });
    const evaluations = cellsInOrder(graph.targets).filter((c) => c.kind === "evaluation");
    expect(evaluations).toHaveLength(4 * 2);
    for (const cell of evaluations) expect(cell.inputs[0]!.kind).toBe("validation-windows");
    const market = graph.trials[0]!.study.market;
    const data = cellsInOrder([market]).length === 1 ? market.run([table] as never, {}) : undefined;
    const validation = result.records[0]!.validation;
    expect(validation.windows).toBeGreaterThan(30);
    if (data) {
      expect(validation.windows).toBe(data.windows.validation.n);
      expect(validation.end < data.windows.test.startDates![0]!).toBe(true);
    }
    for (const record of result.records)
      for (const row of record.rows) expect(row.pnl).toHaveLength(validation.windows);
  });

  it("chooses the least mean validation entropic risk, recomputed from the records", () => {
    const objectives = result.records.map((record) => {
      const learned = record.rows.filter((r) => r.training !== undefined);
      return learned.reduce((s, r) => s + entropicRisk(r.pnl, 1.3), 0) / learned.length;
    });
    result.score.trials.forEach((t, k) => expect(t.objective).toBeCloseTo(objectives[k]!, 12));
    const best = objectives.indexOf(Math.min(...objectives)) + 1;
    expect(result.score.chosen).toBe(best);
    for (const t of result.score.trials) {
      if (t.index === best) expect(t.vsChosen).toBeUndefined();
      else {
        expect(t.vsChosen!.estimate).toBeGreaterThanOrEqual(0);
        expect(t.vsChosen!.estimate).toBeCloseTo(t.objective - objectives[best - 1]!, 12);
      }
      expect(t.vsDelta).toBeDefined();
    }
    // The chosen configuration is the base with the chosen trial's values, without a name.
    const chosen = result.records[best - 1]!.trial.values;
    expect(result.chosen!.training.learningRate).toBe(chosen["training.learningRate"]);
    expect(result.chosen!.rnn.hidden).toEqual(chosen["rnn.hidden"]);
    expect(result.chosen!.name).toBeUndefined();
  });

  it("reads a finished sweep back from the store, number for number", () => {
    const again: string[] = [];
    const second = runSweep(
      config,
      sweep,
      {},
      { prices: table, store },
      {
        trial: (trial, total, stored) => again.push(`${trial.index}/${total} ${stored}`),
      },
    );
    expect(again).toEqual(["1/4 true", "2/4 true", "3/4 true", "4/4 true"]);
    expect(second.score).toEqual(result.score);
  });

  it("writes files from which the report reads the same choice", () => {
    const files = formatSweepFiles(result, config, result.chosen);
    expect(Object.keys(files).sort()).toEqual([
      "chosen.json",
      "config.json",
      "sweep.json",
      "tables.txt",
      "trials.csv",
    ]);
    const data = sweepReportDataFromFiles(files, "s");
    expect(data.chosen).toBe(result.score.chosen);
    expect(data.trials.map((t) => t.objective)).toEqual(result.score.trials.map((t) => t.objective));
    expect(data.parameters).toEqual([
      { path: "training.learningRate", scale: "log" },
      { path: "rnn.hidden", scale: "nominal", order: ["[4]", "[8]"] },
    ]);
    const report = buildSweepReport(data);
    expect(report.sections.map((s) => s.id)).toEqual(["summary", "against-hyperparameters"]);
    expect(report.sections[0]!.tables[0]!.rows).toHaveLength(4);
    expect(resolveRunConfig(JSON.parse(files["chosen.json"] as string))).toEqual(result.chosen);
    const csv = (files["trials.csv"] as string).trim().split("\n");
    expect(csv).toHaveLength(5);
    expect(csv[1]).toMatch(/^1,0\.0003,\[4\],/);
  });
});

describe("planSweep", () => {
  it("refuses trials that train the same hedgers", () => {
    expect(() =>
      planSweep(config, resolveSweep({ space: { "sigformer.epochs": [1, 2] } }), {}, { prices: table }),
    ).toThrow(/^sweep trials 1 \(sigformer\.epochs 1\) and 2 \(sigformer\.epochs 2\) train the same hedgers/);
  });

  it("names the trial whose value the configuration refuses", () => {
    expect(() =>
      planSweep(config, resolveSweep({ space: { "training.batchSize": [64, 1] } }), {}, { prices: table }),
    ).toThrow(/^sweep trial 2 \(training\.batchSize 1\): invalid training\.batchSize: 1 /);
  });

  it("needs a learned strategy", () => {
    const baselines = resolveRunConfig({ ...config, strategies: ["delta", "no-hedge"] });
    expect(() =>
      planSweep(baselines, resolveSweep({ space: { "training.batchSize": [64] } }), {}, { prices: table }),
    ).toThrow(/^a sweep needs a learned strategy to train/);
  });
});
