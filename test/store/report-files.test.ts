import { describe, expect, it } from "vitest";
import {
  formatRegimesCsv,
  formatReturnsCsv,
  formatSurfacesCsv,
  parseRegimesCsv,
  parseReturnsCsv,
  parseSurfacesCsv,
} from "../../src/store/report-files.js";
import { fakeReportData } from "../report/report-fixture.js";

const data = fakeReportData();

describe("the report's CSV files", () => {
  it("read back exactly what was written (holding surfaces, returns, regimes)", () => {
    expect(parseSurfacesCsv(formatSurfacesCsv(data.surfaces), "surfaces.csv")).toEqual(data.surfaces);
    expect(parseReturnsCsv(formatReturnsCsv(data.returns!), "returns.csv")).toEqual(data.returns);
    expect(parseRegimesCsv(formatRegimesCsv(data.regimes!), "regimes.csv")).toEqual(data.regimes);
  });

  it("name the file, line and column of a value that is not a number", () => {
    const text = formatReturnsCsv(data.returns!).replace(/\n(AAPL,training,market,)[^\n]+/, "\n$1oops");
    expect(() => parseReturnsCsv(text, "returns.csv")).toThrow(
      'returns.csv line 2: "oops" in column return is not a number',
    );
    expect(() => parseSurfacesCsv("hedge,strategy\nA,delta\n", "surfaces.csv")).toThrow(
      'surfaces.csv: missing column "source"',
    );
  });
});
