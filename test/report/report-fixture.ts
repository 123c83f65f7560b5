import { createRandom } from "../../src/random/random-source.js";
import { summarizePnl } from "../../src/evaluation/pnl-summary.js";
import { comparePaired, pairedBlocks } from "../../src/evaluation/paired-comparison.js";
import type { HoldingSurface } from "../../src/evaluation/holding-surface.js";
import type { ReportData, ReportResult } from "../../src/report/report-data.js";

/** A result with a seeded normal P&L of the given mean and spread (bootstrap of 50 resamples). */
export function fakeResult(
  hedge: string[],
  strategy: string,
  mean: number,
  std: number,
  seed: number,
  source?: string,
): ReportResult {
  const pnl = createRandom(seed)
    .fillNormal(new Float64Array(400))
    .map((x) => mean + std * x);
  return resultOf(hedge, strategy, pnl, source);
}

/** A result with the given P&L per window, summarised with a bootstrap of 50 resamples. */
export function resultOf(
  hedge: string[],
  strategy: string,
  pnl: Float64Array,
  source?: string,
): ReportResult {
  const summary = summarizePnl(pnl, createRandom(1), { bootstrap: { resamples: 50 } });
  return { hedge, strategy, ...(source ? { source } : {}), summary, pnl };
}

/** A 3 × 2 holding surface whose cells hold `values` (row-major), each seen 10 times. */
export function fakeSurface(values: number[]): HoldingSurface {
  return {
    edges: Float64Array.from([0.9, 1.0, 1.1]),
    maturities: Int32Array.from([3, 2, 1]),
    holding: Float64Array.from(values),
    count: Int32Array.from(values, (v) => (Number.isNaN(v) ? 0 : 10)),
  };
}

/** Report data of a small made-up study: two hedge sets, delta, no hedge and rnn · market. */
export function fakeReportData(): ReportData {
  const random = createRandom(9);
  const results = [
    fakeResult(["AAPL"], "delta", -1, 1, 1),
    fakeResult(["AAPL"], "no-hedge", -2, 6, 2),
    fakeResult(["AAPL"], "rnn", -0.5, 1.5, 3, "market"),
    fakeResult(["AAPL", "MSFT"], "delta", -1, 1, 1),
    fakeResult(["AAPL", "MSFT"], "no-hedge", -2, 6, 2),
    fakeResult(["AAPL", "MSFT"], "rnn", -0.8, 1.2, 4, "market"),
  ];
  const dates = Array.from({ length: 10 }, (_, d) => `2020-01-${String(d + 1).padStart(2, "0")}`);
  const history = [1, 2, 3].map((epoch) => ({
    epoch,
    loss: 5 - epoch,
    validationRisk: 6 - epoch,
    meanHolding: 0.1 * epoch,
    learningRate: 1e-3,
  }));
  const split = { start: "2020-01-01", end: "2020-01-10", dates: 10, windows: 5 };
  return {
    meta: {
      name: "fake",
      version: "0.0.0",
      seed: 42,
      sources: ["prices.csv"],
      split: { train: split, validation: split, test: split },
      option: { kind: "call", strike: 100, steps: 30, cost: 0, premium: 0 },
      notes: ["a note"],
    },
    results,
    training: [
      { hedge: ["AAPL"], strategy: "rnn", source: "market", history, bestEpoch: 2 },
      { hedge: ["AAPL", "MSFT"], strategy: "rnn", source: "market", history, bestEpoch: 3 },
    ],
    returns: {
      ticker: "AAPL",
      training: { market: random.fillNormal(new Float64Array(300)).map((x) => 0.08 * x) },
      validation: random.fillNormal(new Float64Array(100)).map((x) => 0.06 * x),
      test: random.fillNormal(new Float64Array(100)).map((x) => 0.07 * x),
    },
    regimes: {
      market: "SPY",
      dates,
      values: Float64Array.from(dates, (_, d) => 300 + d),
      regimes: Int32Array.from([0, 0, 1, 1, 1, 0, 2, 2, 0, 0]),
      split: [
        "train",
        "train",
        "train",
        "train",
        "train",
        "train",
        "validation",
        "validation",
        "test",
        "test",
      ],
    },
    surfaces: [
      { hedge: ["AAPL"], strategy: "delta", surface: fakeSurface([0.2, 0.8, 0.1, 0.9, 0, 1]) },
      {
        hedge: ["AAPL"],
        strategy: "rnn",
        source: "market",
        surface: fakeSurface([-1, 2, 0.5, Number.NaN, 0.3, 0.4]),
      },
    ],
    quality: [{ title: "quality", columns: ["metric", "value"], rows: [["KS", 0.1]] }],
  };
}

/**
 * The results with every learned row (one with a source) paired with the delta hedge of its hedge set
 * on the same windows, as a run does (jackknife-t, blocks of 20 windows, 50 resamples).
 */
export function withPaired(results: readonly ReportResult[]): ReportResult[] {
  return results.map((r) => {
    const delta = results.find((d) => d.strategy === "delta" && d.hedge.join() === r.hedge.join());
    if (!delta || r.source === undefined) return r;
    const differences = comparePaired(r.pnl, delta.pnl, createRandom(3), {
      resamples: 50,
      blockLength: 20,
      method: "jackknife-t",
    });
    return { ...r, paired: { baseline: "delta", ...pairedBlocks(r.pnl.length, 20), differences } };
  });
}
