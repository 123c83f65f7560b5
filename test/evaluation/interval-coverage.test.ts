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
