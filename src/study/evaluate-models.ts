import { HedgelabError } from "../errors.js";
import type { PriceTable } from "../data/price-table.js";
import { loadEmbeddedPrices, loadImpliedVolatility, loadPrices } from "../data/load-prices.js";
import { resolvePeriod } from "../data/date-periods.js";
import { rollingWindows } from "../data/rolling-windows.js";
import { tickerSpelling } from "../data/validate-prices.js";
import { hedgeTickers, respellEntry } from "../data/hedge-sets.js";
import { hasListedOption, withListedOptions } from "../instruments/listed-options.js";
import { savedListedPricing } from "./listed-pricing.js";
import { labelRegimes } from "../generators/regime-model.js";
import { DeltaHedge } from "../hedgers/delta-hedge.js";
import { NoHedge } from "../hedgers/no-hedge.js";
import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { restoreRegimeModel, type Period } from "../market/fitted-parameters.js";
import { labelWindows } from "../market/market-regimes.js";
import type { RunConfig } from "../config/run-config.js";
import { summarizeTraining, type EvaluatedModel, type RunResult } from "./run-study.js";
import {
  deltaBlackScholesPrice,
  deltaVolatility,
  evaluateStrategy,
  pairWithDelta,
} from "./strategy-evaluation.js";
import type { PathBatch } from "../data/path-batch.js";
import {
  checkEnsembleMembers,
  isSavedEnsemble,
  rowModel,
  rowPolicy,
  rowSource,
  savedModelLabels,
  type SavedEnsemble,
  type SavedModel,
  type SavedRow,
} from "./saved-model.js";
import { VERSION } from "../version.js";
import { sourceEntry } from "../sources/registry.js";
import { ensembleUntrainedReason } from "../training/training-outcome.js";
import { learnedUntrainedNote } from "./untrained-note.js";

export type { SavedEnsemble, SavedModel } from "./saved-model.js";

/** Options of {@link evaluateModels}. */
export interface EvaluateModelsOptions {
  /** Prices to use instead of `config.data.prices` (or the embedded data). */
  prices?: PriceTable;
  /** Implied volatilities for `delta.volatility: "implied"`. */
  impliedVolatility?: PriceTable;
  /** Score test windows that overlap a model's training or validation period, labelled in-sample; default false (refused). */
  inSample?: boolean;
  /** Ensembles to score after the models, each one row averaging its members' holdings. */
  ensembles?: readonly SavedEnsemble[];
}

/** What {@link evaluateModels} computed: a {@link RunResult}, with the windows each holding was taken on. */
export interface ModelsEvaluation extends RunResult {
  /** The test windows of each hedge set: rebased prices [N, T + 1, H] and their start index in `dates`. */
  windows: { hedge: string[]; paths: PathBatch }[];
  /** The dates of the price table the windows were cut from. */
  dates: readonly string[];
}

const overlaps = (a: Period, b: Period | undefined): boolean =>
  b !== undefined && a.start <= b.end && b.start <= a.end;

/**
 * Scores saved hedgers, and ensembles of them, beside the delta hedge and no hedge on the test
 * period `config.data.periods.test` of any price file (default: the models' own test period),
 * without re-splitting it: the windows are cut from the test period only, and every fitted parameter
 * comes from each model's training run (the delta hedge's training volatility, the regime model),
 * never from the new data. Any number of models may share a hedge set; rows that share a hedge set
 * and a training volatility share their delta and no-hedge rows, and each learned row is paired with
 * that delta hedge on the same windows. Rows are named by {@link savedModelLabels}.
 *
 * @param config - the evaluation's configuration: option, T, stride, metrics, seed and the test period.
 * @throws HedgelabError when the test period lies outside the data, is shorter than a window, or
 *   overlaps a model's training or validation period (unless `inSample`), when the models hedge
 *   different options, when an ensemble's members cannot be averaged ({@link checkEnsembleMembers})
 *   or when two rows are given the same name.
 */
