import type { PairedMetric } from "../evaluation/paired-comparison.js";
import { PAIRED_TITLES } from "../evaluation/paired-table.js";
import type { PnlSummary } from "../evaluation/pnl-summary.js";
import type { ReportDocument, ReportSection } from "./build-report.js";
import { CHART_CONFIG, roundForChart, strategyColourScale, type Chart } from "./chart.js";
import { renderChartSvg } from "./render-chart.js";
import type { ReportTable } from "./report-data.js";
import { renderReportHtml } from "./report-html.js";
import { formatNumber } from "./risk-table.js";

/** A paired difference learned − baseline as the backtest report shows it. */
export interface BacktestDifference {
  hedge: string;
  strategy: string;
  /** `delta`, or another learned strategy. */
  baseline: string;
  /** `mean`, `std`, `cvar` or `entropic`. */
  metric: PairedMetric;
  estimate: number;
  lower: number;
  upper: number;
  /** The verdict as the tables print it (`better`, `same`, `too short to tell`, …). */
  verdict: string;
  /** Blocks J and block length ℓ (windows) of the interval, when known. */
  blocks?: number;
  blockLength?: number;
}

/** One strategy of one hedge set over the pooled record: per window, in time order. */
export interface BacktestSeries {
  hedge: string;
  strategy: string;
  learned: boolean;
  /** P&L per window, [N]. */
  pnl: readonly number[];
  /** Mean holding of the underlying over each window, [N]. */
  holding: readonly number[];
}

/** A backtest at one cost, as the report reads it. */
export interface BacktestCostData {
  /** Proportional cost (0.0005 is 5 basis points). */
  cost: number;
  /** First date and fold of each pooled test window, [N]. */
  windows: { start: readonly string[]; fold: readonly string[] };
  series: BacktestSeries[];
  /** The pooled record's metrics of every strategy. */
  pooled: { hedge: string; strategy: string; summary: PnlSummary }[];
  /** The pooled record's paired differences (with delta, and between learned strategies). */
  pooledDifferences: BacktestDifference[];
  /** Each fold's paired differences with delta, by fold name. */
  foldDifferences: (BacktestDifference & { fold: string })[];
}

/** What the backtest report shows. */
export interface BacktestReportData {
  title: string;
  /** Lines of the header: data, folds, option, version and seed. */
  header: string[];
  /** Each fold's test period, in time order. */
  folds: { name: string; start: string; end: string; windows: number }[];
  /** One backtest per cost, in the order run (the first is the main one). */
  costs: BacktestCostData[];
}

/** A proportional cost in basis points, for titles (`5 bp`). */
export function basisPoints(cost: number): string {
  return `${+(cost * 1e4).toFixed(4)} bp`;
}

/**
 * The walk-forward backtest's report as data: a summary written from the pooled differences and
 * each fold's; the cumulative P&L difference learned − delta over time with the fold boundaries;
 * Δentropic and ΔCVaR95 per fold with their intervals; the mean holding of the underlying against
 * delta's over time; the pooled risk and paired tables; and, with several costs, the pooled
 * differences against cost.
 */
export function buildBacktestReport(data: BacktestReportData): ReportDocument {
  const main = data.costs[0]!;
  const sections: ReportSection[] = [
    {
      id: "summary",
      title: "Summary",
      text: backtestText(data),
      charts: [],
      tables: [],
    },
    {
      id: "over-time",
      title: "The learned hedgers against delta over time",
      text: [
        `Cost ${basisPoints(main.cost)}. The folds' test periods follow one another; every model of a fold was trained and selected on dates before its test period only.`,
      ],
      charts: [cumulativeDifferenceChart(data, main), foldDifferenceChart(data, main), holdingChart(main)],
      tables: [],
    },
    {
      id: "pooled",
      title: "The pooled out-of-sample record",
      text: [
        `Every fold's test windows in time order (${main.windows.start.length} windows), cost ${basisPoints(main.cost)}.`,
      ],
      charts: [],
      tables: data.costs.flatMap((c) => [pooledRiskTable(c), differenceTable(c)]),
    },
  ];
  if (data.costs.length > 1)
    sections.push({
      id: "costs",
      title: "Against transaction costs",
      text: [
        "Each cost is a backtest of its own: the learned hedgers are trained under the cost they are scored with; delta rebalances every day and pays it.",
      ],
      charts: [costChart(data)],
      tables: [],
    });
  return { title: data.title, header: data.header, sections };
}

