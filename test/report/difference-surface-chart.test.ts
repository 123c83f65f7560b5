import { describe, expect, it } from "vitest";
import {
  DIFFERENCE_CHART_WIDTH,
  differenceCells,
  differenceSurfaceChart,
  moneynessTicks,
} from "../../src/report/difference-surface-chart.js";
import { renderChartSvg } from "../../src/report/render-chart.js";
import { fakeDifferenceSurfaces } from "./figure-fixture.js";

type Grid = { vconcat: { transform: { filter: { oneOf: string[] } }[] }[] };

describe("the difference-from-delta surfaces: differenceSurfaceChart", () => {
  it("holds every drawable cell of every asset, and none of a surface with no data", () => {
    const surfaces = fakeDifferenceSurfaces();
    const cells = differenceCells(surfaces);
    // 6 cells for each of 3 surfaces with data; rnn · regime-bs on MSFT has none.
    expect(cells).toHaveLength(18);
    expect(cells.filter((c) => c.strategy === "rnn · regime-bs" && c.asset === "MSFT")).toEqual([]);
    expect(cells.find((c) => c.strategy === "rnn · market" && c.asset === "MSFT")).toMatchObject({
      m0: 0.9,
      m1: 1,
      t0: 2.5,
      t1: 3.5,
      difference: 0.2,
    });
  });

  it("wraps the assets into rows of panels that fit the page's column", () => {
    const assets = ["A", "B", "C", "D", "E", "F", "G", "H"];
    const chart = differenceSurfaceChart(fakeDifferenceSurfaces(assets));
    const groups = (chart.spec as unknown as Grid).vconcat.map((g) => g.transform[0]!.filter.oneOf);
    expect(groups.flat()).toEqual(assets);
    expect(groups.length).toBeGreaterThan(1);
    for (const group of groups) expect(group.length * 130 + 330).toBeLessThanOrEqual(DIFFERENCE_CHART_WIDTH);
    expect((differenceSurfaceChart(fakeDifferenceSurfaces()).spec as unknown as Grid).vconcat).toHaveLength(
      1,
    );
  });

  it("states the full range in its caption and renders with titled axes", async () => {
    const chart = differenceSurfaceChart(fakeDifferenceSurfaces());
    expect(chart.caption).toMatch(/range from -1\.200 to 1\.500/);
    const svg = await renderChartSvg(chart);
    expect(svg).toContain(">moneyness S/K</text>");
    expect(svg).toContain(">days to maturity</text>");
  });

  it("puts at most four moneyness ticks on round values inside the range", () => {
    expect(moneynessTicks(0.9, 1.1)).toEqual([0.9, 0.95, 1, 1.05, 1.1].filter((_, k) => k % 2 === 0));
    expect(moneynessTicks(0.885, 1.147)).toEqual([0.9, 1, 1.1]);
    expect(moneynessTicks(1, 1)).toEqual([]);
  });
});
