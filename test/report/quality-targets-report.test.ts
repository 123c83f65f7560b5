import { describe, expect, it } from "vitest";
import type { QualityTargetRecord } from "../../src/evaluation/quality-targets.js";
import { qualityAssetsChart, qualityAssetsPoints } from "../../src/report/quality-targets-chart.js";
import { qualityTargetsTables } from "../../src/report/quality-targets-tables.js";
import { qualityTargetsText } from "../../src/report/quality-targets-text.js";

function record(
  source: string,
  hedge: string[],
  statistic: string,
  asset: string,
  value: number,
  upper: number,
  reference: number,
): QualityTargetRecord {
  return { source, hedge, statistic, asset, value, lower: -Infinity, upper, reference, pass: value <= upper };
}

const records: QualityTargetRecord[] = [
  record("sigdiffusion", ["A"], "KS log-return 30d", "A", 0.2, 0.1, 0.1),
  record("sigdiffusion", ["A"], "discriminative score", "all", 0.1, 0.15, 0.01),
  record("sigdiffusion", ["A", "B"], "KS log-return 30d", "A", 0.2, 0.1, 0.1),
  record("sigdiffusion", ["A", "B"], "KS log-return 30d", "B", 0.05, 0.1, 0.1),
  record("sigdiffusion", ["A", "B"], "correlation error (Frobenius)", "all", 0.9, 0.3, 0.2),
  record("sigdiffusion", ["A", "B"], "discriminative score", "all", 0.3, 0.15, 0.02),
  record("market validation", ["A", "B"], "discriminative score", "all", 0.01, 0.15, 0.02),
];

describe("the quality targets in the report", () => {
  it("one table per source: a row per statistic and asset (joint ones last), a column per hedge set with ✓/✗, the targets met last", () => {
    const [table, market] = qualityTargetsTables(records);
    expect(table!.columns).toEqual(["statistic", "asset", "target", "A", "A+B"]);
    expect(table!.rows).toEqual([
      ["KS log-return 30d", "A", "≤ 0.100", "0.200 ✗", "0.200 ✗"],
      ["KS log-return 30d", "B", "≤ 0.100", "", "0.050 ✓"],
      ["discriminative score", "all", "≤ 0.150", "0.100 ✓", "0.300 ✗"],
      ["correlation error (Frobenius)", "all", "≤ 0.300", "", "0.900 ✗"],
      ["targets met", "", "", "1/2", "1/4"],
    ]);
    expect(market!.title).toContain("market validation");
    expect(market!.rows.at(-1)).toEqual(["targets met", "", "", "", "1/1"]);
  });

  it("the figure's points: correlation error over its floor, the discriminative score and the worst KS ratio, against H", () => {
    const points = qualityAssetsPoints(records).filter((p) => p.source === "sigdiffusion");
    const at = (measure: string, assets: number): number | undefined =>
      points.find((p) => p.measure === measure && p.assets === assets)?.value;
    expect(at("correlation error / floor", 1)).toBeUndefined();
    expect(at("correlation error / floor", 2)).toBeCloseTo(4.5, 12);
    expect(at("discriminative score", 2)).toBe(0.3);
    expect(at("worst KS / market KS", 2)).toBeCloseTo(2, 12);
    const chart = qualityAssetsChart(records);
    expect(chart.id).toBe("quality-assets");
    expect(JSON.stringify(chart.spec)).toContain("assets in the hedge set (count)");
  });

  it("the text counts each source's targets met per hedge set and names the statistics missed most (ties in the order first missed)", () => {
    const [, sig] = qualityTargetsText(records);
    expect(sig).toBe(
      "sigdiffusion meets 1/2 on A, 1/4 on A+B; missed most: KS log-return 30d (2), correlation error (Frobenius) (1), discriminative score (1).",
    );
  });
});
