import { describe, expect, it } from "vitest";
import {
  formatDifferenceSurfacesJson,
  formatPathsJson,
  parseDifferenceSurfacesJson,
  parsePathsJson,
} from "../../src/store/figure-files.js";
import { fakeDifferenceSurfaces, fakeHedgePaths } from "../report/figure-fixture.js";

describe("the report's figure files", () => {
  it("read back what was written: paths.json and difference-surfaces.json (NaN cells as null)", () => {
    const paths = fakeHedgePaths();
    expect(parsePathsJson(formatPathsJson(paths), "paths.json")).toEqual(paths);
    expect(parsePathsJson(formatPathsJson([]), "paths.json")).toEqual([]);
    const surfaces = fakeDifferenceSurfaces();
    const text = formatDifferenceSurfacesJson(surfaces);
    expect(text).toContain("null");
    expect(parseDifferenceSurfacesJson(text, "difference-surfaces.json")).toEqual(surfaces);
  });

  it("round series to 6 significant digits", () => {
    const [first] = fakeHedgePaths(["A"]);
    const written = formatPathsJson([{ ...first!, prices: Float64Array.from([100.123456789, 1 / 3]) }]);
    expect(parsePathsJson(written, "paths.json")[0]!.prices).toEqual(Float64Array.from([100.123, 0.333333]));
  });

  it("refuses surfaces of two hedge sets, and names the file and field of a bad entry", () => {
    const two = [...fakeDifferenceSurfaces(["A"]), ...fakeDifferenceSurfaces(["A", "B"])];
    expect(() => formatDifferenceSurfacesJson(two)).toThrow(/on another grid/);
    expect(() => parsePathsJson('{"windows": [{"hedge": []}]}', "paths.json")).toThrow(
      /^paths\.json: invalid windows\.0\.hedge/,
    );
    expect(() => parsePathsJson("{", "paths.json")).toThrow(/^paths\.json is not valid JSON/);
    const short = formatDifferenceSurfacesJson(fakeDifferenceSurfaces()).replace(
      '"difference":[',
      '"difference":[1,',
    );
    expect(() => parseDifferenceSurfacesJson(short, "difference-surfaces.json")).toThrow(
      "difference-surfaces.json: rnn · AAPL has 7 cells, expected 6",
    );
  });
});
