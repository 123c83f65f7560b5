import { describe, expect, it } from "vitest";
import { mean } from "../../src/math/mean.js";
import { standardDeviation } from "../../src/math/variance.js";
import { normalPdf, normalQuantile } from "../../src/math/normal.js";
import { createRandom } from "../../src/random/random-source.js";
import { ExpectedShortfall, expectedShortfall } from "../../src/risk/expected-shortfall.js";
import { valueAtRisk } from "../../src/risk/value-at-risk.js";

/**
 * Asymptotic standard error of the empirical ES at level α: sd(max(L − VaR, 0))/((1 − α)√n)
 * with L = −X, the sample mean in the Rockafellar–Uryasev form (the error of VaR is second order).
 */
function standardError(pnl: Float64Array, level: number): number {
  const v = valueAtRisk(pnl, level);
  const excess = Float64Array.from(pnl, (x) => Math.max(-x - v, 0));
  return standardDeviation(excess) / ((1 - level) * Math.sqrt(pnl.length));
}

describe("expectedShortfall", () => {
  const pnl = [2, -4, 0, -2];

  it("at 0.5 of [−4, −2, 0, 2] is the mean loss of the worst two: 3", () => {
    expect(expectedShortfall(pnl, 0.5)).toBe(3);
  });

  it("at 0.7 of [−4, −2, 0, 2] puts weight 0.2 on the boundary sample: (4 + 0.2·2)/1.2 = 11/3", () => {
    expect(expectedShortfall(pnl, 0.7)).toBeCloseTo(11 / 3, 14);
  });

  it("at 0.9 of [−4, −2, 0, 2] (a tail of 0.4 samples) is the worst loss, 4", () => {
    expect(expectedShortfall(pnl, 0.9)).toBe(4);
    expect(expectedShortfall(pnl, 0.75)).toBe(4);
  });

  it("at level 0 is −mean(X)", () => {
    expect(expectedShortfall(pnl, 0)).toBe(1);
  });

  it("is at least the value at risk", () => {
    const random = createRandom(4);
    for (let trial = 0; trial < 20; trial++) {
      const sample = random.fillNormal(new Float64Array(37));
      for (const level of [0, 0.5, 0.9, 0.95, 0.99]) {
        const v = valueAtRisk(sample, level);
        expect(expectedShortfall(sample, level)).toBeGreaterThanOrEqual(v - 1e-15 * Math.abs(v));
      }
    }
  });

  it("of a U(−1, 3) sample at 90 % is −(a + (1 − α)(b − a)/2) = 0.8 within three standard errors", () => {
    const random = createRandom(12);
    const sample = Float64Array.from({ length: 100_000 }, () => -1 + 4 * random.uniform());
    expect(Math.abs(expectedShortfall(sample, 0.9) - 0.8)).toBeLessThan(3 * standardError(sample, 0.9));
  });

  it("of a standard normal sample at 95 % is φ(1.6449)/0.05 = 2.0627 within three standard errors", () => {
    const sample = createRandom(13).fillNormal(new Float64Array(200_000));
    const exact = normalPdf(normalQuantile(0.05)) / 0.05;
    expect(exact).toBeCloseTo(2.0627128075074, 12);
    expect(Math.abs(expectedShortfall(sample, 0.95) - exact)).toBeLessThan(3 * standardError(sample, 0.95));
  });

  it("does not modify its input and matches −mean when the whole sample is the tail", () => {
    const input = Float64Array.of(3, -1, 2, 7);
    expect(expectedShortfall(input, 0)).toBe(-mean(input));
    expect(Array.from(input)).toEqual([3, -1, 2, 7]);
  });

  it("rejects a level outside [0, 1) and a bad sample with `invalid …` messages", () => {
    expect(() => expectedShortfall(pnl, 1)).toThrow("invalid level: 1 (must be in [0, 1))");
    expect(() => expectedShortfall([Number.NaN], 0.9)).toThrow("invalid pnl[0]: NaN");
    expect(() => new ExpectedShortfall({ level: Number.NaN })).toThrow("invalid level: NaN");
  });
});

describe("ExpectedShortfall", () => {
  it("delegates to expectedShortfall and prints its level", () => {
    const measure = new ExpectedShortfall({ level: 0.5 });
    expect(measure.risk([2, -4, 0, -2])).toBe(3);
    expect(measure.cashInvariant).toBe(true);
    expect(String(measure)).toBe("ExpectedShortfall(level=0.5)");
    expect(new ExpectedShortfall().level).toBe(0.95);
  });
});
