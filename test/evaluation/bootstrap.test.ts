import { describe, expect, it } from "vitest";
import { bootstrapInterval } from "../../src/evaluation/bootstrap.js";
import { createRandom } from "../../src/random/random-source.js";
import { mean } from "../../src/math/mean.js";

describe("bootstrapInterval", () => {
  it("gives the mean of an i.i.d. normal sample an interval of half-width ≈ 1.96 σ/√n around the estimate", () => {
    const random = createRandom(1);
    const n = 2000;
    const sample = random.fillNormal(new Float64Array(n));
    const ci = bootstrapInterval(sample, mean, createRandom(2), { resamples: 2000 });
    expect(ci.estimate).toBe(mean(sample));
    expect(ci.lower).toBeLessThan(ci.estimate);
    expect(ci.upper).toBeGreaterThan(ci.estimate);
    // Standard error 1/√n; its bootstrap estimate is within 10% with 2000 resamples.
    expect(ci.standardError * Math.sqrt(n)).toBeGreaterThan(0.9);
    expect(ci.standardError * Math.sqrt(n)).toBeLessThan(1.1);
    expect((ci.upper - ci.lower) / 2).toBeCloseTo(1.96 / Math.sqrt(n), 2);
  });

  it("covers the true mean about 95% of the time (200 seeded repetitions, binomial three standard errors)", () => {
    let covered = 0;
    const reps = 200;
    for (let r = 0; r < reps; r++) {
      const sample = createRandom(100 + r).fillNormal(new Float64Array(200));
      const ci = bootstrapInterval(sample, mean, createRandom(r), { resamples: 400 });
      if (ci.lower <= 0 && 0 <= ci.upper) covered++;
    }
    expect(Math.abs(covered / reps - 0.95)).toBeLessThan(3 * Math.sqrt((0.95 * 0.05) / reps) + 0.01);
  });

  it("widens the interval for serially dependent data when blocks are used (overlapping-window sums)", () => {
    // Moving sums of 30 i.i.d. normals: like the P&Ls of overlapping 30-day windows.
    const noise = createRandom(3).fillNormal(new Float64Array(3030));
    const sums = new Float64Array(3000);
    for (let i = 0; i < 3000; i++) for (let k = 0; k < 30; k++) sums[i]! += noise[i + k]!;
    const iid = bootstrapInterval(sums, mean, createRandom(4), { resamples: 500 });
    const block = bootstrapInterval(sums, mean, createRandom(4), { resamples: 500, blockLength: 30 });
    // True standard error of the mean ≈ √(30·... ) ≈ 30/√3000·(≈1): the i.i.d. bootstrap says √30/√3000.
    const trueSe = 30 / Math.sqrt(3000);
    expect(iid.standardError).toBeLessThan(0.3 * trueSe);
    expect(block.standardError).toBeGreaterThan(0.6 * trueSe);
  });

  it("is reproducible with the same seed", () => {
    const sample = [1, 2, 3, 4, 5, 6, 7];
    expect(bootstrapInterval(sample, mean, createRandom(5))).toEqual(
      bootstrapInterval(sample, mean, createRandom(5)),
    );
  });

  it("rejects invalid options with a message naming them", () => {
    expect(() => bootstrapInterval([1, 2], mean, createRandom(1), { level: 1 })).toThrow("invalid level: 1");
    expect(() => bootstrapInterval([1, 2], mean, createRandom(1), { blockLength: 0 })).toThrow(
      "invalid blockLength: 0",
    );
  });
});
