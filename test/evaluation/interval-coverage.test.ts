import { describe, expect, it } from "vitest";
import { measureIntervalCoverage } from "../../src/evaluation/interval-coverage.js";
import { DEFAULT_PAIRED_METHOD, PAIRED_BLOCK_MULTIPLE } from "../../src/evaluation/paired-comparison.js";
import { createRandom } from "../../src/random/random-source.js";

describe("coverage of the paired intervals on simulated overlapping windows", () => {
  it("the chosen method (jackknife-t, blocks of 4 T) covers the true differences as measured, about 92% for a nominal 95% (three binomial standard errors)", () => {
    // 400 simulated test periods of 982 GBM days (952 overlapping 30-day windows), two delta hedges
    // (σ 0.3 with a +0.1 tilt against σ 0.2); the truth from 100,000 independent windows. The
    // binomial standard error of each coverage is about 1.1 points. bench/interval-coverage.ts runs
    // it larger and for every method.
    const report = measureIntervalCoverage(
      {},
      {
        replications: 400,
        resamples: 2,
        methods: [DEFAULT_PAIRED_METHOD],
        blockLengths: [PAIRED_BLOCK_MULTIPLE * 30],
        truthPaths: 100_000,
      },
      createRandom(2026),
    );
    // Measured in the larger run (docs/evaluation.md): 91.5% to 93.3% for the four metrics, short
    // of the 2-point goal of issue 11; every bootstrap method of the same draws covered less
    // (64% to 90%). This pins the measured level: within three binomial standard errors
    // (3 √(0.92 · 0.08 / 400) ≈ 4 points) of 92%, so never below 88% and never above 96%.
    for (const row of report.rows) {
      expect(row.coverage, row.metric).toBeGreaterThanOrEqual(0.88);
      expect(row.coverage, row.metric).toBeLessThanOrEqual(0.96);
    }
  }, 120_000);
});

describe("coverage under volatility clustering", () => {
  it("keeps the mean difference's level but not the entropic difference's: the measured failure of docs/evaluation.md, pinned", () => {
    // σ switches between 0.15 and 0.45 (mean stay 60 days); 300 simulated test periods, the truth
    // from 400,000 independent windows. The larger run (1,000 replications, 2,000,000 windows)
    // measured 95.4% for the mean and 47.7% for the entropic risk with blocks of 4 T; the binomial
    // standard error here is about 1.3 and 2.9 points.
    const report = measureIntervalCoverage(
      { regimes: { low: 0.15, high: 0.45, meanDuration: 60 } },
      {
        replications: 300,
        resamples: 2,
        methods: [DEFAULT_PAIRED_METHOD],
        blockLengths: [PAIRED_BLOCK_MULTIPLE * 30],
        truthPaths: 400_000,
      },
      createRandom(2026),
    );
    const coverage = (metric: string): number => report.rows.find((r) => r.metric === metric)!.coverage;
    expect(coverage("mean")).toBeGreaterThanOrEqual(0.91);
    expect(coverage("entropic")).toBeLessThanOrEqual(0.7);
    // The tail the finite sample misses is the one where the strategy is better: every entropic
    // miss is an interval wholly above the truth.
    expect(report.rows.find((r) => r.metric === "entropic")!.missesAbove).toBeGreaterThan(0.9);
    // A regime-switching σ: the true differences differ from the constant-σ scenario's.
    expect(report.truth.entropic).toBeLessThan(-1);
  }, 120_000);
});

describe("coverage of short records", () => {
  it("measures records of J blocks of ℓ windows, cutting the blocks as comparePaired does when J = 1", () => {
    // Blocks of ℓ = 10 windows of T = 5 days: records of 10 (one block, cut to two of 5), 20 and 30 windows.
    const measure = (): ReturnType<typeof measureIntervalCoverage> =>
      measureIntervalCoverage(
        { steps: 5 },
        {
          replications: 20,
          resamples: 2,
          methods: ["jackknife-t"],
          blockLengths: [10],
          blockCounts: [1, 2, 3],
          truthPaths: 2_000,
        },
        createRandom(1),
      );
    const report = measure();
    const rows = report.rows.filter((r) => r.metric === "mean");
    expect(rows.map((r) => [r.windows, r.blockLength, r.blocks])).toEqual([
      [10, 5, 2],
      [20, 10, 2],
      [30, 10, 3],
    ]);
    expect(report.rows).toHaveLength(3 * 4);
    for (const row of report.rows) {
      expect(row.coverage).toBeGreaterThanOrEqual(0);
      expect(row.coverage).toBeLessThanOrEqual(1);
      expect(row.standardError).toBeCloseTo(Math.sqrt((row.coverage * (1 - row.coverage)) / 20), 12);
    }
    // Reproducible with the seed.
    expect(measure().rows).toEqual(report.rows);
  });

  it("refuses a count of blocks under 1", () => {
    expect(() =>
      measureIntervalCoverage({}, { blockCounts: [0], replications: 1, truthPaths: 10 }, createRandom(1)),
    ).toThrow(/blockCounts/);
  });
});
