import type { ReportDocument } from "./build-report.js";
import { CHART_CONFIG, roundForChart, type Chart } from "./chart.js";
import { renderChartSvg } from "./render-chart.js";
import type { ReportTable } from "./report-data.js";
import { renderReportHtml } from "./report-html.js";
import { formatNumber } from "./risk-table.js";

/** A difference with its interval and verdict, as the sweep report shows it. */
export interface SweepReportDifference {
  estimate: number;
  lower: number;
  upper: number;
  /** `worse`, `same`, `better`, with ` (indicative)`, or `too short to tell`. */
  verdict: string;
}

/** One trial of a sweep as the report reads it. */
export interface SweepReportTrial {
  index: number;
  /** The trial's value of each hyperparameter, by path: numbers, or text (lists as JSON). */
  values: Record<string, string | number>;
  /** The validation objective; undefined when it could not be measured (a non-finite P&L). */
  objective: number | undefined;
  /** Its difference from the chosen trial (absent for the chosen one). */
  vsChosen?: SweepReportDifference;
  /** Its difference from the delta hedge on the same hedge sets. */
  vsDelta?: SweepReportDifference;
  /** Mean epochs run and mean kept epoch of its trainings, and how many diverged. */
  epochs: number;
  kept: number;
  diverged: number;
}

/** A hyperparameter of the sweep and the axis it is drawn on. */
export interface SweepReportParameter {
  /** Its configuration path (`training.learningRate`). */
  path: string;
  /** Log or linear for numbers, nominal for anything else (lists, words). */
  scale: "log" | "linear" | "nominal";
  /** The order of a nominal axis: the values as the space lists them. */
  order?: string[];
}

/** What the sweep report shows. */
export interface SweepReportData {
  title: string;
  /** Lines of the header: data, validation period, version and seed. */
  header: string[];
  /** How the objective is written (`entropic λ=1.3`). */
  measureTitle: string;
  parameters: SweepReportParameter[];
  trials: SweepReportTrial[];
  /** The number of the chosen trial, if any. */
  chosen?: number;
  /** The file holding the chosen configuration, relative to the results folder (`chosen.json`). */
  chosenFile?: string;
  /** A sentence when the chosen values sit at an edge of the space (the best may lie outside it). */
  edges?: string;
  /** Lines for the user (the delta hedge's volatility, divergences). */
  notes: string[];
}

/**
 * The sweep's report as data: a summary written from the numbers, the trials ranked by validation
 * risk with their differences from the chosen trial and from delta, and the validation risk against
 * each hyperparameter.
 */
export function buildSweepReport(data: SweepReportData): ReportDocument {
  return {
    title: data.title,
    header: data.header,
    sections: [
      { id: "summary", title: "Summary", text: sweepText(data), charts: [], tables: [trialsTable(data)] },
      {
        id: "against-hyperparameters",
        title: "Validation risk against each hyperparameter",
        text: [
          "Every trial is a point at its value of the hyperparameter; the chosen trial is orange, and the dashed line its validation risk. " +
            "A bar is the 95% interval of a trial's risk relative to the chosen one's (the same windows paired): a bar that crosses the dashed line is a trial the validation period cannot tell from the chosen one.",
        ],
        charts: [sweepRiskChart(data)],
        tables: [],
      },
    ],
  };
}

/** The sweep report as one self-contained HTML page. */
export async function renderSweepReport(data: SweepReportData): Promise<string> {
  const document = buildSweepReport(data);
  const svgs = new Map<string, string>();
  for (const section of document.sections)
    for (const chart of section.charts) svgs.set(chart.id, await renderChartSvg(chart));
  return renderReportHtml(document, svgs);
}

/** A value as the report prints it. */
function shown(value: string | number | undefined): string {
  return value === undefined ? "–" : typeof value === "number" ? String(value) : value;
}

