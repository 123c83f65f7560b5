import type { Chart } from "./chart.js";
import { holdingSurfaceChart } from "./holding-surface-chart.js";
import { pnlHistogramChart } from "./pnl-histogram-chart.js";
import { regimeTable } from "./regime-table.js";
import { regimeTimelineChart } from "./regime-timeline-chart.js";
import { hedgeLabel, type ReportData, type ReportTable } from "./report-data.js";
import { regimeText, returnsText, surfaceText, trainingText } from "./report-text.js";
import { resultsSummaryText } from "./summary-text.js";
import { differenceSurfaceChart } from "./difference-surface-chart.js";
import { hedgePathChart } from "./hedge-path-chart.js";
import { differenceSurfaceText, hedgePathText } from "./figure-text.js";
import { returnDistributionChart } from "./return-distribution-chart.js";
import { pairedPoints, riskAcrossHedgeSetsChart } from "./risk-across-hedge-sets-chart.js";
import { riskTable } from "./risk-table.js";
import { pairedComparisonTable } from "./paired-comparison-table.js";
import { paperClaims, paperClaimTables } from "./paper-claims.js";
import { trainingCurvesChart } from "./training-curves-chart.js";
import { untrainedText } from "./untrained-text.js";
import { qualityAssetsChart, qualityAssetsPoints } from "./quality-targets-chart.js";
import { qualityTargetsTables } from "./quality-targets-tables.js";
import { qualityTargetsText } from "./quality-targets-text.js";

/** One section of the report: a heading, sentences written from the numbers, figures and tables. */
export interface ReportSection {
  /** Anchor in the page. */
  id: string;
  title: string;
  /** Paragraphs, plain text. */
  text: string[];
  charts: Chart[];
  tables: ReportTable[];
}

/** The report as data: what {@link renderReportHtml} lays out. */
export interface ReportDocument {
  title: string;
  /** Lines of the header: data, split, option, version and seed. */
  header: string[];
  sections: ReportSection[];
}

/**
 * The sections of the difference-from-delta surfaces and of "the hedge on a path". A run folder written
 * before their files existed (difference-surfaces.json, paths.json) gets one sentence saying so.
 *
 * @param compared - whether the run has a learned strategy and the delta hedge to compare it with.
 */
function figureSections(data: ReportData, compared: boolean): ReportSection[] {
  const newer = (file: string): string =>
    `This figure needs ${file}, which runs of an older hedgelab version did not write: run the study again to see it.`;
  const none = "This run has no learned strategy or no delta hedge to compare.";
  const section = (id: string, title: string, text: string[], charts: Chart[]): ReportSection => ({
    id,
    title,
    text,
    charts,
    tables: [],
  });
  const surfaces = data.differenceSurfaces;
  const surfaceTitle = "Holdings against delta, every hedge asset";
  const paths = data.hedgePaths;
  const pathTitle = "The hedge on a path";
  const hedge = paths?.[0]?.hedge;
  return [
    !compared
      ? section("difference-surfaces", surfaceTitle, [none], [])
      : !surfaces
        ? section("difference-surfaces", surfaceTitle, [newer("difference-surfaces.json")], [])
        : surfaces.length === 0
          ? section("difference-surfaces", surfaceTitle, ["This run recorded no difference surfaces."], [])
          : section("difference-surfaces", surfaceTitle, differenceSurfaceText(surfaces), [
              differenceSurfaceChart(surfaces),
            ]),
    !compared
      ? section("hedge-paths", pathTitle, [none], [])
      : !paths
        ? section("hedge-paths", pathTitle, [newer("paths.json")], [])
        : !hedge
          ? section(
              "hedge-paths",
              pathTitle,
              [
                "Every learned strategy's P&L equals the delta hedge's on every test window: there is no window to show.",
              ],
              [],
            )
          : section("hedge-paths", pathTitle, hedgePathText(paths, data.results, hedge), [
              hedgePathChart(paths, data.meta.option.strike, hedge),
            ]),
  ];
}

