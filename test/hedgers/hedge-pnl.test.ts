import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import { hedgePnl } from "../../src/hedgers/hedge-pnl.js";

// One path, three dates, two assets: A = 100, 110, 105 and B = 100, 90, 95.
const paths = createPathBatch(Float64Array.from([100, 100, 110, 90, 105, 95]), {
  n: 1,
  steps: 2,
  tickers: ["A", "B"],
});
// Holdings: δ_0 = (0.5, 1), δ_1 = (1, −1).
const holdings = Float64Array.from([0.5, 1, 1, -1]);

describe("hedgePnl", () => {
  it("sums ⟨δ_t, S_{t+1} − S_t⟩ and subtracts the payoff (hand-computed)", () => {
    // gains = 0.5·10 + 1·(−10) + 1·(−5) + (−1)·5 = −15; payoff 5 → −20.
    expect(Array.from(hedgePnl(paths, holdings, [5]))).toEqual([-20]);
  });

  it("adds the premium and charges c·|δ_t − δ_{t−1}|·S_t from δ_{−1} = 0 (hand-computed)", () => {
    // costs = 0.01·(0.5·100 + 1·100) + 0.01·(0.5·110 + 2·90) = 1.5 + 2.35 = 3.85.
    const [pnl] = hedgePnl(paths, holdings, [5], { cost: 0.01, premium: 7 });
    expect(pnl).toBeCloseTo(-20 - 3.85 + 7, 12);
  });

  it("is minus the payoff when nothing is held", () => {
    expect(Array.from(hedgePnl(paths, new Float64Array(4), [3]))).toEqual([-3]);
  });

  it("rejects a negative cost", () => {
    expect(() => hedgePnl(paths, holdings, [0], { cost: -0.1 })).toThrow("invalid cost: -0.1 (must be ≥ 0)");
  });
});
