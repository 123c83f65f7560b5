import { describe, expect, it } from "vitest";
import { normalPdf, normalQuantile } from "../../src/math/normal.js";
import { createRandom } from "../../src/random/random-source.js";
import { DEFAULT_CONFIDENCE_LEVEL } from "../../src/risk/tail-size.js";
import { ValueAtRisk, valueAtRisk } from "../../src/risk/value-at-risk.js";

describe("valueAtRisk", () => {
  const pnl = [2, -4, 0, -2];

  it("is minus the ⌈N(1 − α)⌉-th smallest sample (hand-computed on [−4, −2, 0, 2])", () => {
    expect(valueAtRisk(pnl, 0.5)).toBe(2); // ⌈2⌉ = 2nd smallest: −2
    expect(valueAtRisk(pnl, 0.7)).toBe(2); // ⌈1.2⌉ = 2
    expect(valueAtRisk(pnl, 0.75)).toBe(4); // ⌈1⌉ = 1
    expect(valueAtRisk(pnl, 0.95)).toBe(4); // ⌈0.2⌉ = 1
    expect(valueAtRisk(pnl, 0)).toBe(-2); // the largest sample
  });

  it("reads a decimal level as meant: N = 10 at 0.7 takes the 3rd smallest, not the 4th", () => {
    // 10 · (1 − 0.7) = 3.0000000000000004 in floating point
    expect(valueAtRisk([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.7)).toBe(-3);
    expect(valueAtRisk([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(-1);
  });

  it("uses the level 0.95 by default and does not modify its input", () => {
    expect(DEFAULT_CONFIDENCE_LEVEL).toBe(0.95);
    const input = Float64Array.of(3, -1, 2);
    expect(valueAtRisk(input)).toBe(valueAtRisk(input, 0.95));
    expect(Array.from(input)).toEqual([3, -1, 2]);
  });

  it("of a standard normal sample at 95 % is 1.6449 within three standard errors (n = 200 000)", () => {
    const n = 200_000;
    const pnl = createRandom(21).fillNormal(new Float64Array(n));
    const q = normalQuantile(0.05);
    // Asymptotic sd of the sample quantile: √(p(1 − p))/(f(q)√n).
    const standardError = Math.sqrt(0.05 * 0.95) / (normalPdf(q) * Math.sqrt(n));
    expect(Math.abs(valueAtRisk(pnl, 0.95) - 1.6448536269514722)).toBeLessThan(3 * standardError);
  });

  it("rejects a level outside [0, 1) and a bad sample with `invalid …` messages", () => {
    expect(() => valueAtRisk(pnl, 1)).toThrow("invalid level: 1 (must be in [0, 1))");
    expect(() => valueAtRisk(pnl, -0.1)).toThrow("invalid level: -0.1");
    expect(() => valueAtRisk([], 0.9)).toThrow("invalid pnl: []");
    expect(() => new ValueAtRisk({ level: 95 })).toThrow("invalid level: 95");
  });
});

describe("ValueAtRisk", () => {
  it("delegates to valueAtRisk and prints its level", () => {
    const measure = new ValueAtRisk({ level: 0.5 });
    expect(measure.risk([2, -4, 0, -2])).toBe(2);
    expect(measure.cashInvariant).toBe(true);
    expect(String(measure)).toBe("ValueAtRisk(level=0.5)");
    expect(new ValueAtRisk().level).toBe(0.95);
  });
});
