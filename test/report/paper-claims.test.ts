import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";
import { paperClaims, paperClaimTables, type ClaimVerdict } from "../../src/report/paper-claims.js";
import type { ReportResult } from "../../src/report/report-data.js";
import { fakeResult, resultOf, withPaired } from "./report-fixture.js";

const SETS = [["AAPL"], ["AAPL", "MSFT"], ["AAPL", "GOOGL", "MSFT"], ["AAPL", "AMZN", "GOOGL", "MSFT"]];
const SET5 = ["AAPL", "AMZN", "GOOGL", "JPM", "MSFT"];

/** The verdict of claim `id` on `results`. */
function verdict(results: readonly ReportResult[], id: string): ClaimVerdict {
  return paperClaims(results).find((c) => c.id === id)!.verdict;
}

/** One learned model's rows with the given mean P&L per hedge set (std 1, 400 windows). */
function learned(strategy: string, source: string, means: readonly number[], sets = SETS): ReportResult[] {
  return means.map((mean, k) => fakeResult(sets[k]!, strategy, mean, 1, 10 + k, source));
}

describe("the paper's claims", () => {
  it("market SigFormer positive and stable: holds, partly, does not hold, not run", () => {
    const id = "market-sigformer-positive";
    expect(verdict(learned("sigformer", "market", [3, 3.05, 3.02]), id)).toBe("holds");
    // Positive everywhere but far apart: not stable.
    expect(verdict(learned("sigformer", "market", [3, 8, 3]), id)).toBe("partly");
    expect(verdict(learned("sigformer", "market", [3, -2, 3]), id)).toBe("partly");
    expect(verdict(learned("sigformer", "market", [-3, -2, -3]), id)).toBe("does not hold");
    expect(verdict(learned("rnn", "market", [3, 3, 3]), id)).toBe("not run");
  });

  it("market RNN flat: its paired Δmean with delta includes 0 on every set, some, or none", () => {
    const id = "market-rnn-flat";
    const delta = SETS.slice(0, 3).map((hedge, k) => fakeResult(hedge, "delta", -1, 1, k + 1));
    const noise = createRandom(5).fillNormal(new Float64Array(400));
    const rnn = (shifts: readonly number[]): ReportResult[] =>
      shifts.map((shift, k) =>
        resultOf(
          delta[k]!.hedge as string[],
          "rnn",
          delta[k]!.pnl.map((x, i) => x + shift + 0.01 * noise[i]!),
          "market",
        ),
      );
    expect(verdict(withPaired([...delta, ...rnn([0, 0, 0])]), id)).toBe("holds");
    expect(verdict(withPaired([...delta, ...rnn([0, 0.5, 0])]), id)).toBe("partly");
    expect(verdict(withPaired([...delta, ...rnn([0.5, 0.5, -0.5])]), id)).toBe("does not hold");
    expect(verdict(delta, id)).toBe("not run");
  });

  it("delta slightly negative on the single asset: interval below 0, mean below 0, mean above 0", () => {
    const id = "delta-negative";
    expect(verdict([fakeResult(["AAPL"], "delta", -1, 1, 1)], id)).toBe("holds");
    expect(verdict([fakeResult(["AAPL"], "delta", -0.02, 1, 1)], id)).toBe(
      fakeResult(["AAPL"], "delta", -0.02, 1, 1).summary.mean < 0 ? "partly" : "does not hold",
    );
    expect(verdict([fakeResult(["AAPL"], "delta", 1, 1, 1)], id)).toBe("does not hold");
    expect(verdict([fakeResult(["AAPL", "MSFT"], "delta", -1, 1, 1)], id)).toBe("not run");
  });

  it("regime-bs hedgers deteriorate: the largest set's interval below the smallest's, a lower mean only, or none", () => {
    const id = "regime-bs-deteriorates";
    expect(verdict(learned("rnn", "regime-bs", [1, 0, -3]), id)).toBe("holds");
    expect(verdict(learned("rnn", "regime-bs", [1, 1, 0.9]), id)).toBe("partly");
    expect(verdict(learned("rnn", "regime-bs", [1, 1, 2]), id)).toBe("does not hold");
    expect(verdict(learned("rnn", "regime-bs", [1]), id)).toBe("not run");
  });

  it("the SigDiffusion SigFormer collapses at 4–5 assets: every large-set mean under the small sets' bound, some, or none", () => {
    const id = "sigdiffusion-sigformer-collapses";
    const sets = [...SETS, SET5];
    const rows = (means: number[]): ReportResult[] => learned("sigformer", "sigdiffusion", means, sets);
    expect(verdict(rows([2, 2, 1, -5, -6]), id)).toBe("holds");
    expect(verdict(rows([2, 2, 1, -5, 3]), id)).toBe("partly");
    expect(verdict(rows([2, 2, 1, 3, 3]), id)).toBe("does not hold");
    expect(verdict(rows([2, 2, 1]), id)).toBe("not run");
  });

  it("RNN leverage: every row's mean |δ| ≥ 1.5, some row's or holdings beyond [−1, 2], or none", () => {
    const id = "rnn-leverage";
    const rows = (meanAbsolute: number[], max = 1): ReportResult[] =>
      learned(
        "rnn",
        "market",
        meanAbsolute.map(() => 0),
      ).map((r, k) => ({
        ...r,
        leverage: { min: -0.5, max, meanAbsolute: meanAbsolute[k]!, outsideUnit: 0.3 },
      }));
    expect(verdict(rows([2, 3]), id)).toBe("holds");
    expect(verdict(rows([2, 0.5]), id)).toBe("partly");
    expect(verdict(rows([0.5, 0.6]), id)).toBe("does not hold");
    expect(verdict(rows([0.5, 0.6], 2.5), id)).toBe("partly");
    expect(verdict(learned("rnn", "market", [0]), id)).toBe("not run");
  });

  it("tables: an overview of every claim, then each run claim's rows with risk and leverage", () => {
    const results = withPaired([
      fakeResult(["AAPL"], "delta", -1, 1, 1),
      {
        ...fakeResult(["AAPL"], "rnn", -0.5, 1, 3, "market"),
        leverage: { min: -1, max: 2, meanAbsolute: 0.8, outsideUnit: 0.3 },
      },
    ]);
    const tables = paperClaimTables(paperClaims(results));
    expect(tables[0]!.rows.map((r) => r[1])).toEqual([
      "not run",
      expect.any(String),
      "holds",
      "not run",
      "not run",
      "does not hold",
    ]);
    // market-rnn-flat, delta-negative and rnn-leverage were run.
    expect(tables).toHaveLength(4);
    const leverage = tables[3]!;
    expect(leverage.rows[0]!.slice(-3)).toEqual(["-1.00..2.00", "0.80", "30.0%"]);
    expect(leverage.rows[0]![6]).toMatch(/^[+-]?\d+\.\d\d \[.*\] (better|worse|same)/);
  });
});
