import { hedgeTickers } from "../data/hedge-sets.js";
import { hedgeSetPaths, listedPricingNote } from "./listed-pricing.js";
import { selectAssets } from "../data/path-batch.js";
import type { PriceTable } from "../data/price-table.js";
import { DeltaHedge } from "../hedgers/delta-hedge.js";
import { EnsemblePolicy } from "../hedgers/ensemble-policy.js";
import type { HedgingPolicy } from "../hedgers/hedging-policy.js";
import { NoHedge } from "../hedgers/no-hedge.js";
import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { holdingSurface } from "../evaluation/holding-surface.js";
import type { ReportDifferenceSurface, ReportHedgePath, ReportSurface } from "../report/report-data.js";
import { defineCell, type Cell } from "../graph/cell.js";
import type { MarketData } from "../market/market-data.js";
import { fittedParameters } from "../market/fitted-parameters.js";
import type { RunConfig, SourceName, StrategyName } from "../config/run-config.js";
import type { StudyRunContext } from "./study-context.js";
import {
  deltaBlackScholesPrice,
  deltaVolatility,
  evaluateStrategy,
  pairWithDelta,
  withBlackScholesPrice,
} from "./strategy-evaluation.js";
import type { TrainedPolicy } from "./train-policy.js";
import type { TrainingPaths } from "../sources/source-entry.js";
import { differenceSurfaceRecords, hedgePathRecords } from "./figure-records.js";
import { ensembleUntrainedReason, untrainedReason } from "../training/training-outcome.js";

/** The trainings of one learned strategy on one source of a hedge set: one cell per training seed. */
export interface LearnedGroup {
  strategy: StrategyName;
  source: SourceName;
  /** The training cells, one per seed, with the seed when the run trains several. */
  members: { cell: Cell<TrainedPolicy, StudyRunContext>; seed?: number }[];
}

/** What the evaluation of one hedge set gives. */
export interface HedgeSetEvaluation {
  /** One evaluation per strategy (learned ones per source and seed, then their ensemble), paired with delta. */
  evaluations: StrategyEvaluation[];
  /** The training source of each evaluation of a learned strategy (undefined for a baseline). */
  sources: (string | undefined)[];
  /** The holding surface of each evaluation (Figure 4). */
  surfaces: ReportSurface[];
  /** Each learned evaluation's windows of largest difference from delta ({@link hedgePathRecords}). */
  hedgePaths: ReportHedgePath[];
  /** Each learned evaluation's difference-from-delta surfaces, one per hedge asset ({@link differenceSurfaceRecords}). */
  differenceSurfaces: ReportDifferenceSurface[];
  /** Lines for the user: the delta hedge's volatility, trainings that diverged. */
  notes: string[];
  /** The label of each training's rows, in order of the groups and members. */
  labels: string[];
}

/**
 * The cell of a hedge set's evaluation on the test windows of `market`: every strategy of
 * `config.strategies` in order — the delta hedge (with the configured volatility, from the training
 * span by default), no hedge, and every learned strategy of `groups` (each training seed, and their
 * ensemble of averaged holdings when there are several) — each with its holding surface, then the
 * paired comparison of every learned strategy with the delta hedge ({@link pairWithDelta}), and each
 * learned strategy's windows of largest difference from delta and difference-from-delta surfaces per
 * hedge asset. Recomputed in every run (cheap). With `test`, a simulated world's paths of the hedge
 * set are the test set instead of the market's test windows (`--test-source`, known-answer studies).
 */
