import { describe, expect, it } from "vitest";
import type { QualityTargetRecord } from "../../src/evaluation/quality-targets.js";
import { formatQualityTargetsCsv, parseQualityTargetsCsv } from "../../src/store/quality-targets-csv.js";

const records: QualityTargetRecord[] = [
  {
    source: "sigdiffusion",
    hedge: ["AAPL", "MSFT"],
    statistic: "acf |r| lag 1",
    asset: "AAPL",
    value: 0.0123456789,
    lower: -0.02,
    upper: 0.1,
    reference: 0.04,
    pass: true,
  },
  {
    source: "sigdiffusion",
    hedge: ["AAPL", "MSFT"],
    statistic: "rejection rate",
    asset: "all",
    value: 0.3,
    lower: -Infinity,
    upper: 0.05,
    reference: Number.NaN,
    pass: false,
  },
];

describe("quality-targets.csv", () => {
  it("reads back exactly what was written, unbounded ends and missing references included", () => {
    const text = formatQualityTargetsCsv(records);
    expect(text.split("\n")[0]).toBe("source,hedge,statistic,asset,value,lower,upper,reference,pass");
    expect(text.split("\n")[2]).toBe(
      "sigdiffusion,AAPL+MSFT,rejection rate,all,0.3,-Infinity,0.05,NaN,false",
    );
    expect(parseQualityTargetsCsv(text, "quality-targets.csv")).toEqual(records);
  });

  it("names the file and line of a pass that is not true or false", () => {
    const text = formatQualityTargetsCsv(records).replace(",false\n", ",maybe\n");
    expect(() => parseQualityTargetsCsv(text, "quality-targets.csv")).toThrow(
      'quality-targets.csv line 3: pass must be true or false, not "maybe"',
    );
  });
});
