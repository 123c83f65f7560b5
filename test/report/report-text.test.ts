import { describe, expect, it } from "vitest";
import {
  regimeText,
  returnsText,
  riskText,
  surfaceText,
  trainingText,
} from "../../src/report/report-text.js";
import { formatNumber, riskTable } from "../../src/report/risk-table.js";
import { fakeReportData, fakeResult, fakeSurface } from "./report-fixture.js";

const data = fakeReportData();

describe("riskText", () => {
  it("says the intervals do not overlap only when they are disjoint", () => {
    // A learned strategy far better than delta (P&L spread 0.2 against 3): disjoint intervals.
    const far = [fakeResult(["A"], "delta", 0, 3, 1), fakeResult(["A"], "rnn", 0, 0.2, 2, "market")];
    const [line] = riskText(far);
    expect(line).toMatch(/^A: the lowest entropic risk is rnn · market's/);
    expect(line).toMatch(/lower than the delta hedge's/);
    expect(line).toContain("the two intervals do not overlap.");
    // Same distribution, different draws: the intervals overlap and the text does not claim a difference.
    const near = [fakeResult(["A"], "delta", 0, 1, 1), fakeResult(["A"], "rnn", 0, 1, 2, "market")];
    const [same] = riskText(near);
    expect(same).toContain("the two intervals overlap, so they do not separate the two.");
    expect(same).not.toContain("do not overlap");
  });

  it("writes one paragraph per hedge set and no comparison without a learned strategy", () => {
    expect(riskText(data.results)).toHaveLength(2);
    const [baselines] = riskText(data.results.filter((r) => r.source === undefined));
    expect(baselines).toMatch(/^AAPL: the lowest entropic risk is delta's/);
    expect(baselines).not.toContain("learned");
  });
});

describe("the other sections' text", () => {
  it("compares each source's dispersion with the test windows'", () => {
    const lines = returnsText(data.returns!);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^market training set \(300 paths\): std [\d.]+%.*times the test windows'\.$/);
  });

  it("gives the share of each span's days in each regime", () => {
    expect(regimeText(data.regimes!)).toEqual([
      "3 regimes on SPY, fitted on the training days only.",
      "train (6 days): regime 0 50%, regime 1 50%, regime 2 0%.",
      "validation (2 days): regime 0 0%, regime 1 0%, regime 2 100%.",
      "test (2 days): regime 0 100%, regime 1 0%, regime 2 0%.",
    ]);
  });

  it("counts the holding cells outside [0, 1]", () => {
    const [delta, rnn] = surfaceText(data.surfaces);
    expect(delta).toBe("delta: mean holdings from 0.00 to 1.00; 0% of the 6 cells lie outside [0, 1].");
    expect(rnn).toBe(
      "rnn · market: mean holdings from -1.00 to 2.00; 40% of the 5 cells lie outside [0, 1].",
    );
    expect(surfaceText([{ hedge: ["A"], strategy: "x", surface: fakeSurface([Number.NaN]) }])[0]).toMatch(
      /no cell/,
    );
  });

  it("states the epochs run and the kept epoch", () => {
    expect(trainingText(data.training)[0]).toBe(
      "rnn · market on AAPL: 3 epochs, weights of epoch 2 kept (validation risk 4.000, from 5.000 after epoch 1); " +
        "mean holding 0.10 after epoch 1, 0.30 after epoch 3.",
    );
  });
});

describe("riskTable", () => {
  it("has every metric with its interval, rounded to 3 decimals", () => {
    const table = riskTable(data.results);
    expect(table.columns).toEqual([
      "hedge set",
      "strategy",
      "mean",
      "mean 95% CI",
      "std",
      "VaR95",
      "CVaR95",
      "CVaR95 CI",
      "VaR99",
      "CVaR99",
      "CVaR99 CI",
      "entropic λ=1.3",
      "entropic 95% CI",
      "price",
    ]);
    const s = data.results[0]!.summary;
    expect(table.rows[0]!.slice(0, 4)).toEqual([
      "AAPL",
      "delta",
      s.mean.toFixed(3),
      `[${s.meanInterval.lower.toFixed(3)}, ${s.meanInterval.upper.toFixed(3)}]`,
    ]);
    expect(table.rows[2]![1]).toBe("rnn · market");
  });

  it("formats numbers without a negative zero", () => {
    expect(formatNumber(-0.0001)).toBe("0.000");
    expect(formatNumber(-1.5, 1)).toBe("-1.5");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("∞");
  });
});
