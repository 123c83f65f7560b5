import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build-report.js";
import { renderChartSvg } from "../../src/report/render-chart.js";
import { renderReport } from "../../src/report/render-report.js";
import { riskAcrossHedgeSetsChart } from "../../src/report/risk-across-hedge-sets-chart.js";
import { fakeReportData, withPaired } from "./report-fixture.js";
import { fakeDifferenceSurfaces, fakeHedgePaths } from "./figure-fixture.js";

const fake = fakeReportData();
/** The made-up study with its learned rows paired with delta, as a run writes them (Figure 3 draws the pairs). */
const data = { ...fake, results: withPaired(fake.results) };

/** Every URL-like reference of an HTML or SVG text, but the XML namespaces. */
function externalReferences(text: string): string[] {
  const namespaces = new Set(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]);
  return [...text.matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/g)]
    .map((m) => m[0])
    .filter((url) => !namespaces.has(url));
}

describe("renderChartSvg", () => {
  it("draws a chart to SVG with its marks and titled axes, and no external reference", async () => {
    const svg = await renderChartSvg(riskAcrossHedgeSetsChart(data.results));
    expect(svg).toMatch(/^<svg role="img" aria-label="Figure 3\./);
    expect(svg).toContain("role-axis-title");
    expect(svg).toContain(">hedge set</text>");
    expect(
      (svg.match(/aria-roledescription="symbol mark"|aria-roledescription="point"/g) ?? []).length,
    ).toBeGreaterThan(0);
    expect(externalReferences(svg)).toEqual([]);
    // Vega's counters are global: the same chart drawn again gives the same SVG.
    expect(await renderChartSvg(riskAcrossHedgeSetsChart(data.results))).toBe(svg);
  });
});

describe("buildReport and renderReport", () => {
  it("lays the sections out in the paper's order with the four figures", () => {
    const doc = buildReport(data);
    expect(doc.sections.map((s) => s.id)).toEqual([
      "sources",
      "regimes",
      "results",
      "paper-claims",
      "surfaces",
      "difference-surfaces",
      "hedge-paths",
      "pnl",
      "training",
      "quality",
      "notes",
    ]);
    const charts = doc.sections.flatMap((s) => s.charts.map((c) => c.id));
    expect(charts).toEqual([
      "figure-1",
      "figure-2",
      "figure-3",
      "figure-4",
      "pnl-histograms",
      "training-curves",
    ]);
  });

  it("says why a section is empty instead of drawing an empty figure", () => {
    const { returns: _r, regimes: _g, ...rest } = data;
    const doc = buildReport({ ...rest, training: [], surfaces: [], quality: [] });
    const regimes = doc.sections.find((s) => s.id === "regimes")!;
    expect(regimes.charts).toEqual([]);
    expect(regimes.text[0]).toMatch(/fitted no regime model/);
    expect(doc.sections.find((s) => s.id === "training")!.text).toEqual([
      "No model was trained in this run.",
    ]);
  });

  it("draws the difference surfaces and the hedge on a path when the run recorded them, and says a newer run is needed when not", () => {
    const drawn = buildReport({
      ...data,
      hedgePaths: fakeHedgePaths(["AAPL"]),
      differenceSurfaces: fakeDifferenceSurfaces(),
    });
    const charts = (id: string): string[] => drawn.sections.find((s) => s.id === id)!.charts.map((c) => c.id);
    expect(charts("difference-surfaces")).toEqual(["figure-difference-surfaces"]);
    expect(charts("hedge-paths")).toEqual(["figure-hedge-paths"]);
    const old = buildReport(data);
    for (const [id, file] of [
      ["difference-surfaces", "difference-surfaces.json"],
      ["hedge-paths", "paths.json"],
    ] as const) {
      const section = old.sections.find((s) => s.id === id)!;
      expect(section.charts).toEqual([]);
      expect(section.text).toEqual([
        `This figure needs ${file}, which runs of an older hedgelab version did not write: run the study again to see it.`,
      ]);
    }
    const equal = buildReport({ ...data, hedgePaths: [] }).sections.find((s) => s.id === "hedge-paths")!;
    expect(equal.text[0]).toMatch(/equals the delta hedge's on every test window/);
  });

  it("is one self-contained page: inline SVG and CSS, no script, no external reference", async () => {
    const html = await renderReport(data);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    // Internal references point at definitions of the same chart.
    for (const [, id] of html.matchAll(/url\(#([^)]+)\)/g)) expect(html).toContain(` id="${id}"`);
    expect(html).toContain("url(#figure-4-def-0)");
    expect(externalReferences(html)).toEqual([]);
    expect((html.match(/<figure id="[^"]+" class="chart">\n<svg /g) ?? []).length).toBe(6);
    expect(html).toContain("<caption>Risk of every strategy on every hedge set (test windows)</caption>");
    expect(html).toContain("rnn · market");
  });
});
