import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import { holdingSurface } from "../../src/evaluation/holding-surface.js";
import { DeltaHedge } from "../../src/hedgers/delta-hedge.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";

describe("holdingSurface", () => {
  it("averages the underlying's holding per moneyness bin and time to maturity (hand-computed)", () => {
    // Two paths, T = 2, H = 2: S_0/K = 1 on both; S_1/K = 0.9 and 1.1.
    const paths = createPathBatch(Float64Array.from([100, 50, 90, 50, 95, 50, 100, 50, 110, 50, 120, 50]), {
      n: 2,
      steps: 2,
      tickers: ["A", "B"],
    });
    // holdings [N, T, H]: asset 0 is 0.2, 0.4 on path 0 and 0.6, 0.8 on path 1; asset 1 ignored.
    const holdings = Float64Array.from([0.2, 9, 0.4, 9, 0.6, 9, 0.8, 9]);
    const s = holdingSurface(paths, holdings, 100, { bins: 2, range: [0.8, 1.2] });
    expect([...s.maturities]).toEqual([2, 1]);
    expect([...s.edges]).toEqual([0.8, 1.0, 1.2]);
    // t = 0 (2 days left): both at moneyness 1.0 → upper bin, mean (0.2 + 0.6)/2.
    expect([...s.count]).toEqual([0, 2, 1, 1]);
    expect(s.holding[0]).toBeNaN();
    expect(s.holding[1]).toBeCloseTo(0.4, 15);
    expect(s.holding[2]).toBeCloseTo(0.4, 15);
    expect(s.holding[3]).toBeCloseTo(0.8, 15);
  });

  it("of the delta hedge rises with moneyness and steepens toward maturity (Black–Scholes)", () => {
    const paths = generateGbm({ n: 2000, steps: 20, volatility: 0.3 }, createRandom(4));
    const dt = 1 / 252;
    const holdings = new DeltaHedge({ volatility: 0.3 }).holdings({
      paths,
      option: new EuropeanOption(),
      dt,
    });
    const s = holdingSurface(paths, holdings, 100, { bins: 6, range: [0.94, 1.06] });
    const row = (t: number): number[] => Array.from(s.holding.subarray(t * 6, t * 6 + 6));
    const late = row(19); // one day left
    const mid = row(10);
    for (let j = 1; j < 6; j++) expect(late[j]!).toBeGreaterThan(late[j - 1]!);
    // Deep in and out of the money the last-day delta is nearer 0 and 1 than ten days earlier.
    expect(late[0]!).toBeLessThan(mid[0]!);
    expect(late[5]!).toBeGreaterThan(mid[5]!);
  });

  it("rejects holdings of the wrong shape", () => {
    const paths = createPathBatch(new Float64Array(6).fill(100), { n: 2, steps: 2, tickers: ["A"] });
    expect(() => holdingSurface(paths, new Float64Array(3), 100)).toThrow(/holdings have length 3/);
  });
});