/** The backtest report as one self-contained HTML page. */
export async function renderBacktestReport(data: BacktestReportData): Promise<string> {
  const document = buildBacktestReport(data);
  const svgs = new Map<string, string>();
  for (const section of document.sections)
    for (const chart of section.charts) svgs.set(chart.id, await renderChartSvg(chart));
  return renderReportHtml(document, svgs);
}

/** A verdict counts as a finding only when it is neither indicative nor too short to tell. */
function firm(verdict: string): "better" | "worse" | "same" | undefined {
  return verdict === "better" || verdict === "worse" || verdict === "same" ? verdict : undefined;
}

/** Sentences written from the numbers: per hedge set and learned strategy, the pooled verdicts and the folds. */
export function backtestText(data: BacktestReportData): string[] {
  const out: string[] = [];
  const main = data.costs[0]!;
  const f = (x: number): string => formatNumber(x, 3);
  const signed = (x: number): string => (x > 0 ? `+${f(x)}` : f(x));
  const keys = [
    ...new Set(
      main.pooledDifferences.filter((d) => d.baseline === "delta").map((d) => `${d.hedge}|${d.strategy}`),
    ),
  ];
  out.push(
    `${data.folds.length} fold${data.folds.length === 1 ? "" : "s"}, ${main.windows.start.length} out-of-sample test windows (${data.folds[0]?.start}..${data.folds[data.folds.length - 1]?.end}). ` +
      "A verdict is printed only where the interval's coverage was measured at 93% or more for that record length; " +
      "others are indicative, and a record of too few blocks is too short to tell.",
  );
  for (const key of keys) {
    const [hedge, strategy] = key.split("|") as [string, string];
    const differences = main.pooledDifferences.filter(
      (d) => d.hedge === hedge && d.strategy === strategy && d.baseline === "delta",
    );
    const words = differences.map(
      (d) => `${PAIRED_TITLES[d.metric]} ${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${d.verdict}`,
    );
    const better = differences
      .filter((d) => firm(d.verdict) === "better")
      .map((d) => PAIRED_TITLES[d.metric]);
    const worse = differences.filter((d) => firm(d.verdict) === "worse").map((d) => PAIRED_TITLES[d.metric]);
    const headline =
      better.length === 0 && worse.length === 0
        ? `${strategy} on ${hedge}: no significant difference from delta on the pooled record`
        : `${strategy} on ${hedge}: ` +
          [
            ...(better.length > 0 ? [`better than delta on ${better.join(", ")}`] : []),
            ...(worse.length > 0 ? [`worse than delta on ${worse.join(", ")}`] : []),
          ].join("; ");
    const foldText = (["mean", "entropic"] as const)
      .map((metric) => foldSentence(main, hedge, strategy, metric))
      .join(" ");
    const same = foldsEqualToDelta(main, hedge, strategy);
    const sameText =
      same.length > 0
        ? ` Its P&L equals delta's on every window of ${same.length} of ${data.folds.length} folds (${same.join(", ")}): there the training kept its initial weights, which are the delta hedge.`
        : "";
    out.push(`${headline} (${words.join("; ")}). ${foldText}${sameText}`);
  }
  if (data.costs.length > 1) {
    for (const key of keys) {
      const [hedge, strategy] = key.split("|") as [string, string];
      const byCost = data.costs.map((c) => {
        const d = c.pooledDifferences.find(
          (x) =>
            x.hedge === hedge && x.strategy === strategy && x.baseline === "delta" && x.metric === "entropic",
        );
        return d
          ? `${basisPoints(c.cost)} ${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${d.verdict}`
          : `${basisPoints(c.cost)} –`;
      });
      out.push(`Δentropic of ${strategy} on ${hedge} against cost: ${byCost.join("; ")}.`);
    }
  }
  return out;
}

/**
 * One sentence on a metric's differences fold by fold: the folds where the verdict is better or worse
 * and can be read so; where no fold's verdict can (indicative, or too short to tell), the folds where
 * the estimate favours either side, said to be point estimates.
 */
