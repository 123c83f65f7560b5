import { histogram } from "../math/histogram.js";
import { quantile } from "../math/quantile.js";
import { CHART_CONFIG, niceTicks, roundForChart, type Chart } from "./chart.js";
import type { ReturnSamples } from "./report-data.js";

/** Options of {@link returnDistributionChart}. */
export interface ReturnDistributionOptions {
  /** Number of bins over the common range; default 40. */
  bins?: number;
}

/** One histogram bin of one set in one panel of Figure 1. */
export interface ReturnDistributionRow {
  /** The panel: the training source. */
  source: string;
  /** `training`, `market validation` or `market test`. */
  set: string;
  /** Bin centre, as a return (0.05 = +5%). */
  x: number;
  /** Density of the set's returns in the bin (integrates to the fraction inside the range). */
  density: number;
}

/**
 * The paper's Figure 1: for each training source, the density of the underlying's T-day return
 * S_T/S_0 − 1 on its training set against the market validation and test windows, on one common range
 * (the 0.5% to 99.5% quantiles of all samples pooled) and the same bins, so that dispersion and tails
 * compare across panels.
 */
export function returnDistributionChart(
  samples: ReturnSamples,
  options: ReturnDistributionOptions = {},
): Chart {
  const { bins = 40 } = options;
  const rows = returnDistributionRows(samples, bins);
  const sources = Object.keys(samples.training);
  const xs = rows.map((r) => r.x);
  // Five labels at most on a 240 px panel ("−30%" is about 35 px wide).
  const ticks = niceTicks(Math.min(...xs), Math.max(...xs), 5);
  return {
    id: "figure-1",
    title: `Figure 1. Return distributions of ${samples.ticker}: training set of each source against market validation and test`,
    caption:
      `Density of the ${samples.ticker} return over one window (S_T/S_0 − 1), ${bins} bins over the pooled 0.5%–99.5% range; ` +
      `one panel per training source (${sources.join(", ")}); validation and test are always market windows.`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: rows },
      facet: { column: { field: "source", type: "nominal", title: "training source", sort: sources } },
      spec: {
        width: 240,
        height: 170,
        mark: { type: "line", interpolate: "step", strokeWidth: 1.5 },
        encoding: {
          x: {
            field: "x",
            type: "quantitative",
            title: "window return",
            axis: { format: "%", values: ticks },
          },
          y: { field: "density", type: "quantitative", title: "density" },
          color: {
            field: "set",
            type: "nominal",
            title: "set",
            scale: {
              domain: ["training", "market validation", "market test"],
              range: ["#4e79a7", "#f28e2b", "#59a14f"],
            },
          },
        },
      },
    },
  };
}

/** The rows of {@link returnDistributionChart}: every source's panel holds the same validation and test bins. */
export function returnDistributionRows(samples: ReturnSamples, bins = 40): ReturnDistributionRow[] {
  const pooled: number[] = [...samples.validation, ...samples.test];
  for (const values of Object.values(samples.training)) pooled.push(...values);
  const range: [number, number] = [quantile(pooled, 0.005), quantile(pooled, 0.995)];
  if (!(range[1] > range[0])) range[1] = range[0] + 1e-6;
  const rows: ReturnDistributionRow[] = [];
  const add = (source: string, set: string, values: Float64Array): void => {
    const h = histogram(values, { bins, range });
    for (let j = 0; j < bins; j++) {
      rows.push({
        source,
        set,
        x: roundForChart((h.edges[j]! + h.edges[j + 1]!) / 2),
        density: roundForChart(h.density[j]!),
      });
    }
  };
  for (const [source, values] of Object.entries(samples.training)) {
    add(source, "training", values);
    add(source, "market validation", samples.validation);
    add(source, "market test", samples.test);
  }
  return rows;
}
