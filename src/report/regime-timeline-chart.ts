import { CHART_CONFIG, roundForChart, type Chart } from "./chart.js";
import type { RegimeTimeline } from "./report-data.js";

/** A run of consecutive days in one regime: one coloured band of Figure 2. */
export interface RegimeBand {
  /** First day of the run (ISO). */
  start: string;
  /** First day after the run, or the run's last day at the end of the data (ISO). */
  end: string;
  /** Regime label, as text (`regime 0`). */
  regime: string;
  /** Days in the run. */
  days: number;
}

/** The data of Figure 2: the proxy's price per day, the regime bands and where validation and test start. */
export interface RegimeTimelineData {
  prices: { date: string; value: number }[];
  bands: RegimeBand[];
  /** Where each span after the first starts; `row` staggers the labels (0, 1, …) so that they never overlap. */
  boundaries: { date: string; label: string; row: number }[];
}

/**
 * The paper's Figure 2: the market proxy (e.g. SPY) over the study period on a background coloured by
 * the regime of each day (the mixture fitted on the training span labels every day, validation and
 * test included, with no look-ahead), with the starts of the validation and test spans marked. The
 * price axis is logarithmic, so that a rise over the years does not flatten the early moves.
 */
export function regimeTimelineChart(timeline: RegimeTimeline): Chart {
  const data = regimeTimelineData(timeline);
  const regimes = [...new Set(timeline.regimes)].sort((a, b) => a - b).map((k) => `regime ${k}`);
  const x = { type: "temporal" as const, title: "date", scale: { type: "utc" as const } };
  return {
    id: "figure-2",
    title: `Figure 2. Market regimes on ${timeline.market}`,
    caption:
      `${timeline.market} price per day (adjusted close, on a log scale: equal heights are equal returns); the background is the regime of the day (${regimes.length} regimes, fitted on the training span only). ` +
      `Vertical lines mark the starts of the validation and test spans.`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      width: 760,
      height: 260,
      layer: [
        {
          data: { values: data.bands },
          mark: { type: "rect", opacity: 0.45 },
          encoding: {
            x: { field: "start", ...x },
            x2: { field: "end" },
            color: {
              field: "regime",
              type: "nominal",
              title: "regime",
              scale: { domain: regimes, scheme: "set2" },
            },
          },
        },
        {
          data: { values: data.prices },
          mark: { type: "line", color: "#222222", strokeWidth: 1 },
          encoding: {
            x: { field: "date", ...x },
            y: {
              field: "value",
              type: "quantitative",
              title: `${timeline.market} price (log scale)`,
              // The prices' own range, not whole decades: a 6× rise would otherwise sit in a corner.
              scale: { type: "log", nice: false, domain: priceDomain(timeline.values) },
              axis: { tickCount: 6 },
            },
          },
        },
        {
          data: { values: data.boundaries },
          mark: { type: "rule", strokeDash: [4, 3], color: "#555555" },
          encoding: { x: { field: "date", ...x } },
        },
        {
          data: { values: data.boundaries },
          transform: [{ calculate: "2 + 14 * datum.row", as: "offset" }],
          mark: { type: "text", align: "left", dx: 3, baseline: "top", fontSize: 11 },
          encoding: {
            x: { field: "date", ...x },
            y: { field: "offset", type: "quantitative", scale: null },
            text: { field: "label" },
          },
        },
      ],
      resolve: { scale: { color: "independent" } },
    },
  };
}

/** The rows of {@link regimeTimelineChart}: prices, runs of equal regime, and the span starts. */
export function regimeTimelineData(timeline: RegimeTimeline): RegimeTimelineData {
  const { dates, values, regimes, split } = timeline;
  const prices = dates.map((date, d) => ({ date, value: roundForChart(values[d]!) }));
  const bands: RegimeBand[] = [];
  let start = 0;
  for (let d = 1; d <= dates.length; d++) {
    if (d === dates.length || regimes[d] !== regimes[start]) {
      bands.push({
        start: dates[start]!,
        end: dates[Math.min(d, dates.length - 1)]!,
        regime: `regime ${regimes[start]}`,
        days: d - start,
      });
      start = d;
    }
  }
  const boundaries: RegimeTimelineData["boundaries"] = [];
  for (let d = 1; d < dates.length; d++) {
    if (split[d] !== split[d - 1])
      boundaries.push({ date: dates[d]!, label: split[d]!, row: boundaries.length });
  }
  return { prices, bands, boundaries };
}

/** The price axis' range: the lowest and highest price, 3% beyond each (a log scale needs both above 0). */
function priceDomain(values: Float64Array): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (!(v > 0)) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  if (!Number.isFinite(low)) return [1, 10];
  return [roundForChart(low / 1.03), roundForChart(high * 1.03)];
}