function foldSentence(cost: BacktestCostData, hedge: string, strategy: string, metric: PairedMetric): string {
  const title = PAIRED_TITLES[metric];
  const folds = cost.foldDifferences.filter(
    (d) => d.hedge === hedge && d.strategy === strategy && d.metric === metric && d.baseline === "delta",
  );
  if (folds.length === 0) return "";
  const named = (v: string): string[] => folds.filter((d) => firm(d.verdict) === v).map((d) => d.fold);
  if (folds.some((d) => firm(d.verdict) !== undefined))
    return `By fold, ${title} is better in ${list(named("better"))} and worse in ${list(named("worse"))}.`;
  const good =
    metric === "mean"
      ? (d: BacktestDifference): boolean => d.estimate > 0
      : (d: BacktestDifference): boolean => d.estimate < 0;
  const bad =
    metric === "mean"
      ? (d: BacktestDifference): boolean => d.estimate < 0
      : (d: BacktestDifference): boolean => d.estimate > 0;
  const favour = folds.filter(good).map((d) => d.fold);
  const against = folds.filter(bad).map((d) => d.fold);
  const why = folds.every((d) => d.verdict === "too short to tell")
    ? `No fold is long enough for a ${title} verdict (too short to tell)`
    : `No fold's ${title} verdict can be read as more than indicative`;
  return `${why}; its point estimate favours the learned hedger in ${favour.length} of ${folds.length} folds (${list(favour)}) and delta in ${list(against)}.`;
}

/** The folds in which the learned strategy's P&L equals delta's on every window (its training kept the initial weights). */
export function foldsEqualToDelta(cost: BacktestCostData, hedge: string, strategy: string): string[] {
  const learned = cost.series.find((s) => s.hedge === hedge && s.strategy === strategy);
  const delta = cost.series.find((s) => s.hedge === hedge && s.strategy === "delta");
  if (!learned || !delta) return [];
  const differs = new Set<string>();
  learned.pnl.forEach((x, i) => {
    if (x !== delta.pnl[i]) differs.add(cost.windows.fold[i]!);
  });
  return [...new Set(cost.windows.fold)].filter((fold) => !differs.has(fold));
}

function list(names: readonly string[]): string {
  return names.length === 0 ? "none" : names.join(", ");
}

/** The learned hedgers' colour domain: every learned strategy on every hedge set, `strategy · hedge`. */
function learnedSeries(cost: BacktestCostData): BacktestSeries[] {
  return cost.series.filter((s) => s.learned);
}

/** The cumulative sum of learned − delta P&L over the pooled windows, with the folds' starts as rules. */
export function cumulativeDifferenceChart(data: BacktestReportData, cost: BacktestCostData): Chart {
  const points: { date: string; line: string; value: number }[] = [];
  const several = new Set(learnedSeries(cost).map((s) => s.strategy)).size > 1;
  for (const series of learnedSeries(cost)) {
    const delta = cost.series.find((s) => s.hedge === series.hedge && s.strategy === "delta");
    if (!delta) continue;
    let sum = 0;
    const line = several ? `${series.strategy} · ${series.hedge}` : series.hedge;
    series.pnl.forEach((x, i) => {
      sum += x - delta.pnl[i]!;
      points.push({ date: cost.windows.start[i]!, line, value: roundForChart(sum) });
    });
  }
  const lines = [...new Set(points.map((p) => p.line))];
  return {
    id: "cumulative-difference",
    title: "Cumulative P&L difference, learned − delta",
    caption:
      "The running sum over the pooled test windows (by first date) of the learned hedger's P&L minus delta's on the same window; " +
      "rising: the learned hedger earned more. Windows overlap, so a day counts in several windows. Grey rules: the folds' test periods start.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      width: 680,
      height: 260,
      layer: [
        {
          data: { values: data.folds.map((f) => ({ date: f.start, fold: f.name })) },
          mark: { type: "rule", color: "#cccccc" },
          encoding: {
            x: { field: "date", type: "temporal", axis: { labelOverlap: "greedy", labelSeparation: 6 } },
          },
        },
        {
          data: { values: points },
          mark: { type: "line", strokeWidth: 1.2 },
          encoding: {
            x: {
              field: "date",
              type: "temporal",
              title: "window start",
              axis: { labelOverlap: "greedy", labelSeparation: 6 },
            },
            y: { field: "value", type: "quantitative", title: "cumulative learned − delta P&L" },
            color: {
              field: "line",
              type: "nominal",
              title: several ? "strategy · hedge set" : "hedge set",
              sort: lines,
              scale: strategyColourScale(lines),
            },
          },
        },
      ],
    },
  };
}