/** A difference as `+0.123 [0.010, 0.236] worse`. */
function differenceText(d: SweepReportDifference | undefined): string {
  if (d === undefined) return "–";
  const f = (x: number): string => (Number.isFinite(x) ? formatNumber(x, 3) : "n/a");
  return `${d.estimate > 0 ? "+" : ""}${f(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${d.verdict}`;
}

/** Sentences written from the numbers: the choice, how many trials cannot be told from it, and the chosen trial against delta. */
export function sweepText(data: SweepReportData): string[] {
  const chosen = data.trials.find((t) => t.index === data.chosen);
  if (!chosen)
    return [
      `No trial could be scored: every one has a training whose validation P&L is not finite.`,
      ...data.notes,
    ];
  const values = data.parameters.map((p) => `${p.path} ${shown(chosen.values[p.path])}`).join(", ");
  const others = data.trials.length - 1;
  const same = data.trials.filter((t) => t.vsChosen?.verdict.startsWith("same")).length;
  const out = [
    `${data.trials.length} trials; the chosen one is trial ${chosen.index} (${values}), with the least mean validation ${data.measureTitle} of its trainings, ${formatNumber(chosen.objective ?? NaN, 4)}. ` +
      `The selection read the validation windows only; no trial was evaluated on the test windows.`,
  ];
  if (others > 0)
    out.push(
      `${same} of ${others} other trial${others === 1 ? "" : "s"} cannot be told from it on the validation windows (their interval reaches 0)` +
        (same > others / 2
          ? ": the validation period does not single out one configuration, so the choice among these is close to arbitrary."
          : "."),
    );
  if (data.edges) out.push(`The chosen ${data.edges.replace(/; widen it there$/, "")}.`);
  if (chosen.vsDelta)
    out.push(
      `Against the delta hedge on the same validation windows, the chosen trial's mean risk differs by ${differenceText(chosen.vsDelta)}. ` +
        "The chosen configuration was picked on these windows, so this difference flatters it: its out-of-sample record is the test period's, with hedgelab run.",
    );
  if (data.chosenFile)
    out.push(
      `Its configuration is ${data.chosenFile}: hedgelab run --config ${data.chosenFile} evaluates it on the test windows, reading its trainings from the cache.`,
    );
  return [...out, ...data.notes];
}

/** Every trial, least validation risk first. */
function trialsTable(data: SweepReportData): ReportTable {
  const key = (t: SweepReportTrial): number => t.objective ?? Number.POSITIVE_INFINITY;
  const ranked = [...data.trials].sort((a, b) => key(a) - key(b) || a.index - b.index);
  return {
    title: `Trials ranked by mean validation ${data.measureTitle}`,
    columns: [
      "trial",
      ...data.parameters.map((p) => p.path),
      "validation risk",
      "− chosen [95%]",
      "− delta [95%]",
      "epochs (kept)",
    ],
    rows: ranked.map((t) => [
      t.index,
      ...data.parameters.map((p) => shown(t.values[p.path])),
      t.objective === undefined ? "n/a" : formatNumber(t.objective, 4),
      t.index === data.chosen ? "chosen" : differenceText(t.vsChosen),
      differenceText(t.vsDelta),
      `${formatNumber(t.epochs, 1)} (${formatNumber(t.kept, 1)})${t.diverged > 0 ? `, ${t.diverged} diverged` : ""}`,
    ]),
  };
}

/**
 * The validation risk of every trial against each hyperparameter, one panel per hyperparameter (up to
 * three a row): the trials as points, the chosen one highlighted with a dashed line at its risk, and
 * each other trial's 95% interval relative to the chosen one (chosen risk + the paired difference's ends).
 */
