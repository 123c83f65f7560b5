import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { discriminativeScore } from "../../src/evaluation/discriminative-score.js";
import { pathQuality, qualityCsv, qualityMarkdown } from "../../src/evaluation/path-quality.js";
import {
  frobeniusDistance,
  ksDistance,
  logReturnsAtHorizon,
  realisedVolatilities,
  returnAutocorrelation,
  returnCorrelation,
} from "../../src/evaluation/path-statistics.js";
import { createRandom } from "../../src/random/random-source.js";

describe("path statistics", () => {
  it("KS distance: hand-computed values, 0 for equal samples, 1 for disjoint ones", () => {
    expect(ksDistance([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksDistance([1, 2], [3, 4])).toBe(1);
    // F_a jumps at 1, 2, 3, 4 by 1/4; F_b at 2.5 by 1: sup |F_a − F_b| = 1/2 at x ∈ [2, 2.5).
    expect(ksDistance([1, 2, 3, 4], [2.5])).toBe(0.5);
  });

  it("log-returns at a horizon, realised volatility and autocorrelation of a hand-made path", () => {
    // One path 100 → 110 → 99 → 108.9: returns log 1.1, log 0.9, log 1.1.
    const batch = createPathBatch(Float64Array.from([100, 110, 99, 108.9]), {
      n: 1,
      steps: 3,
      tickers: ["X"],
    });
    const r = [Math.log(1.1), Math.log(0.9), Math.log(1.1)];
    expect(Array.from(logReturnsAtHorizon(batch, 0, 1))).toEqual(r.map((v) => expect.closeTo(v, 12)));
    expect(logReturnsAtHorizon(batch, 0, 3)[0]).toBeCloseTo(Math.log(1.089), 12);
    expect(realisedVolatilities(batch, 0)[0]).toBeCloseTo(
      Math.sqrt((252 / 3) * r.reduce((s, v) => s + v * v, 0)),
      12,
    );
    const m = r.reduce((s, v) => s + v, 0) / 3;
    const d = r.map((v) => v - m);
    expect(returnAutocorrelation(batch, 0, 1)).toBeCloseTo(
      (d[0]! * d[1]! + d[1]! * d[2]!) / d.reduce((s, v) => s + v * v, 0),
      12,
    );
  });

  it("GBM: autocorrelations near 0 and the return correlation near the model's (three standard errors)", () => {
    const batch = generateGbm(
      { n: 2000, volatility: [0.2, 0.3], correlation: [1, 0.6, 0.6, 1] },
      createRandom(4),
    );
    const se = 1 / Math.sqrt(2000 * 30);
    for (const lag of [1, 2, 5])
      expect(Math.abs(returnAutocorrelation(batch, 0, lag))).toBeLessThan(3 * se + 2e-3);
    const c = returnCorrelation(batch);
    expect(c[0]).toBeCloseTo(1, 12);
    expect(Math.abs(c[1]! - 0.6)).toBeLessThan(3 * ((1 - 0.36) * se));
    expect(frobeniusDistance([1, 0.6, 0.6, 1], [1, 0.5, 0.5, 1])).toBeCloseTo(Math.sqrt(0.02), 12);
  });
});

describe("discriminative score", () => {
  it("is near 0 for two samples of one model and above 0.3 for volatilities 0.2 against 0.6", () => {
    const a = generateGbm({ n: 600, volatility: 0.2 }, createRandom(1));
    const b = generateGbm({ n: 600, volatility: 0.2 }, createRandom(2));
    const c = generateGbm({ n: 600, volatility: 0.6 }, createRandom(3));
    expect(Math.abs(discriminativeScore(a, b, createRandom(5), { steps: 150 }))).toBeLessThan(0.1);
    expect(discriminativeScore(c, b, createRandom(5), { steps: 150 })).toBeGreaterThan(0.3);
  });
});

describe("pathQuality", () => {
  it("writes statistics of every set and distances of every source to every reference, none of a set to itself", () => {
    const train = generateGbm({ n: 100, volatility: [0.2, 0.3] }, createRandom(1));
    const test = generateGbm({ n: 100, volatility: [0.2, 0.3] }, createRandom(2));
    const generated = generateGbm({ n: 100, volatility: [0.25, 0.3] }, createRandom(3));
    const rows = pathQuality({ model: generated, floor: train }, { train, test }, createRandom(4), {
      discriminativePaths: 50,
    });
    const find = (metric: string, source: string, reference: string, asset = "GBM1"): number | undefined =>
      rows.find(
        (r) => r.metric === metric && r.source === source && r.reference === reference && r.asset === asset,
      )?.value;
    expect(find("KS log-return 30d", "model", "test")).toBeGreaterThan(0);
    expect(find("KS log-return 1d", "floor", "train")).toBeUndefined();
    expect(find("KS log-return 1d", "floor", "test")).toBeGreaterThan(0);
    expect(find("correlation error (Frobenius)", "model", "train", "all")).toBeGreaterThan(0);
    expect(find("mean realised vol", "test", "")).toBeCloseTo(0.2, 1);
    expect(qualityCsv(rows).split("\n")[0]).toBe("metric,asset,source,reference,value");
    expect(qualityMarkdown(rows, ["train", "test"])).toContain("| KS log-return 5d | GBM1 |");
  });
});