/** Δentropic and ΔCVaR95 (learned − delta) of every fold with their intervals. */
export function foldDifferenceChart(data: BacktestReportData, cost: BacktestCostData): Chart {
  const several = new Set(cost.foldDifferences.map((d) => d.strategy)).size > 1;
  const points = cost.foldDifferences
    .filter((d) => d.baseline === "delta" && (d.metric === "entropic" || d.metric === "cvar"))
    .map((d) => ({
      fold: d.fold,
      metric: PAIRED_TITLES[d.metric],
      line: several ? `${d.strategy} · ${d.hedge}` : d.hedge,
      estimate: roundForChart(d.estimate),
      lower: roundForChart(d.lower),
      upper: roundForChart(d.upper),
      verdict: d.verdict,
    }));
  const lines = [...new Set(points.map((p) => p.line))];
  const folds = data.folds.map((f) => f.name);
  const x = {
    field: "fold",
    type: "ordinal" as const,
    title: "fold (test period)",
    sort: folds,
    axis: { labelAngle: -45 },
  };
  return {
    id: "fold-differences",
    title: "Δentropic and ΔCVaR95 per fold, learned − delta",
    caption:
      "Each point is a fold's difference on its own test windows with its 95% block-jackknife interval; below 0: the learned hedger left less risk. " +
      "A year holds few blocks of overlapping windows, so single folds are mostly too short to tell; the pooled record is what decides.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: points },
      facet: { row: { field: "metric", type: "nominal", title: null, sort: ["Δentropic", "ΔCVaR95"] } },
      spec: {
        width: 680,
        height: 170,
        layer: differenceLayers(x, lines, several ? "strategy · hedge set" : "hedge set"),
      },
      resolve: { scale: { y: "independent" } },
    },
  };
}

/** The monthly mean holding of the underlying of every strategy but no hedge, per hedge set, over time. */
export function holdingChart(cost: BacktestCostData): Chart {
  const points: { month: string; hedge: string; strategy: string; holding: number }[] = [];
  const hedges = [...new Set(cost.series.map((s) => s.hedge))];
  for (const series of cost.series) {
    if (series.strategy === "no-hedge") continue;
    const months = new Map<string, { sum: number; n: number }>();
    series.holding.forEach((h, i) => {
      const month = `${cost.windows.start[i]!.slice(0, 7)}-01`;
      const entry = months.get(month) ?? { sum: 0, n: 0 };
      entry.sum += h;
      entry.n++;
      months.set(month, entry);
    });
    for (const [month, { sum, n }] of months)
      points.push({ month, hedge: series.hedge, strategy: series.strategy, holding: roundForChart(sum / n) });
  }
  const strategies = [...new Set(points.map((p) => p.strategy))];
  return {
    id: "holdings-over-time",
    title: "Mean holding of the underlying over time",
    caption:
      "Units of the option's underlying held, averaged over each window's dates and over the windows starting in a month, for each strategy; " +
      "the delta hedge in black. One panel per hedge set.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: points },
      facet: {
        row: {
          field: "hedge",
          type: "nominal",
          title: null,
          sort: hedges,
          header: { labelAngle: 0, labelAlign: "left" },
        },
      },
      spec: {
        width: 560,
        height: 90,
        mark: { type: "line", strokeWidth: 1 },
        encoding: {
          x: {
            field: "month",
            type: "temporal",
            title: "month of the window's start",
            axis: { labelOverlap: "greedy", labelSeparation: 6 },
          },
          y: { field: "holding", type: "quantitative", title: "holding" },
          color: {
            field: "strategy",
            type: "nominal",
            title: "strategy",
            sort: strategies,
            scale: strategyColourScale(strategies),
          },
        },
      },
    },
  };
}