export function sweepRiskChart(data: SweepReportData): Chart {
  const chosen = data.trials.find((t) => t.index === data.chosen);
  const base = chosen?.objective;
  // The chosen trial last, so that its point is drawn over the others.
  const ordered = [...data.trials].sort(
    (a, b) => Number(a.index === data.chosen) - Number(b.index === data.chosen),
  );
  const points = ordered.flatMap((t) =>
    t.objective === undefined
      ? []
      : [
          {
            trial: t.index,
            role: t.index === data.chosen ? "chosen" : "other trials",
            risk: roundForChart(t.objective),
            ...(base !== undefined && t.vsChosen && Number.isFinite(t.vsChosen.lower)
              ? {
                  lower: roundForChart(base + t.vsChosen.lower),
                  upper: roundForChart(base + t.vsChosen.upper),
                }
              : {}),
            ...Object.fromEntries(data.parameters.map((p, k) => [`p${k}`, t.values[p.path] ?? null])),
          } as Record<string, unknown>,
        ],
  );
  const colour = {
    field: "role",
    type: "nominal" as const,
    title: "trial",
    sort: ["chosen", "other trials"],
    scale: { domain: ["chosen", "other trials"], range: ["#f28e2b", "#4e79a7"] },
  };
  const panel = (p: SweepReportParameter, k: number) => {
    const x =
      p.scale === "nominal"
        ? {
            field: `p${k}`,
            type: "ordinal" as const,
            title: p.path,
            sort: p.order ?? null,
            axis: { labelAngle: 0 },
          }
        : {
            field: `p${k}`,
            type: "quantitative" as const,
            title: p.path,
            scale: p.scale === "log" ? { type: "log" as const, padding: 12 } : { zero: false, padding: 12 },
            axis: {
              values: axisValues(
                points.map((q) => q[`p${k}`]),
                p.scale,
              ),
              // Vega would cut a format's precision to the ticks' spacing (64 as "6e+1"): the value as written.
              labelExpr: "format(datum.value, '~g')",
              labelOverlap: false,
              labelFlush: false,
            },
          };
    const y = {
      field: "risk",
      type: "quantitative" as const,
      title: "validation risk",
      scale: { zero: false },
    };
    return {
      width: 230,
      height: 200,
      layer: [
        ...(base !== undefined
          ? [
              {
                mark: { type: "rule" as const, color: "#f28e2b", strokeDash: [4, 3] },
                encoding: { y: { datum: roundForChart(base) } },
              },
            ]
          : []),
        {
          mark: { type: "rule" as const, strokeWidth: 1, color: "#8aa9c9" },
          encoding: { x, y: { field: "lower", type: "quantitative" as const }, y2: { field: "upper" } },
        },
        {
          mark: { type: "point" as const, filled: true, size: 40 },
          encoding: { x, y, color: colour },
        },
      ],
    };
  };
  return {
    id: "validation-risk",
    title: `Validation ${data.measureTitle} against each hyperparameter`,
    caption:
      "Mean validation risk of each trial's trainings (lower is better); bars: the trial's 95% block-jackknife interval relative to the chosen trial, on the same validation windows.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: points },
      columns: Math.min(3, data.parameters.length),
      concat: data.parameters.map(panel),
      resolve: { scale: { y: "shared" } },
    },
  };
}

/**
 * The ticks of a numeric hyperparameter's axis, few enough that no labels overlap in a panel: the
 * values the trials took when there are six or fewer; else, on a log axis, the powers of ten between
 * the least and the greatest (their ends when none); else five evenly spaced values.
 */
export function axisValues(values: readonly unknown[], scale: "log" | "linear"): number[] {
  const numbers = [
    ...new Set(values.filter((v): v is number => typeof v === "number" && Number.isFinite(v))),
  ].sort((a, b) => a - b);
  if (numbers.length <= 6) return numbers;
  const low = numbers[0]!;
  const high = numbers[numbers.length - 1]!;
  if (scale === "log") {
    const powers: number[] = [];
    for (let e = Math.ceil(Math.log10(low)); e <= Math.floor(Math.log10(high)); e++)
      powers.push(Number(`1e${e}`));
    return powers.length >= 2 ? powers : [low, high].map((x) => Number(x.toPrecision(2)));
  }
  return Array.from({ length: 5 }, (_, i) => Number((low + ((high - low) * i) / 4).toPrecision(3)));
}
