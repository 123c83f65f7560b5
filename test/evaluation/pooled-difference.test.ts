import { describe, expect, it } from "vitest";
import { comparePaired } from "../../src/evaluation/paired-comparison.js";
import { pooledDifference } from "../../src/evaluation/pooled-difference.js";
import { createRandom } from "../../src/random/random-source.js";
import { entropicRisk } from "../../src/risk/entropic-risk.js";
import { expectedShortfall } from "../../src/risk/expected-shortfall.js";

function series(n: number, seed: number, scale = 1): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, () => scale * random.normal());
}

describe("pooledDifference", () => {
  const a = series(600, 1);
  const b = series(600, 2, 1.2);

  it("equals the paired comparison's jackknife-t for one pair", () => {
    const options = { blockLength: 40, overlap: 10, level: 0.95 };
    for (const [metric, statistic] of [
      ["entropic", (x: Float64Array) => entropicRisk(x, 1.3)],
      ["cvar", (x: Float64Array) => expectedShortfall(x, 0.95)],
    ] as const) {
      const pooled = pooledDifference([{ pnl: a, baseline: b }], statistic, options);
      const paired = comparePaired(a, b, createRandom(1), {
        riskAversion: 1.3,
        cvarLevel: 0.95,
        blockLength: 40,
        overlap: 10,
        method: "jackknife-t",
      }).find((d) => d.metric === metric)!;
      expect(pooled.estimate).toBeCloseTo(paired.estimate, 12);
      expect(pooled.lower).toBeCloseTo(paired.lower, 12);
      expect(pooled.upper).toBeCloseTo(paired.upper, 12);
      expect(pooled.blocks).toBe(15);
    }
  });

  it("averages the pairs' differences, and two identical pairs give one pair's interval", () => {
    const c = series(600, 3, 0.8);
    const statistic = (x: Float64Array): number => entropicRisk(x, 1.3);
    const one = pooledDifference([{ pnl: a, baseline: b }], statistic, { blockLength: 50 });
    const other = pooledDifference([{ pnl: c, baseline: b }], statistic, { blockLength: 50 });
    const both = pooledDifference(
      [
        { pnl: a, baseline: b },
        { pnl: c, baseline: b },
      ],
      statistic,
      { blockLength: 50 },
    );
    expect(both.estimate).toBeCloseTo((one.estimate + other.estimate) / 2, 12);
    const twice = pooledDifference(
      [
        { pnl: a, baseline: b },
        { pnl: a, baseline: b },
      ],
      statistic,
      { blockLength: 50 },
    );
    expect(twice.lower).toBeCloseTo(one.lower, 12);
    expect(twice.upper).toBeCloseTo(one.upper, 12);
  });

  it("cuts the blocks to half a short record, keeping two blocks and an interval", () => {
    const statistic = (x: Float64Array): number => entropicRisk(x, 1.3);
    const short = pooledDifference([{ pnl: a.subarray(0, 50), baseline: b.subarray(0, 50) }], statistic, {
      blockLength: 120,
    });
    expect(short.blockLength).toBe(25);
    expect(short.blocks).toBe(2);
    expect(Number.isFinite(short.lower)).toBe(true);
  });

  it("refuses records of different lengths", () => {
    expect(() =>
      pooledDifference([{ pnl: [1, 2, 3], baseline: [1, 2] }], (x) => x[0]!, { blockLength: 1 }),
    ).toThrow(/baseline/);
  });
});
