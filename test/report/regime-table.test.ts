import { describe, expect, it } from "vitest";
import { regimeStatistics, regimeTable } from "../../src/report/regime-table.js";
import type { RegimeTimeline } from "../../src/report/report-data.js";
import { formatRegimesCsv, parseRegimesCsv } from "../../src/store/report-files.js";

const a = Math.log(1.1);
const timeline: RegimeTimeline = {
  market: "SPY",
  dates: ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"],
  values: Float64Array.from([100, 110, 121, 110, 121]),
  regimes: Int32Array.from([0, 0, 0, 1, 1]),
  split: ["train", "train", "train", "validation", "test"],
  correlation: Float64Array.from([0.1, 0.2, 0.3, 0.5, 0.7]),
};

describe("regimeStatistics", () => {
  it("annualises each regime's daily log-returns (252 × mean, √252 × std) and averages its correlation feature", () => {
    const [calm, choppy] = regimeStatistics(timeline);
    // Regime 0: returns of days 1 and 2, both log 1.1; regime 1: −log 1.1 and +log 1.1.
    expect(calm).toMatchObject({ regime: 0, days: 3, share: 0.6 });
    expect(calm!.annualReturn).toBeCloseTo(252 * a, 12);
    expect(calm!.volatility).toBeCloseTo(0, 12);
    expect(calm!.correlation).toBeCloseTo(0.2, 12);
    expect(choppy).toMatchObject({ regime: 1, days: 2, share: 0.4 });
    expect(choppy!.annualReturn).toBeCloseTo(0, 12);
    expect(choppy!.volatility).toBeCloseTo(Math.sqrt(252 * 2 * a * a), 12);
    expect(choppy!.correlation).toBeCloseTo(0.6, 12);
  });
});

describe("regimeTable", () => {
  it("gives share of days, annualised return and volatility in percent and the mean correlation, one row per regime", () => {
    const table = regimeTable(timeline);
    expect(table.columns).toEqual([
      "regime",
      "share of days",
      "days",
      "annualised return",
      "annualised volatility",
      "mean correlation",
    ]);
    expect(table.rows[0]).toEqual(["regime 0", "60.0%", 3, `${(100 * 252 * a).toFixed(1)}%`, "0.0%", "0.20"]);
  });

  it("leaves the correlation column out for a timeline without the feature (a run written before it)", () => {
    const { correlation: _c, ...old } = timeline;
    const parsed = parseRegimesCsv(formatRegimesCsv(old), "regimes.csv");
    expect(parsed.correlation).toBeUndefined();
    expect(regimeTable(parsed).columns).not.toContain("mean correlation");
    expect(parseRegimesCsv(formatRegimesCsv(timeline), "regimes.csv")).toEqual(timeline);
  });
});
