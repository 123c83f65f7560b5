import { HedgelabError } from "../errors.js";
import type { PriceTable } from "../data/price-table.js";
import { loadEmbeddedPrices, loadImpliedVolatility, loadPrices } from "../data/load-prices.js";
import { resolvePeriod } from "../data/date-periods.js";
import { rollingWindows } from "../data/rolling-windows.js";
import { tickerSpelling } from "../data/validate-prices.js";
import { labelRegimes } from "../generators/regime-model.js";
import { DeltaHedge } from "../hedgers/delta-hedge.js";
import { NoHedge } from "../hedgers/no-hedge.js";
import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { restoreRegimeModel, type Period } from "../market/fitted-parameters.js";
import { labelWindows } from "../market/market-regimes.js";
import type { ModelFile } from "../store/model-file.js";
import type { RunConfig } from "../config/run-config.js";
import { summarizeTraining, type EvaluatedModel, type RunResult } from "./run-study.js";
import { deltaVolatility, evaluateStrategy, pairWithDelta } from "./strategy-evaluation.js";
import type { TrainedPolicy } from "./train-policy.js";
import { VERSION } from "../version.js";
import { sourceEntry } from "../sources/registry.js";

/** A saved model to score: its name (folder), file, content and the rebuilt hedger. */
export interface SavedModel {
  name: string;
  file: string;
  model: ModelFile;
  trained: TrainedPolicy;
}

/** Options of {@link evaluateModels}. */
export interface EvaluateModelsOptions {
  /** Prices to use instead of `config.data.prices` (or the embedded data). */
  prices?: PriceTable;
  /** Implied volatilities for `delta.volatility: "implied"`. */
  impliedVolatility?: PriceTable;
  /** Score test windows that overlap a model's training or validation period, labelled in-sample; default false (refused). */
  inSample?: boolean;
}

const overlaps = (a: Period, b: Period | undefined): boolean =>
  b !== undefined && a.start <= b.end && b.start <= a.end;

/**
 * Scores saved hedgers beside the delta hedge and no hedge on the test period `config.data.periods.test`
 * of any price file (default: the models' own test period), without re-splitting it: the windows
 * are cut from the test period only, and every fitted parameter comes from each model's training run
 * (the delta hedge's training volatility, the regime model), never from the new data. Models that
 * share a hedge set and a training volatility share their delta and no-hedge rows.
 *
 * @param config - the evaluation's configuration: option, T, stride, metrics, seed and the test period.
 * @throws HedgelabError when the test period lies outside the data, is shorter than a window, or
 *   overlaps a model's training or validation period (unless `inSample`), or when the models hedge
 *   different options.
 */
export function evaluateModels(
  config: RunConfig,
  models: readonly SavedModel[],
  options: EvaluateModelsOptions = {},
): RunResult {
  const first = models[0];
  if (!first) throw new HedgelabError("evaluate needs at least one --model");
  for (const { name, model } of models) {
    const same =
      model.config.data.steps === config.data.steps &&
      model.config.option.kind === config.option.kind &&
      model.config.option.strike === config.option.strike;
    if (!same)
      throw new HedgelabError(
        `model ${name} hedges a ${model.config.option.kind} struck at ${model.config.option.strike} over T = ${model.config.data.steps}, ` +
          `not the ${config.option.kind} struck at ${config.option.strike} over T = ${config.data.steps} of this evaluation`,
      );
  }
  const files = config.data.prices;
  const table = options.prices ?? (files ? loadPrices(files) : loadEmbeddedPrices());
  const sources = [...new Set(table.origins.map((origin) => origin.file))];
  let text = config.data.periods?.test;
  if (text === undefined) {
    const tests = new Set(models.map(({ model }) => `${model.fitted.test.start}..${model.fitted.test.end}`));
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
  const evaluated: EvaluatedModel[] = models.map(({ name, model, trained }) => {
    const { train, validation } = model.fitted;
    const inside = overlaps(test, train) ? train : overlaps(test, validation) ? validation : undefined;
    if (inside && !options.inSample) {
      const part = inside === train ? "training" : "validation";
      throw new HedgelabError(
        `invalid data.periods.test: ${JSON.stringify(text)} (${test.start}..${test.end} overlaps the ${part} period ` +
          `${inside.start}..${inside.end} of model ${name}: choose a test period outside it, or give --in-sample to score it labelled in-sample)`,
      );
    }
    return {
      name,
      strategy: models.length > 1 ? `${trained.policy.name}:${name}` : trained.policy.name,
      hedge: model.hedge,
      train,
      ...(validation ? { validation } : {}),
      sample: inside ? "in-sample" : "out-of-sample",
    };
  });
  const implied =
    config.delta.volatility === "implied"
      ? (options.impliedVolatility ?? loadImpliedVolatility(config.data.impliedVolatility))
      : undefined;
  const { steps, stride } = config.data;
  const evaluations: StrategyEvaluation[] = [];
  const evaluationSources: (string | undefined)[] = [];
  const notes: string[] = [];
  const baselines = new Map<string, StrategyEvaluation>();
  let windowCount = 0;
  let testWindows: RunResult["testWindows"] = { start: [], end: [] };
  models.forEach(({ model, trained }, m) => {
    // Regime labels come from the saved regime model (training scaler and mixture), never refitted.
    const { fitted } = model;
    const hedge = model.hedge.map((ticker) => tickerSpelling(table, ticker));
    let paths = rollingWindows(table, { tickers: hedge, steps, stride, span });
    if (fitted.regimes && sourceEntry(model.config.training.data).regimeLabels) {
      const regimeModel = restoreRegimeModel(fitted.regimes);
      const labels = labelRegimes(regimeModel, table, span);
      paths = labelWindows(paths, { model: regimeModel, labels, offset: span.startIndex });
    }
    windowCount = paths.n;
    testWindows = {
      start: [...(paths.startDates ?? [])],
      end: Array.from(paths.startIndex ?? [], (d) => table.dates[d + steps]!),
    };
    const key = `${hedge.join("+")}|${fitted.volatility.volatility}|${fitted.train.start}`;
    let delta = baselines.get(key);
    if (!delta) {
      const feature = deltaVolatility(config, table, hedge[0]!, paths, fitted.volatility, implied);
      notes.push(`${feature.description} (from the training run of model ${evaluated[m]!.name})`);
      delta = evaluateStrategy(config, new DeltaHedge({ rate: config.delta.rate }), paths, feature.values);
      baselines.set(key, delta);
      evaluations.push(delta, evaluateStrategy(config, new NoHedge(), paths));
      evaluationSources.push(undefined, undefined);
    }
    const row = { ...evaluateStrategy(config, trained.policy, paths), strategy: evaluated[m]!.strategy };
    // Paired with the delta hedge of the model's own training volatility, on the same windows.
    evaluations.push(pairWithDelta(config, [delta, row])[1]!);
    evaluationSources.push(model.config.training.data);
  });
  const { start: _start, end: _end, ...data } = config.data;
  return {
    config: { ...config, data: { ...data, periods: { test: `${test.start}..${test.end}` } } },
    version: VERSION,
    sources,
    split: { test: { ...span, dates: span.endIndex - span.startIndex + 1, windows: windowCount } },
    testWindows,
    notes,
    training: models.map(({ trained, model }) => ({
      ...summarizeTraining(trained, trained.policy.name),
      data: model.config.training.data,
    })),
    evaluations,
    evaluationSources,
    evaluated,
  };
}
