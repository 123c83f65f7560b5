import { describe, expect, it } from "vitest";
import type { PairedMetric } from "../../src/evaluation/paired-comparison.js";
import {
  backtestText,
  buildBacktestReport,
  cumulativeDifferenceChart,
  foldsEqualToDelta,
  type BacktestCostData,
  type BacktestDifference,
  type BacktestReportData,
} from "../../src/report/backtest-report.js";

const difference = (
  metric: PairedMetric,
  estimate: number,
  verdict: string,
  extra: Partial<BacktestDifference> = {},
): BacktestDifference => ({
  hedge: "AAPL",
  strategy: "rnn",
  baseline: "delta",
  metric,
  estimate,
  lower: estimate - 0.1,
  upper: estimate + 0.1,
  verdict,
  ...extra,
});

const cost: BacktestCostData = {
  cost: 0,
  windows: {
    start: ["2012-01-03", "2012-02-01", "2013-01-02", "2013-02-01"],
    fold: ["2012", "2012", "2013", "2013"],
  },
  series: [
    { hedge: "AAPL", strategy: "delta", learned: false, pnl: [1, 2, 3, 4], holding: [0.5, 0.5, 0.5, 0.5] },
    // Equal to delta in 2012 (kept the initial weights), better in 2013.
    { hedge: "AAPL", strategy: "rnn", learned: true, pnl: [1, 2, 3.5, 4.5], holding: [0.5, 0.5, 0.6, 0.6] },
  ],
  pooled: [],
  pooledDifferences: [
    difference("mean", 0.5, "better"),
    difference("std", 0, "same"),
    difference("cvar", -0.3, "better (indicative)"),
    difference("entropic", -0.4, "same (indicative)"),
  ],
  foldDifferences: [
    { ...difference("mean", 0, "same"), fold: "2012" },
    { ...difference("mean", 1, "better"), fold: "2013" },
    { ...difference("entropic", 0, "same (indicative)"), fold: "2012" },
    { ...difference("entropic", -1, "better (indicative)"), fold: "2013" },
  ],
};
const data: BacktestReportData = {
  title: "t",
  header: [],
  folds: [
    { name: "2012", start: "2012-01-03", end: "2012-12-31", windows: 2 },
    { name: "2013", start: "2013-01-02", end: "2013-12-31", windows: 2 },
  ],
  costs: [cost],
};

describe("the backtest report", () => {
  it("writes from the numbers: reliable verdicts only as findings, folds by verdict, point estimates said to be such", () => {
    const [intro, text] = backtestText(data);
    expect(intro).toContain("2 folds, 4 out-of-sample test windows (2012-01-03..2013-12-31)");
    expect(text).toMatch(
      /^rnn on AAPL: better than delta on Δmean \(Δmean \+0\.500 \[0\.400, 0\.600\] better;/,
    );
    // An indicative "better" on CVaR is not a finding.
    expect(text).not.toMatch(/better than delta on [^(]*ΔCVaR95/);
    expect(text).toContain("By fold, Δmean is better in 2013 and worse in none.");
    expect(text).toContain(
      "No fold's Δentropic verdict can be read as more than indicative; its point estimate favours the learned hedger in 1 of 2 folds (2013) and delta in none.",
    );
    expect(text).toContain("Its P&L equals delta's on every window of 1 of 2 folds (2012)");
  });

  it("finds the folds where a learned hedger equals delta on every window", () => {
    expect(foldsEqualToDelta(cost, "AAPL", "rnn")).toEqual(["2012"]);
  });

  it("draws the running sum of learned − delta, and leaves out the cost section with one cost", () => {
    const chart = cumulativeDifferenceChart(data, cost);
    const layers = (chart.spec as { layer: { data: { values: { value?: number; date: string }[] } }[] })
      .layer;
    expect(layers[1]!.data.values.map((p) => p.value)).toEqual([0, 0, 0.5, 1]);
    expect(layers[0]!.data.values.map((p) => p.date)).toEqual(["2012-01-03", "2013-01-02"]);
    const document = buildBacktestReport(data);
    expect(document.sections.map((s) => s.id)).toEqual(["summary", "over-time", "pooled"]);
    expect(
      buildBacktestReport({ ...data, costs: [cost, { ...cost, cost: 0.0005 }] }).sections.map((s) => s.id),
    ).toContain("costs");
  });
});
