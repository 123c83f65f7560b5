import type { TopLevelSpec } from "vega-lite";
import { CHART_CONFIG, MODEL_COLOURS, roundForChart, type Chart } from "./chart.js";
import { hedgeLabel, strategyLabel, type ReportHedgePath } from "./report-data.js";
import { formatNumber } from "./risk-table.js";

/** One point of {@link hedgePathChart}: a day of one window, on one line. */
export interface HedgePathPoint {
  /** The panel: `strategy label|rank`. */
  panel: string;
  /** Day t of the window, 0..T. */
  day: number;
  /** `learned holding`, `delta holding` or `<underlying> price`. */
  line: string;
  /** Units held over [t, t + 1], or the rebased price on day t. */
  value: number;
}

/** The rows of a vertical concatenation, as Vega-Lite types them. */
type ConcatRows = Extract<TopLevelSpec, { vconcat: unknown }>["vconcat"];

/** Size of one window's panel in pixels (each row holds up to three, with both axes: about 1,000 px). */
const PANEL_WIDTH = 200;
const PANEL_HEIGHT = 110;

/**
 * "The hedge on a path": for every learned strategy of one hedge set (default: the first one's), the
 * test windows where its P&L differs most from the delta hedge's, one panel per window, one row per
 * strategy. Each panel draws the underlying's rebased price (grey, right axis, the strike dashed) and
 * both strategies' holdings of the underlying (left axis) as steps: the holding chosen on day t is held
 * until day t + 1.
 *
 * @param paths - windows of several strategies and hedge sets ({@link ReportHedgePath}); only `hedge`'s are drawn.
 * @param strike - K of the option, in rebased units.
 */
export function hedgePathChart(
  paths: readonly ReportHedgePath[],
  strike: number,
  hedge?: readonly string[],
): Chart {
  const target = hedgeLabel(hedge ?? paths[0]?.hedge ?? []);
  const chosen = paths.filter((p) => hedgeLabel(p.hedge) === target);
  const underlying = chosen[0]?.hedge[0] ?? "underlying";
  const price = `${underlying} price (right axis)`;
  const lines = ["learned holding", "delta holding", price];
  const points = hedgePathPoints(chosen);
  const strategies = [...new Set(chosen.map(strategyLabel))];
  const rows = strategies.map((label) => ({
    hconcat: chosen
      .filter((p) => strategyLabel(p) === label)
      .sort((a, b) => a.rank - b.rank)
      .map((p) => panel(p, underlying, strike, lines)),
  }));
  const others =
    chosen[0] && chosen[0].hedge.length > 1
      ? " (its holdings of the other hedge assets are in paths.json)"
      : "";
  return {
    id: "figure-hedge-paths",
    title: `The hedge on a path: the test windows where each learned strategy on ${target} differs most from delta`,
    caption:
      `One row per learned strategy, one panel per window, largest |P&L − delta P&L| first (the absolute difference of the two P&L on the same window; the panel's title gives it signed, learned − delta). ` +
      `Left axis: units of ${underlying} held, the learned strategy's${others} in colour and the delta hedge's in black, each held from day t to t + 1; ` +
      `right axis: the price of ${underlying} rebased to 100 on the window's first day, grey, with the strike ${strike} dashed.`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: { ...CHART_CONFIG, concat: { spacing: 16 }, title: { fontSize: 11, fontWeight: "normal" } },
      data: { values: points },
      // The panels are plain objects checked by Vega-Lite's compiler (and the tests); typed here once.
      vconcat: rows as unknown as ConcatRows,
      resolve: { scale: { color: "shared" } },
    },
  };
}

/** The points of {@link hedgePathChart}: per window, the price (T + 1 days) and both holdings as steps (T + 1 points, the last repeating day T − 1's). */
export function hedgePathPoints(paths: readonly ReportHedgePath[]): HedgePathPoint[] {
  const points: HedgePathPoint[] = [];
  for (const p of paths) {
    const panel = `${strategyLabel(p)}|${p.rank}`;
    const price = `${p.hedge[0]} price (right axis)`;
    p.prices.forEach((value, day) => points.push({ panel, day, line: price, value: roundForChart(value) }));
    const steps = (line: string, values: ArrayLike<number>): void => {
      for (let day = 0; day <= values.length; day++) {
        const value = values[Math.min(day, values.length - 1)]!;
        points.push({ panel, day, line, value: roundForChart(value) });
      }
    };
    steps("learned holding", p.holdings[0]!);
    steps("delta holding", p.deltaHoldings);
  }
  return points;
}

function panel(p: ReportHedgePath, underlying: string, strike: number, lines: string[]): object {
  const id = `${strategyLabel(p)}|${p.rank}`;
  const difference = p.pnl - p.deltaPnl;
  const steps = p.deltaHoldings.length;
  const colour = {
    field: "line",
    type: "nominal",
    title: null,
    sort: lines,
    scale: { domain: lines, range: [MODEL_COLOURS[0]!, "#222222", "#aaaaaa"] },
    legend: { orient: "top", direction: "horizontal" },
  };
  const x = {
    field: "day",
    type: "quantitative",
    title: "trading day of the window",
    scale: { domain: [0, steps], nice: false },
    axis: { values: dayTicks(steps) },
  };
  return {
    title: {
      text: [
        strategyLabel(p),
        `window from ${p.start}`,
        `P&L learned − delta ${difference > 0 ? "+" : ""}${formatNumber(difference, 3)}`,
      ],
    },
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    transform: [{ filter: { field: "panel", equal: id } }],
    layer: [
      {
        layer: [
          {
            transform: [{ filter: { field: "line", oneOf: [lines[2]] } }],
            mark: { type: "line", strokeWidth: 1.2 },
            encoding: {
              x,
              y: {
                field: "value",
                type: "quantitative",
                title: `${underlying} price`,
                scale: { zero: false },
                axis: { orient: "right", tickCount: 4, grid: false },
              },
              color: colour,
            },
          },
          {
            data: { values: [{ strike }] },
            mark: { type: "rule", strokeDash: [4, 3], color: "#aaaaaa" },
            encoding: { y: { field: "strike", type: "quantitative" } },
          },
        ],
      },
      {
        transform: [{ filter: { field: "line", oneOf: lines.slice(0, 2) } }],
        mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5 },
        encoding: {
          x,
          y: {
            field: "value",
            type: "quantitative",
            title: `holding of ${underlying}`,
            axis: { tickCount: 4 },
          },
          color: colour,
        },
      },
    ],
    resolve: { scale: { y: "independent" } },
  };
}

/** Ticks of the day axis: every 5 or 10 days, and T. */
function dayTicks(steps: number): number[] {
  const step = steps > 30 ? 10 : 5;
  const ticks: number[] = [];
  for (let d = 0; d < steps; d += step) ticks.push(d);
  if (steps - ticks[ticks.length - 1]! < step / 2) ticks.pop();
  ticks.push(steps);
  return ticks;
}