/** The pooled Δentropic and ΔCVaR95 of every learned hedger against the cost, with intervals. */
export function costChart(data: BacktestReportData): Chart {
  const several =
    new Set(data.costs.flatMap((c) => c.series.filter((s) => s.learned).map((s) => s.strategy))).size > 1;
  const points = data.costs.flatMap((c) =>
    c.pooledDifferences
      .filter((d) => d.baseline === "delta" && (d.metric === "entropic" || d.metric === "cvar"))
      .map((d) => ({
        cost: +(c.cost * 1e4).toFixed(4),
        metric: PAIRED_TITLES[d.metric],
        line: several ? `${d.strategy} · ${d.hedge}` : d.hedge,
        estimate: roundForChart(d.estimate),
        lower: roundForChart(d.lower),
        upper: roundForChart(d.upper),
      })),
  );
  const lines = [...new Set(points.map((p) => p.line))];
  const x = { field: "cost", type: "ordinal" as const, title: "proportional cost (bp)" };
  return {
    id: "cost-differences",
    title: "Pooled Δentropic and ΔCVaR95 against transaction cost",
    caption:
      "Each point is the pooled record's difference learned − delta at one cost, with its 95% block-jackknife interval; below 0: the learned hedger left less risk.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: points },
      facet: { column: { field: "metric", type: "nominal", title: null, sort: ["Δentropic", "ΔCVaR95"] } },
      spec: {
        width: 250,
        height: 220,
        layer: differenceLayers(x, lines, several ? "strategy · hedge set" : "hedge set"),
      },
      resolve: { scale: { y: "independent" } },
    },
  };
}

/**
 * The layers of a chart of differences learned − baseline with their intervals, one offset and colour
 * per `line` (a hedge set, or strategy · hedge set) at each `x`: a dashed rule at 0, each interval a
 * rule from `lower` to `upper`, each estimate a point.
 */
function differenceLayers(
  x: { field: string; type: "ordinal"; title: string; sort?: string[]; axis?: { labelAngle: number } },
  lines: readonly string[],
  title: string,
) {
  const colour = {
    field: "line",
    type: "nominal" as const,
    title,
    sort: [...lines],
    scale: strategyColourScale(lines),
  };
  const xOffset = { field: "line", type: "nominal" as const, sort: [...lines] };
  return [
    { mark: { type: "rule" as const, color: "#999999", strokeDash: [3, 3] }, encoding: { y: { datum: 0 } } },
    {
      mark: { type: "rule" as const, strokeWidth: 1.2 },
      encoding: {
        x,
        xOffset,
        y: { field: "lower", type: "quantitative" as const, title: "learned − delta" },
        y2: { field: "upper" },
        color: colour,
      },
    },
    {
      mark: { type: "point" as const, filled: true, size: 30 },
      encoding: { x, xOffset, y: { field: "estimate", type: "quantitative" as const }, color: colour },
    },
  ];
}

/** The pooled record's risk of every strategy, narrow enough for the page. */
function pooledRiskTable(cost: BacktestCostData): ReportTable {
  const f = (x: number): string => formatNumber(x, 3);
  const first = cost.pooled[0]?.summary;
  const tail = (s: PnlSummary): string => {
    const t = s.tails.find((x) => x.level === 0.95) ?? s.tails[0];
    return t ? f(t.expectedShortfall) : "–";
  };
  return {
    title: `Pooled risk of every strategy, cost ${basisPoints(cost.cost)}`,
    columns: [
      "hedge set",
      "strategy",
      "mean",
      "mean CI",
      "std",
      "CVaR95",
      `entropic λ=${first?.riskAversion ?? ""}`,
      "price",
    ],
    rows: cost.pooled.map(({ hedge, strategy, summary: s }) => [
      hedge,
      strategy,
      f(s.mean),
      `[${f(s.meanInterval.lower)}, ${f(s.meanInterval.upper)}]`,
      f(s.std),
      tail(s),
      f(s.entropicRisk),
      f(s.indifferencePrice),
    ]),
  };
}

/** The pooled paired differences, one row per pair and metric. */
function differenceTable(cost: BacktestCostData): ReportTable {
  const f = (x: number): string => formatNumber(x, 3);
  return {
    title: `Pooled paired differences strategy − baseline, cost ${basisPoints(cost.cost)}`,
    columns: [
      "hedge set",
      "strategy − baseline",
      "metric",
      "estimate",
      "95% interval",
      "blocks × length",
      "verdict",
    ],
    rows: cost.pooledDifferences.map((d) => [
      d.hedge,
      `${d.strategy} − ${d.baseline}`,
      PAIRED_TITLES[d.metric],
      f(d.estimate),
      `[${f(d.lower)}, ${f(d.upper)}]`,
      d.blocks !== undefined ? `${d.blocks} × ${d.blockLength}` : `× ${d.blockLength ?? "–"}`,
      d.verdict,
    ]),
  };
}
