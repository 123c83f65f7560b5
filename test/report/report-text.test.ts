import { describe, expect, it } from "vitest";
import {
  pairedSentence,
  regimeText,
  returnsText,
  riskText,
  surfaceText,
  trainingText,
} from "../../src/report/report-text.js";
import { formatNumber, riskTable } from "../../src/report/risk-table.js";
import { createRandom } from "../../src/random/random-source.js";
import { fakeReportData, fakeResult, fakeSurface, resultOf, withPaired } from "./report-fixture.js";

const data = fakeReportData();

describe("riskText", () => {
  it("calls a learned strategy lower than the delta hedge only when the paired interval excludes 0, and only indicatively on a tail measure", () => {
    // A learned strategy far better than delta (P&L spread 0.2 against 3).
    const far = withPaired([
      fakeResult(["A"], "delta", 0, 3, 1),
      fakeResult(["A"], "rnn", 0, 0.2, 2, "market"),
    ]);
    const [line] = riskText(far);
    expect(line).toMatch(/^A: the lowest point estimate of the entropic risk is rnn · market's/);
    // The tail intervals' coverage was measured under 93% (MEASURED_PAIRED_COVERAGE): never "significantly".
    expect(line).toContain(
      "on the entropic risk, indicatively only (the coverage of these intervals was measured under 93% or not at all), " +
        "1 of 1 learned strategies lie below the delta hedge and 0 above",
    );
    expect(line).not.toContain("significantly");
    expect(line).toContain("20 blocks of 20 windows");
    expect(line).toMatch(
      /its entropic risk is lower than the delta hedge's by [\d.]+ \(-[\d.]+ \[-[\d.]+, -[\d.]+\], which excludes 0; indicative only: such intervals were measured to cover \d+%, under 93%\)/,
    );
    // The delta hedge's P&L with independent noise of mean 0 on each window: the paired interval reaches 0.
    const base = fakeResult(["A"], "delta", 0, 1, 1);
    const noise = createRandom(5).fillNormal(new Float64Array(base.pnl.length));
    const noisy = resultOf(
      ["A"],
      "rnn",
      base.pnl.map((x, i) => x + 0.3 * noise[i]!),
      "market",
    );
    const [near] = riskText(withPaired([base, noisy]));
    expect(near).not.toMatch(/is (lower|higher) than/);
    expect(near).toContain("an interval that includes 0: these windows do not separate the two");
  });

  it("calls a difference of exactly 0 equal, never lower", () => {
    const delta = fakeResult(["A"], "delta", 0, 1, 1);
    const copy = fakeResult(["A"], "rnn", 0, 1, 1, "market"); // the same P&L on every window
    const [line] = riskText(withPaired([delta, copy]));
    expect(line).toContain("is shared to 3 decimals by delta, rnn · market.");
    expect(line).toContain("its entropic risk equals the delta hedge's to 3 decimals (0.000 [0.000, 0.000])");
    expect(line).not.toMatch(/lower|higher/);
  });

  it("writes one paragraph per hedge set and no comparison without a learned strategy", () => {
    expect(riskText(withPaired(data.results))).toHaveLength(2);
    const [baselines] = riskText(data.results.filter((r) => r.source === undefined));
    expect(baselines).toMatch(/^AAPL: the lowest point estimate of the entropic risk is delta's/);
    expect(baselines).not.toContain("learned");
  });
});

describe("pairedSentence", () => {
  const d = (estimate: number, lower: number, upper: number, excludesZero: "below" | "above" | "no") => ({
    metric: "entropic" as const,
    estimate,
    lower,
    upper,
    level: 0.95,
    method: "jackknife-t" as const,
    standardError: 0.1,
    excludesZero,
  });
  const reliable = { direction: "better", reliability: "reliable" } as const;
  it("says lower, higher, equal or not separated from the interval alone when the verdict is reliable", () => {
    expect(pairedSentence(d(-0.4, -0.7, -0.1, "below"), "entropic risk", "delta", reliable)).toBe(
      "its entropic risk is lower than the delta hedge's by 0.400 (-0.400 [-0.700, -0.100], which excludes 0)",
    );
    expect(pairedSentence(d(0.0002, 0.0001, 0.0003, "above"), "CVaR95", "delta", reliable)).toBe(
      "its CVaR95 is higher than the delta hedge's by less than 0.001 (0.000 [0.000, 0.000], which excludes 0)",
    );
    expect(pairedSentence(d(-0.0004, -0.2, 0.2, "no"), "entropic risk", "delta", reliable)).toBe(
      "its entropic risk equals the delta hedge's to 3 decimals (0.000 [-0.200, 0.200])",
    );
    expect(pairedSentence(d(0.12, -0.21, 0.45, "no"), "entropic risk", "delta", reliable)).toBe(
      "its entropic risk differs from the delta hedge's by +0.120 [-0.210, 0.450], an interval that includes 0: these windows do not separate the two",
    );
  });

  it("says an indicative verdict is indicative, with the measured coverage, and a too-short one too short", () => {
    const below = d(-0.4, -0.7, -0.1, "below");
    expect(
      pairedSentence(below, "entropic risk", "delta", {
        direction: "better",
        reliability: "indicative",
        coverage: 0.477,
      }),
    ).toBe(
      "its entropic risk is lower than the delta hedge's by 0.400 (-0.400 [-0.700, -0.100], which excludes 0; indicative only: such intervals were measured to cover 48%, under 93%)",
    );
    expect(
      pairedSentence(below, "entropic risk", "delta", { direction: "better", reliability: "too-short" }),
    ).toMatch(
      /^its entropic risk differs from the delta hedge's by -0\.400 \[-0\.700, -0\.100\]: the test period is too short to tell/,
    );
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
    const clipped = {
      ...data.training[0]!,
      history: data.training[0]!.history.map((r) => ({ ...r, clippedShare: r.epoch / 10 })),
    };
    expect(trainingText([clipped])[0]).toMatch(
      /0\.30 after epoch 3; training P&Ls below the clip 10\.0% in epoch 1, 30\.0% in epoch 3\.$/,
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
