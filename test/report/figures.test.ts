import { describe, expect, it } from "vitest";
import { holdingSurfaceChart, surfaceCells } from "../../src/report/holding-surface-chart.js";
import { pnlHistogramRows } from "../../src/report/pnl-histogram-chart.js";
import { regimeTimelineData } from "../../src/report/regime-timeline-chart.js";
import { returnDistributionRows } from "../../src/report/return-distribution-chart.js";
import { pairedPoints } from "../../src/report/risk-across-hedge-sets-chart.js";
import { pairedVerdict } from "../../src/evaluation/paired-verdict.js";
import { trainingCurveRows, trainingCurvesChart } from "../../src/report/training-curves-chart.js";
import { fakeReportData, withPaired } from "./report-fixture.js";

const data = fakeReportData();

describe("Figure 1: returnDistributionRows", () => {
  it("gives each source's panel its training histogram and the same validation and test histograms", () => {
    const rows = returnDistributionRows(data.returns!, 20);
    expect(rows).toHaveLength(3 * 20);
    const bySet = (set: string): number[] => rows.filter((r) => r.set === set).map((r) => r.density);
    // Densities integrate to at most 1 (values beyond the pooled 0.5%–99.5% range are left out).
    const width = rows[1]!.x - rows[0]!.x;
    for (const set of ["training", "market validation", "market test"]) {
      const integral = bySet(set).reduce((s, d) => s + d * width, 0);
      expect(integral).toBeGreaterThan(0.9);
      expect(integral).toBeLessThanOrEqual(1 + 1e-6);
    }
  });
});

describe("Figure 2: regimeTimelineData", () => {
  it("cuts the days into runs of one regime and marks where validation and test start", () => {
    const { bands, boundaries, prices } = regimeTimelineData(data.regimes!);
    expect(prices).toHaveLength(10);
    expect(bands.map((b) => [b.regime, b.days])).toEqual([
      ["regime 0", 2],
      ["regime 1", 3],
      ["regime 0", 1],
      ["regime 2", 2],
      ["regime 0", 2],
    ]);
    expect(bands.reduce((s, b) => s + b.days, 0)).toBe(10);
    expect(boundaries).toEqual([
      { date: "2020-01-07", label: "validation", row: 0 },
      { date: "2020-01-09", label: "test", row: 1 },
    ]);
  });
});

describe("Figure 3: pairedPoints", () => {
  it("holds learned − delta in mean, entropic risk and CVaR95 with the paired interval and verdict of each learned strategy", () => {
    const results = withPaired(data.results);
    const points = pairedPoints(results);
    expect(points).toHaveLength(3 * 2);
    expect(points.some((p) => p.strategy === "delta" || p.strategy === "no-hedge")).toBe(false);
    const rnn = results[2]!;
    const entropic = points.find((p) => p.metric.startsWith("Δ entropic") && p.hedge === "AAPL")!;
    const d = rnn.paired!.differences.find((x) => x.metric === "entropic")!;
    expect(entropic.strategy).toBe("rnn · market");
    expect(entropic.estimate).toBeCloseTo(d.estimate, 4);
    expect(entropic.lower).toBeCloseTo(d.lower, 4);
    expect(entropic.upper).toBeCloseTo(d.upper, 4);
    expect(entropic.verdict).toBe(pairedVerdict(d, rnn.paired!).direction);
    expect(pairedPoints(data.results)).toEqual([]);
  });
});

describe("Figure 4: holding surfaces", () => {
  it("leaves empty cells out and spans each cell over its moneyness bin and day", () => {
    const cells = surfaceCells(data.surfaces);
    expect(cells).toHaveLength(11);
    expect(cells[0]).toMatchObject({
      strategy: "delta",
      m0: 0.9,
      m1: 1,
      maturity: 3,
      t0: 2.5,
      t1: 3.5,
      holding: 0.2,
    });
  });

  it("states the full range of holdings in its caption", () => {
    expect(holdingSurfaceChart(data.surfaces).caption).toMatch(/range from -1\.00 to 2\.00/);
  });
});

describe("P&L histograms and training curves", () => {
  it("pairs every learned strategy with the delta hedge on its hedge set", () => {
    const rows = pnlHistogramRows(data.results, 10);
    expect(rows).toHaveLength(2 * 2 * 10);
    expect(new Set(rows.map((r) => `${r.hedge} ${r.panel} ${r.series}`)).size).toBe(4);
    expect(pnlHistogramRows(data.results.filter((r) => r.strategy !== "delta"))).toEqual([]);
  });

  it("gives three curves per epoch and marks the kept epoch", () => {
    const rows = trainingCurveRows(data.training);
    expect(rows).toHaveLength(2 * 3 * 3);
    expect(rows.filter((r) => r.kept).map((r) => [r.hedge, r.epoch])).toEqual([
      ["AAPL", 2],
      ["AAPL", 2],
      ["AAPL", 2],
      ["AAPL+MSFT", 3],
      ["AAPL+MSFT", 3],
      ["AAPL+MSFT", 3],
    ]);
  });

  it("adds the training P&L and the share below the clip (in %) where recorded, and draws only the curves some training has", () => {
    const training = data.training.map((t, k) => ({
      ...t,
      history: t.history.map((r) => ({
        ...r,
        trainingPnl: -r.epoch,
        ...(k === 0 ? { clippedShare: 0.25 } : {}),
      })),
    }));
    const rows = trainingCurveRows(training);
    expect(rows).toHaveLength(2 * 3 * 4 + 3);
    expect(rows.filter((r) => r.metric === "below the clip").map((r) => r.value)).toEqual([25, 25, 25]);
    const blocks = (chart: ReturnType<typeof trainingCurvesChart>): unknown[] =>
      (chart.spec as { vconcat: unknown[] }).vconcat;
    expect(blocks(trainingCurvesChart(training))).toHaveLength(5);
    expect(blocks(trainingCurvesChart(data.training))).toHaveLength(3);
  });
});
