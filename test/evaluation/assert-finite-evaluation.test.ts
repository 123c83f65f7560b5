import { describe, expect, it } from "vitest";
import { assertFiniteEvaluation } from "../../src/evaluation/assert-finite-evaluation.js";
import type { StrategyEvaluation } from "../../src/evaluation/evaluate-policy.js";
import { summarizePnl } from "../../src/evaluation/pnl-summary.js";
import { createRandom } from "../../src/random/random-source.js";

function evaluation(pnl: number[]): StrategyEvaluation {
  const values = Float64Array.from(pnl);
  return {
    hedge: ["SPY"],
    strategy: "delta",
    holdings: new Float64Array(0),
    pnl: values,
    summary: summarizePnl(values, createRandom(1), { bootstrap: { resamples: 10 } }),
  };
}

describe("assertFiniteEvaluation", () => {
  it("names the strategy, hedge set and window of a non-finite P&L", () => {
    expect(() =>
      assertFiniteEvaluation(evaluation([1, Infinity, 2]), ["2019-03-01", "2019-03-04", "2019-03-05"]),
    ).toThrow(
      "the P&L of delta on SPY is Infinity in the window starting 2019-03-04: check the prices of that window (an implausible price?)",
    );
  });

  it("refuses a metric that overflows although every P&L is finite, and accepts a finite evaluation", () => {
    expect(() => assertFiniteEvaluation(evaluation([1.5e308, 1.6e308, 1.7e308]))).toThrow(
      /^the mean of delta on SPY is Infinity although every P&L is finite/,
    );
    expect(() => assertFiniteEvaluation(evaluation([1, 2, 3]))).not.toThrow();
  });
});