export function evaluationCell(
  config: RunConfig,
  hedge: readonly string[],
  market: Cell<MarketData, StudyRunContext>,
  groups: readonly LearnedGroup[],
  implied: PriceTable | undefined,
  test?: Cell<TrainingPaths, StudyRunContext>,
): Cell<HedgeSetEvaluation, StudyRunContext> {
  const inputs: Cell<unknown, StudyRunContext>[] = [
    market,
    ...groups.flatMap((g) => g.members.map((m) => m.cell)),
    ...(test ? [test] : []),
  ];
  return defineCell<typeof inputs, HedgeSetEvaluation, StudyRunContext>({
    kind: "evaluation",
    label: `evaluation of ${hedge.join("+")}`,
    identity: {
      hedge,
      evaluation: config.evaluation,
      delta: config.delta,
      option: config.option,
      seed: config.seed,
    },
    inputs,
    run: (outputs) => {
      const [data, ...trained] = outputs as unknown as [MarketData, ...TrainedPolicy[]];
      const simulated = test ? (outputs[outputs.length - 1] as TrainingPaths) : undefined;
      const prices = simulated ? simulated.paths : selectAssets(data.windows.test, hedgeTickers(hedge));
      const paths = hedgeSetPaths(data, hedge, prices, simulated);
      const fitted = fittedParameters(data, hedge);
      const rows: StrategyEvaluation[] = [];
      const result: HedgeSetEvaluation = {
        evaluations: [],
        sources: [],
        surfaces: [],
        hedgePaths: [],
        differenceSurfaces: [],
        notes: [],
        labels: [],
      };
      if (simulated) result.notes.push(`test set of ${hedge.join("+")}: ${simulated.source}`);
      const listed = listedPricingNote(data, hedge, prices, simulated);
      if (listed) result.notes.push(listed);
      const add = (evaluation: StrategyEvaluation, source: string | undefined): void => {
        rows.push(evaluation);
        result.sources.push(source);
        result.surfaces.push({
          hedge: [...hedge],
          strategy: evaluation.strategy,
          ...(source ? { source } : {}),
          surface: holdingSurface(paths, evaluation.holdings, config.option.strike),
        });
      };
      // The delta hedge's volatility on each window and date: the delta row's, and the base of the
      // residual learned rows (`delta.volatility` realized or implied), so that "− delta" is their own base.
      const needsBase = config.delta.volatility !== "training" && config.policy.output === "residual";
      const base =
        needsBase && (config.delta.volatility === "realized" || implied)
          ? deltaVolatility(config, data.table, hedge[0]!, paths, fitted.volatility, implied).values
          : undefined;
      let next = 0;
      let price: number | undefined;
      for (const name of config.strategies) {
        if (name === "delta" || name === "no-hedge") {
          let policy: HedgingPolicy = new NoHedge();
          let volatility: Float64Array | undefined;
          if (name === "delta") {
            policy = new DeltaHedge({ rate: config.delta.rate });
            const feature = deltaVolatility(config, data.table, hedge[0]!, paths, fitted.volatility, implied);
            result.notes.push(feature.description);
            volatility = feature.values;
            price = deltaBlackScholesPrice(config, paths, volatility);
          }
          add(evaluateStrategy(config, policy, paths, volatility), undefined);
          continue;
        }
        for (const group of groups.filter((g) => g.strategy === name)) {
          const members = group.members.map(() => trained[next++]!);
          members.forEach((member, k) => {
            const seed = group.members[k]!.seed;
            const strategy = seed !== undefined ? `${member.policy.name}:seed${seed}` : member.policy.name;
            result.labels.push(strategy);
            if (member.fit.diverged)
              result.notes.push(
                `${strategy} · ${group.source} on ${hedge.join("+")}: ${member.fit.diverged}`,
              );
            const untrained = untrainedReason(member.fit);
            add(
              {
                ...evaluateStrategy(config, member.policy, paths, base),
                strategy,
                ...(untrained ? { untrained } : {}),
              },
              group.source,
            );
          });
          if (members.length > 1) {
            // An ensemble of members that all kept their starting point did not train either.
            const untrained = ensembleUntrainedReason(members.map((m) => m.fit));
            add(
              {
                ...evaluateStrategy(config, new EnsemblePolicy(members.map((m) => m.policy)), paths, base),
                ...(untrained ? { untrained } : {}),
              },
              group.source,
            );
          }
        }
      }
      result.evaluations = withBlackScholesPrice(pairWithDelta(config, rows), price);
      const delta = rows.find((e) => e.strategy === "delta");
      const separation = Math.ceil(config.data.steps / config.data.stride);
      rows.forEach((evaluation, k) => {
        const source = result.sources[k];
        if (!delta || source === undefined) return;
        result.hedgePaths.push(...hedgePathRecords(paths, evaluation, delta, source, separation));
        result.differenceSurfaces.push(
          ...differenceSurfaceRecords(paths, evaluation, delta, source, config.option.strike),
        );
      });
      return result;
    },
  });
}

/** The notes of several hedge sets' evaluations (the delta hedge's volatility, divergences), each once, in order. */
export function evaluationNotes(evaluations: readonly HedgeSetEvaluation[]): string[] {
  return [...new Set(evaluations.flatMap((e) => e.notes))];
}
