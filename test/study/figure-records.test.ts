import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import type { StrategyEvaluation } from "../../src/evaluation/evaluate-policy.js";
import type { PnlSummary } from "../../src/evaluation/pnl-summary.js";
import { differenceSurfaceRecords, hedgePathRecords } from "../../src/study/figure-records.js";

// N = 6 windows, T = 2, H = 2; window i's underlying is 100, 100 + i, 100 + 2i; the other asset 50.
const n = 6;
const steps = 2;
const values = Float64Array.from({ length: n * (steps + 1) * 2 }, (_, k) => {
  const [i, t, h] = [Math.floor(k / 6), Math.floor(k / 2) % 3, k % 2];
  return h === 1 ? 50 : 100 + i * t;
});
const paths = createPathBatch(
  values,
  { n, steps, tickers: ["A", "B"] },
  { startDates: ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08"] },
);
const evaluation = (strategy: string, pnl: number[], holding: (i: number, t: number, h: number) => number) =>
  ({
    hedge: ["A", "B"],
    strategy,
    pnl: Float64Array.from(pnl),
    holdings: Float64Array.from({ length: n * steps * 2 }, (_, k) =>
      holding(Math.floor(k / 4), Math.floor(k / 2) % 2, k % 2),
    ),
    summary: {} as PnlSummary,
  }) satisfies StrategyEvaluation;
const delta = evaluation("delta", [0, 0, 0, 0, 0, 0], (i, t, h) => (h === 0 ? 0.5 + 0.1 * t : 0));
const rnn = evaluation("rnn", [0.1, -2, 0.5, 3, 0, -1], (i, t, h) => i + 10 * t + 100 * h);

describe("hedgePathRecords", () => {
  it("keeps the three windows of largest |P&L − delta P&L| with the underlying's prices and both holdings", () => {
    const records = hedgePathRecords(paths, rnn, delta, "market", 1);
    expect(records.map((r) => [r.window, r.rank, r.start, r.pnl - r.deltaPnl])).toEqual([
      [3, 1, "2020-01-06", 3],
      [1, 2, "2020-01-02", -2],
      [5, 3, "2020-01-08", -1],
    ]);
    const [first] = records;
    expect([...first!.prices]).toEqual([100, 103, 106]);
    expect(first!.holdings.map((h) => [...h])).toEqual([
      [3, 13],
      [103, 113],
    ]);
    expect([...first!.deltaHoldings]).toEqual([0.5, 0.6]);
    expect(first).toMatchObject({ hedge: ["A", "B"], strategy: "rnn", source: "market" });
  });

  it("picks windows that share no day when told how far apart they must be", () => {
    const windows = hedgePathRecords(paths, rnn, delta, "market", 3).map((r) => r.window);
    // 3 apart: window 3, then 0 (1 and 5 are within 2 of 3); the third is filled with the largest left, 1.
    expect(windows).toEqual([3, 1, 0]);
    expect(hedgePathRecords(paths, delta, delta, "market", 1)).toEqual([]);
  });
});

describe("differenceSurfaceRecords", () => {
  it("gives one surface per hedge asset of learned − delta (asset B: the learned holding itself)", () => {
    const [a, b] = differenceSurfaceRecords(paths, rnn, delta, "market", 100);
    expect([a!.asset, b!.asset]).toEqual(["A", "B"]);
    // Every (window, date) pair's difference on B is 100 + i + 10t: the cells' means lie in [100, 115].
    const drawn = [...b!.surface.holding].filter(Number.isFinite);
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(115);
    const total = [...b!.surface.count].reduce((s, c) => s + c, 0);
    expect(total).toBe(n * steps);
    const sum = [...b!.surface.holding].reduce(
      (s, h, cell) => s + (b!.surface.count[cell]! > 0 ? h * b!.surface.count[cell]! : 0),
      0,
    );
    let direct = 0;
    for (let i = 0; i < n; i++) for (let t = 0; t < steps; t++) direct += 100 + i + 10 * t;
    expect(sum).toBeCloseTo(direct, 9);
    expect(a!.surface.count).toEqual(b!.surface.count);
  });
});