export function evaluateModels(
  config: RunConfig,
  models: readonly SavedModel[],
  options: EvaluateModelsOptions = {},
): ModelsEvaluation {
  const ensembles = options.ensembles ?? [];
  const rows: SavedRow[] = [...models, ...ensembles];
  if (rows.length === 0) throw new HedgelabError("evaluate needs at least one --model or --ensemble");
  ensembles.forEach(checkEnsembleMembers);
  for (const row of rows) {
    const model = rowModel(row);
    const same =
      model.config.data.steps === config.data.steps &&
      model.config.option.kind === config.option.kind &&
      model.config.option.strike === config.option.strike &&
      model.config.option.barrier === config.option.barrier;
    if (!same)
      throw new HedgelabError(
        `model ${row.name} hedges a ${model.config.option.kind} struck at ${model.config.option.strike} over T = ${model.config.data.steps}, ` +
          `not the ${config.option.kind} struck at ${config.option.strike} over T = ${config.data.steps} of this evaluation`,
      );
  }
  const labels = savedModelLabels(rows);
  const files = config.data.prices;
  const table = options.prices ?? (files ? loadPrices(files) : loadEmbeddedPrices());
  const sources = [...new Set(table.origins.map((origin) => origin.file))];
  let text = config.data.periods?.test;
  if (text === undefined) {
    const tests = new Set(
      rows.map((row) => `${rowModel(row).fitted.test.start}..${rowModel(row).fitted.test.end}`),
    );
    if (tests.size > 1)
      throw new HedgelabError(
        `the models were tested on different periods (${[...tests].join(", ")}): give the test period with --test FROM..TO`,
      );
    text = [...tests][0]!;
  }
  const span = resolvePeriod(table, text, {
    name: "data.periods.test",
    steps: config.data.steps,
    openEnd: true,
  });
  const test: Period = { start: span.start, end: span.end };
  const evaluated: EvaluatedModel[] = rows.map((row, k) => {
    const { train, validation } = rowModel(row).fitted;
    const inside = overlaps(test, train) ? train : overlaps(test, validation) ? validation : undefined;
    if (inside && !options.inSample) {
      const part = inside === train ? "training" : "validation";
      throw new HedgelabError(
        `invalid data.periods.test: ${JSON.stringify(text)} (${test.start}..${test.end} overlaps the ${part} period ` +
          `${inside.start}..${inside.end} of model ${row.name}: choose a test period outside it, or give --in-sample to score it labelled in-sample)`,
      );
    }
    return {
      name: row.name,
      strategy: labels[k]!,
      hedge: rowModel(row).hedge,
      train,
      ...(validation ? { validation } : {}),
      sample: inside ? "in-sample" : "out-of-sample",
      ...(isSavedEnsemble(row) ? { members: row.members.map((m) => m.name) } : {}),
    };
  });
  const implied =
    config.delta.volatility === "implied"
      ? (options.impliedVolatility ?? loadImpliedVolatility(config.data.impliedVolatility))
      : undefined;
  const { steps, stride } = config.data;
  // Rows that share a hedge set and a training volatility share one delta and one no-hedge row: one group each.
  const groups = new Map<string, number[]>();
  rows.forEach((row, k) => {
    const { hedge, fitted } = rowModel(row);
    const key = `${hedge.join("+")}|${fitted.volatility.volatility}|${fitted.train.start}`;
    groups.set(key, [...(groups.get(key) ?? []), k]);
  });
  const evaluations: StrategyEvaluation[] = [];
  const evaluationSources: (string | undefined)[] = [];
  const notes: string[] = [];
  const windows = new Map<string, { hedge: string[]; paths: PathBatch }>();
  let testWindows: RunResult["testWindows"] = { start: [], end: [] };
  let windowCount = 0;
  for (const members of groups.values()) {
    let delta: StrategyEvaluation | undefined;
    let deltaVol: Float64Array | undefined;
    let price: number | undefined;
    for (const k of members) {
      const row = rows[k]!;
      const model = rowModel(row);
      // Regime labels come from the saved regime model (training scaler and mixture), never refitted.
      const { fitted } = model;
      const hedge = model.hedge.map((entry) =>
        respellEntry(entry, (ticker) => tickerSpelling(table, ticker)),
      );
      let paths = rollingWindows(table, { tickers: hedgeTickers(hedge), steps, stride, span });
      if (fitted.regimes && sourceEntry(model.config.training.data).regimeLabels) {
        const regimeModel = restoreRegimeModel(fitted.regimes);
        const regimes = labelRegimes(regimeModel, table, span);
        paths = labelWindows(paths, { model: regimeModel, labels: regimes, offset: span.startIndex });
      }
      // Listed options are priced by Black–Scholes at the saved training volatility of the underlying.
      if (hasListedOption(hedge)) paths = withListedOptions(paths, hedge, savedListedPricing(hedge, fitted));
      if (!windows.has(hedge.join("+"))) windows.set(hedge.join("+"), { hedge, paths });
      windowCount = paths.n;
      testWindows = {
        start: [...(paths.startDates ?? [])],
        end: Array.from(paths.startIndex ?? [], (d) => table.dates[d + steps]!),
      };
      if (!delta) {
        const feature = deltaVolatility(config, table, hedge[0]!, paths, fitted.volatility, implied);
        notes.push(`${feature.description} (from the training run of model ${row.name})`);
        deltaVol = feature.values;
        price = deltaBlackScholesPrice(config, paths, feature.values);
        const bs = price !== undefined ? { blackScholesPrice: price } : {};
        delta = {
          ...evaluateStrategy(config, new DeltaHedge({ rate: config.delta.rate }), paths, feature.values),
          ...bs,
        };
        evaluations.push(delta, { ...evaluateStrategy(config, new NoHedge(), paths), ...bs });
        evaluationSources.push(undefined, undefined);
      }
      const untrained = ensembleUntrainedReason(
        (isSavedEnsemble(row) ? row.members : [row]).map((m) => m.trained.fit),
      );
      // The delta's volatility goes to the model too: a residual model's base delta reads it (base realized or implied).
      const evaluation = {
        ...evaluateStrategy(config, rowPolicy(row), paths, deltaVol),
        strategy: labels[k]!,
        ...(untrained ? { untrained } : {}),
        ...(price !== undefined ? { blackScholesPrice: price } : {}),
      };
      // Paired with the delta hedge of the model's own training volatility, on the same windows.
      evaluations.push(pairWithDelta(config, [delta, evaluation])[1]!);
      evaluationSources.push(rowSource(row));
    }
  }
  const untrainedNote = learnedUntrainedNote(evaluations, evaluationSources);
  if (untrainedNote) notes.push(untrainedNote);
  const training = rows.flatMap((row, k) =>
    (isSavedEnsemble(row) ? row.members : [row]).map(({ name, trained, model }) => ({
      ...summarizeTraining(trained, isSavedEnsemble(row) ? `${labels[k]!} member ${name}` : labels[k]!),
      data: model.config.training.data,
    })),
  );
  const { start: _start, end: _end, ...data } = config.data;
  return {
    config: { ...config, data: { ...data, periods: { test: `${test.start}..${test.end}` } } },
    version: VERSION,
    sources,
    split: { test: { ...span, dates: span.endIndex - span.startIndex + 1, windows: windowCount } },
    testWindows,
    notes,
    training,
    evaluations,
    evaluationSources,
    evaluated,
    windows: [...windows.values()],
    dates: table.dates,
  };
}
