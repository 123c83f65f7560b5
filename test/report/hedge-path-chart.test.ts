import { describe, expect, it } from "vitest";
import { hedgePathChart, hedgePathPoints } from "../../src/report/hedge-path-chart.js";
import { renderChartSvg } from "../../src/report/render-chart.js";
import { fakeHedgePaths } from "./figure-fixture.js";

describe("the hedge on a path: hedgePathChart", () => {
  const paths = fakeHedgePaths();

  it("gives each window its price on days 0..T and both holdings of the underlying as steps to day T", () => {
    const points = hedgePathPoints(paths.slice(0, 1));
    const line = (name: string): number[] => points.filter((p) => p.line === name).map((p) => p.value);
    expect(line("AAPL price (right axis)")).toEqual([100, 102, 99, 102, 104]);
    // The holding chosen on day t is held until day t + 1: day T repeats day T − 1's.
    expect(line("learned holding")).toEqual([0.5, 0.6, 0.4, 0.7, 0.7]);
    expect(line("delta holding")).toEqual([0.5, 0.55, 0.45, 0.65, 0.65]);
    expect(new Set(points.map((p) => p.panel))).toEqual(new Set(["rnn · market|1"]));
  });

  it("draws one row per learned strategy and one panel per window, titled with the signed difference", () => {
    const chart = hedgePathChart([...paths, ...fakeHedgePaths(["AAPL"])], 100, ["AAPL", "MSFT"]);
    const spec = chart.spec as unknown as { vconcat: { hconcat: { title: { text: string[] } }[] }[] };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat.map((row) => row.hconcat.length)).toEqual([3, 3]);
    expect(spec.vconcat[0]!.hconcat.map((p) => p.title.text)).toEqual([
      ["rnn · market", "window from 2020-01-01", "P&L learned − delta +3.000"],
      ["rnn · market", "window from 2020-02-01", "P&L learned − delta +2.000"],
      ["rnn · market", "window from 2020-03-01", "P&L learned − delta +1.000"],
    ]);
    expect(chart.title).toContain("on AAPL+MSFT");
    expect(chart.caption).toContain("holdings of the other hedge assets are in paths.json");
  });

  it("renders to SVG with both axes titled", async () => {
    const svg = await renderChartSvg(hedgePathChart(fakeHedgePaths(["AAPL"]), 100));
    expect(svg).toContain(">holding of AAPL</text>");
    expect(svg).toContain(">AAPL price</text>");
    expect(svg).toContain(">trading day of the window</text>");
  });
});
