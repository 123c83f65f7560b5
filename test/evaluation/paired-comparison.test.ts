import { describe, expect, it } from "vitest";
import {
  comparePaired,
  pairedBlocks,
  pairedDraws,
  recordBlocks,
} from "../../src/evaluation/paired-comparison.js";
import { formatPairedTable, pairedCoverageNote } from "../../src/evaluation/paired-table.js";
import { pairedDirection } from "../../src/evaluation/paired-verdict.js";
import { intervalFromDraws, studentTQuantile } from "../../src/evaluation/interval-method.js";
import { createRandom } from "../../src/random/random-source.js";
import { entropicRisk } from "../../src/risk/entropic-risk.js";
import { expectedShortfall } from "../../src/risk/expected-shortfall.js";

const sample = (n: number, seed: number): Float64Array => {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, () => random.normal() * 2 - 1);
};

describe("comparePaired", () => {
  it("of a P&L shifted by c: Δmean = c, Δstd = 0, ΔCVaR = ΔER = −c, with intervals of zero width (cash invariance, same resamples)", () => {
    const base = sample(300, 1);
    const shifted = base.map((x) => x + 0.25);
    const byMetric = Object.fromEntries(
      comparePaired(shifted, base, createRandom(2), { resamples: 200, blockLength: 10 }).map((d) => [
        d.metric,
        d,
      ]),
    );
    for (const [metric, value] of [
      ["mean", 0.25],
      ["std", 0],
      ["cvar", -0.25],
      ["entropic", -0.25],
    ] as const) {
      const d = byMetric[metric]!;
      expect(d.estimate).toBeCloseTo(value, 10);
      expect(d.lower).toBeCloseTo(value, 10);
      expect(d.upper).toBeCloseTo(value, 10);
    }
    expect(pairedDirection(byMetric.mean!)).toBe("better");
    expect(pairedDirection(byMetric.entropic!)).toBe("better");
    expect(pairedDirection(byMetric.std!)).toBe("same");
  });

  it("estimates each difference as metric(strategy) − metric(baseline) and is reproducible with the seed", () => {
    const a = sample(200, 3);
    const b = sample(200, 4);
    const one = comparePaired(a, b, createRandom(5), { resamples: 100, blockLength: 5 });
    const two = comparePaired(a, b, createRandom(5), { resamples: 100, blockLength: 5 });
    expect(one).toEqual(two);
    const entropic = one.find((d) => d.metric === "entropic")!;
    expect(entropic.estimate).toBeCloseTo(entropicRisk(a, 1.3) - entropicRisk(b, 1.3), 12);
    const cvar = one.find((d) => d.metric === "cvar")!;
    expect(cvar.estimate).toBeCloseTo(expectedShortfall(a, 0.95) - expectedShortfall(b, 0.95), 12);
    expect(entropic.lower).toBeLessThan(entropic.upper);
  });

  it("on a short record cuts the jackknife's blocks to ⌊n/2⌋ windows: pairedBlocks gives the ℓ and J actually used", () => {
    // 200 windows with blocks of 120 requested: one block would be left, so two blocks of 100.
    expect(pairedBlocks(200, 120)).toEqual({
      windows: 200,
      requestedBlockLength: 120,
      blockLength: 100,
      blocks: 2,
    });
    expect(recordBlocks(pairedBlocks(200, 120))).toBe(1);
    expect(pairedBlocks(952, 120)).toMatchObject({ blockLength: 120, blocks: 7 });
    expect(recordBlocks(pairedBlocks(952, 120))).toBe(7);
    expect(pairedBlocks(241, 120)).toMatchObject({ blockLength: 120, blocks: 2 });
    // The bootstrap methods keep the requested length (a record of no whole block).
    expect(pairedBlocks(100, 120, "percentile")).toMatchObject({ blockLength: 120, blocks: 1 });
    expect(recordBlocks(pairedBlocks(100, 120, "percentile"))).toBe(0);
    // The interval is the one of two blocks of 100: Student's t with one degree of freedom.
    const a = sample(200, 11);
    const b = sample(200, 12);
    const cut = comparePaired(a, b, createRandom(1), { blockLength: 120 });
    const explicit = comparePaired(a, b, createRandom(1), { blockLength: 100 });
    expect(cut).toEqual(explicit);
  });

  it("refuses P&Ls of different lengths", () => {
    expect(() => comparePaired(sample(10, 1), sample(9, 2), createRandom(1))).toThrow(/baseline/);
  });

  it("prints one row per learned strategy with a verdict per metric", () => {
    const base = sample(100, 6);
    const differences = comparePaired(
      base.map((x) => x + 1),
      base,
      createRandom(1),
      { resamples: 50 },
    );
    const table = formatPairedTable([
      {
        hedge: ["AAPL"],
        strategy: "rnn",
        holdings: new Float64Array(0),
        pnl: base,
        summary: undefined as never,
        paired: { baseline: "delta", ...pairedBlocks(100, 1), differences },
      },
    ]);
    expect(table).toMatch(/^AAPL\s+rnn\s+\+1\.000 \[1\.000, 1\.000\] better/m);
    expect(table.split("\n")[0]).toContain("(100 blocks of 1 windows)");
    // The default jackknife-t at 95%: the measured coverage under the title.
    expect(table.split("\n")[1]).toBe(pairedCoverageNote("jackknife-t", 0.95));
    expect(table).toMatch(/Δentropic 48%/);
  });

  it("prints the measured coverage only for the method and level it was measured for", () => {
    expect(pairedCoverageNote("jackknife-t", 0.95)).toMatch(/^measured coverage of these 95% intervals/);
    expect(pairedCoverageNote("percentile", 0.95)).toBeUndefined();
    expect(pairedCoverageNote("jackknife-t", 0.9)).toBeUndefined();
  });
});

describe("interval methods", () => {
  it("read the percentile, basic (reflected) and normal intervals from the draws", () => {
    const draws = Float64Array.from({ length: 101 }, (_, k) => k / 100); // quantiles q_p = p
    const percentile = intervalFromDraws(0.7, draws.slice(), 0.9, "percentile");
    expect(percentile.lower).toBeCloseTo(0.05, 12);
    expect(percentile.upper).toBeCloseTo(0.95, 12);
    const basic = intervalFromDraws(0.7, draws.slice(), 0.9, "basic");
    expect(basic.lower).toBeCloseTo(2 * 0.7 - 0.95, 12);
    expect(basic.upper).toBeCloseTo(2 * 0.7 - 0.05, 12);
  });

  it("Student's t quantiles match tables to 4 digits (ν = 1, 2, 5, 10, 30)", () => {
    // scipy.stats.t.ppf(0.975, [1, 2, 5, 10, 30]).
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3027, 4);
    expect(studentTQuantile(0.025, 2)).toBeCloseTo(-4.3027, 4);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5706, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
  });

  it("the paired draws of identical P&Ls are all zero", () => {
    const a = sample(50, 9);
    const { draws } = pairedDraws(a, a, createRandom(1), { resamples: 20, blockLength: 5 });
    for (const d of draws) expect(Array.from(d).every((x) => x === 0)).toBe(true);
  });
});