/**
 * Lays out the report of a run as data, in the paper's order: data sources (Figure 1), regimes
 * (Figure 2), results across hedge sets (Figure 3 and the risk table), holding surfaces (Figure 4),
 * the difference-from-delta surfaces of every hedge asset and "the hedge on a path", then P&L distributions, training curves and the generators' quality. A section whose data the
 * run does not hold says so in one sentence instead of showing an empty figure.
 */
export function buildReport(data: ReportData): ReportDocument {
  const { meta } = data;
  const { split, option } = meta;
  const span = (s: (typeof split)["test"]): string =>
    `${s.start} to ${s.end} (${s.dates} dates, ${s.windows} windows)`;
  const periods = (p: { start: string; end: string }): string => `${p.start} to ${p.end}`;
  const evaluated = meta.evaluated;
  const inSample = evaluated?.some((m) => m.sample === "in-sample") ?? false;
  const header = [
    split.train && split.validation
      ? `Prices: ${meta.sources.join(", ")}. Training ${span(split.train)}; validation ${span(split.validation)}; test ${span(split.test)}.`
      : `Prices: ${meta.sources.join(", ")}. An evaluation of saved models (hedgelab evaluate) on the test period ${span(split.test)}.`,
    ...(evaluated ?? []).map(
      (m) =>
        `${m.strategy} on ${hedgeLabel(m.hedge)}: model ${m.name}, trained on ${periods(m.train)}` +
        `${m.validation ? `, validated on ${periods(m.validation)}` : ""}${m.sample === "in-sample" ? " (in-sample)" : ""}.`,
    ),
    meta.testSet
      ? `Known-answer study: every figure of results is on a simulated test set, ${meta.testSet} (its world in the notes of the run), not on the market's test windows; no model trained on these paths.`
      : inSample
        ? "IN-SAMPLE: some test windows overlap a model's training or validation period."
        : `Every figure of results is on the test windows, which no model saw in training or model selection.`,
    `A short ${option.description ?? `${option.kind} struck at ${option.strike}`} (every window rebased to S_0 = 100), T = ${option.steps} trading days, ` +
      `proportional cost ${option.cost}, premium ${option.premium}; P&L in rebased units.`,
    `hedgelab ${meta.version}, seed ${meta.seed}.`,
  ];
  const sections: ReportSection[] = [];
  const missing = (id: string, title: string, why: string): ReportSection => ({
    id,
    title,
    text: [why],
    charts: [],
    tables: [],
  });

  sections.push(
    data.returns
      ? {
          id: "sources",
          title: "Training data: return distributions",
          text: returnsText(data.returns),
          charts: [returnDistributionChart(data.returns)],
          tables: [],
        }
      : missing(
          "sources",
          "Training data: return distributions",
          evaluated
            ? "An evaluation of saved models records no training return samples (the run that trained them does)."
            : "This run recorded no return samples.",
        ),
  );
  sections.push(
    data.regimes
      ? {
          id: "regimes",
          title: "Market regimes",
          text: regimeText(data.regimes),
          charts: [regimeTimelineChart(data.regimes)],
          tables: [regimeTable(data.regimes)],
        }
      : missing(
          "regimes",
          "Market regimes",
          evaluated
            ? "An evaluation of saved models fits no regime model (each model keeps its training run's)."
            : "This run fitted no regime model (no hedger was trained on the regime-switching source).",
        ),
  );
  const paired = pairedComparisonTable(data.results);
  sections.push({
    id: "results",
    title: "Results across hedge sets",
    text: [...resultsSummaryText(data.results), ...untrainedText(data.results)],
    charts: pairedPoints(data.results).length > 0 ? [riskAcrossHedgeSetsChart(data.results)] : [],
    tables: [riskTable(data.results), ...(paired ? [paired] : [])],
  });
  if (!evaluated && data.results.some((r) => r.source !== undefined)) {
    const claims = paperClaims(data.results);
    const count = (verdict: string): number => claims.filter((c) => c.verdict === verdict).length;
    sections.push({
      id: "paper-claims",
      title: "The paper's claims",
      text: [
        "Each claim of the paper's section 5, checked on this run's test windows by the rule stated beside it, with the risk " +
          "figures the paper's Figure 3 leaves out and the leverage of the holdings. The verdicts speak of this run's hedgers: " +
          "the paper's own method is experiments/paper.json (experiments/paper-market.json on the market source alone; " +
          "docs/paper-method.md), and hedgelab's default hedgers are not it.",
        `Verdicts of the ${claims.length} claims here: holds ${count("holds")}, partly ${count("partly")}, ` +
          `does not hold ${count("does not hold")}, not run in this configuration ${count("not run")}.`,
      ],
      charts: [],
      tables: paperClaimTables(claims),
    });
  }
  const surfaceHedge = data.surfaces[0]?.hedge;
  const shownSurfaces = data.surfaces.filter(
    (s) => surfaceHedge && hedgeLabel(s.hedge) === hedgeLabel(surfaceHedge) && s.strategy !== "no-hedge",
  );
  sections.push(
    shownSurfaces.length > 0
      ? {
          id: "surfaces",
          title: "Holding surfaces",
          text: surfaceText(shownSurfaces),
          charts: [holdingSurfaceChart(data.surfaces, surfaceHedge)],
          tables: [],
        }
      : missing(
          "surfaces",
          "Holding surfaces",
          evaluated
            ? "An evaluation of saved models records no holding surfaces (hedgelab evaluate --holdings writes every holding)."
            : "This run recorded no holding surfaces.",
        ),
  );
  const learned = data.results.some((r) => r.source !== undefined);
  const delta = data.results.some((r) => r.strategy === "delta");
  sections.push(...figureSections(data, learned && delta));
  sections.push(
    learned && delta
      ? {
          id: "pnl",
          title: "P&L distributions against the delta hedge",
          text: [
            "Each learned strategy's P&L on the test windows against the delta hedge's on the same windows; the tables above give the tail measures.",
          ],
          charts: [pnlHistogramChart(data.results)],
          tables: [],
        }
      : missing(
          "pnl",
          "P&L distributions against the delta hedge",
          "This run has no learned strategy or no delta hedge to compare.",
        ),
  );
  sections.push(
    data.training.length > 0
      ? {
          id: "training",
          title: "Training curves",
          text: trainingText(data.training),
          charts: [trainingCurvesChart(data.training)],
          tables: [],
        }
      : missing("training", "Training curves", "No model was trained in this run."),
  );
  const targets = data.qualityTargets ?? [];
  sections.push(
    data.quality.length > 0 || targets.length > 0
      ? {
          id: "quality",
          title: "Generators' quality",
          text: [
            ...(targets.length > 0 ? qualityTargetsText(targets) : []),
            ...(data.quality.length > 0
              ? [
                  "Below the targets, the training paths of each generated source against the real market windows of the training and test periods, " +
                    "on the largest hedge set: statistics of each set, then distances (Kolmogorov–Smirnov of log-returns and realised " +
                    "volatilities, the correlation matrix's Frobenius error, the discriminative score: held-out accuracy − 0.5 of a classifier). " +
                    "The market training windows against the test windows are the floor: a generator cannot be expected to come closer to the test period than the real training data.",
                ]
              : []),
          ],
          charts: qualityAssetsPoints(targets).length > 0 ? [qualityAssetsChart(targets)] : [],
          tables: [...qualityTargetsTables(targets), ...data.quality],
        }
      : missing(
          "quality",
          "Generators' quality",
          evaluated
            ? "An evaluation of saved models generates no paths, so measures no generator quality."
            : "This run measured no generator quality.",
        ),
  );
  if (meta.notes.length > 0) {
    sections.push({ id: "notes", title: "Notes of the run", text: [...meta.notes], charts: [], tables: [] });
  }
  return { title: `hedgelab report: ${meta.name}`, header, sections };
}
