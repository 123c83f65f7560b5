import { createRandom } from "../random/random-source.js";
import type { PathBatch } from "../data/path-batch.js";
import type { PriceTable } from "../data/price-table.js";
import type { DateSpan } from "../data/date-span.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import { createInstrument } from "../instruments/registry.js";
import type { HedgeContext, HedgingPolicy } from "../hedgers/hedging-policy.js";
import { volatilityFeature, type TrainingVolatility } from "../hedgers/volatility-feature.js";
import {
  evaluatePolicy,
  type EvaluationOptions,
  type StrategyEvaluation,
} from "../evaluation/evaluate-policy.js";
import { assertFiniteEvaluation } from "../evaluation/assert-finite-evaluation.js";
import {
  comparePaired,
  PAIRED_BLOCK_MULTIPLE,
  pairedBlocks,
  type PairedComparisonOptions,
} from "../evaluation/paired-comparison.js";
import type { IntervalMethod } from "../evaluation/interval-method.js";
import type { RunConfig } from "../config/run-config.js";
import { RISK_MEASURES } from "../risk/risk-measures.js";

/**
 * The evaluation settings of a configuration: costs, premium, λ, levels and the intervals, with the
 * block length `"auto"` resolved from m = ⌈T / stride⌉ (the number of windows a day belongs to):
 * m for the bootstrap methods, `PAIRED_BLOCK_MULTIPLE` · m for the jackknife.
 */
export function evaluationSettings(config: RunConfig): EvaluationOptions {
  const { bootstrap, paired: _paired, ...evaluation } = config.evaluation;
  const overlap = Math.ceil(config.data.steps / config.data.stride);
  const blockLength =
    bootstrap.blockLength !== "auto"
      ? bootstrap.blockLength
      : bootstrap.method === "jackknife-t"
        ? PAIRED_BLOCK_MULTIPLE * overlap
        : overlap;
  // The training loss's measure gets a column of its own when the table has none for it.
  const { kind, level, clip } = config.training.loss;
  const measures = RISK_MEASURES[kind].column ? [kind] : [];
  return {
    ...evaluation,
    bootstrap: { ...bootstrap, blockLength, overlap },
    ...(measures.length > 0
      ? {
          measures,
          measureOptions: {
            riskAversion: config.training.loss.riskAversion ?? config.evaluation.riskAversion,
            level,
            clip,
          },
        }
      : {}),
  };
}

/**
 * Evaluates one strategy on test windows as `run` and `evaluate` both do, so that the same model on
 * the same windows gives the same figures bit for bit: the context of the configured option and a
 * daily step, the seeded bootstrap of `config.seed` (every strategy draws the same resamples: common
 * random numbers), and the configured settings; a non-finite P&L or metric is refused where it arises.
 *
 * @param paths - the test windows of the strategy's hedge set, [N, T + 1, H].
 * @param volatility - the delta hedge's volatility feature [N, T] (see {@link deltaVolatility}).
 */
export function evaluateStrategy(
  config: RunConfig,
  policy: HedgingPolicy,
  paths: PathBatch,
  volatility?: Float64Array,
): StrategyEvaluation {
  const context: HedgeContext = {
    paths,
    option: createInstrument(config.option),
    dt: 1 / TRADING_DAYS_PER_YEAR,
    ...(volatility ? { volatility } : {}),
  };
  const result = evaluatePolicy(policy, context, createRandom(config.seed), evaluationSettings(config));
  assertFiniteEvaluation(result, paths.startDates ?? []);
  return result;
}

/**
 * The delta hedge's volatility on each test window and date from the configured source, with the
 * training volatility taken as given (`train.volatility`, saved with a model) rather than estimated
 * from the table: the delta row never learns from the period it is scored on.
 *
 * @returns the feature [N, T] and a line describing it.
 */
export function deltaVolatility(
  config: RunConfig,
  table: PriceTable,
  ticker: string,
  windows: PathBatch,
  train: DateSpan | TrainingVolatility,
  implied?: PriceTable,
): { values: Float64Array; description: string } {
  const feature = volatilityFeature(config.delta.volatility, {
    table,
    ticker,
    windows,
    train,
    realizedWindow: config.delta.realizedWindow,
    ...(implied ? { implied } : {}),
  });
  return { values: feature.values, description: `delta hedge: ${feature.description}` };
}

/** The block length of the paired comparisons of `config`: `"auto"` is {@link PAIRED_BLOCK_MULTIPLE} overlaps. */
export function pairedBlockLength(config: RunConfig): number {
  const { blockLength } = config.evaluation.paired;
  return blockLength === "auto"
    ? PAIRED_BLOCK_MULTIPLE * Math.ceil(config.data.steps / config.data.stride)
    : blockLength;
}

/**
 * Adds to every learned strategy of one hedge set (not `delta`, not `no-hedge`) its paired
 * comparison with the delta hedge of the same hedge set on the same windows
 * ({@link comparePaired}: differences of mean, std, CVaR95 and entropic risk with block-bootstrap
 * intervals), with the run's seed: the same resamples for every strategy.
 *
 * @param evaluations - the evaluations of one hedge set, the delta hedge's among them.
 */
export function pairWithDelta(config: RunConfig, evaluations: StrategyEvaluation[]): StrategyEvaluation[] {
  const delta = evaluations.find((e) => e.strategy === "delta");
  if (!delta) return evaluations;
  const settings = pairedSettings(config);
  return evaluations.map((evaluation) => {
    if (evaluation.strategy === "delta" || evaluation.strategy === "no-hedge") return evaluation;
    const differences = comparePaired(evaluation.pnl, delta.pnl, createRandom(config.seed).fork(3), settings);
    // The blocks actually used: cut to ⌊n/2⌋ windows when the record is short (pairedBlocks).
    const used = pairedBlocks(evaluation.pnl.length, settings.blockLength, settings.method);
    return { ...evaluation, paired: { baseline: "delta", ...used, differences } };
  });
}

/**
 * The settings of a configuration's paired comparisons ({@link comparePaired}): λ, CVaR95, the
 * resamples, level and method of the intervals, the block length ({@link pairedBlockLength}) and the
 * windows' overlap ⌈T / stride⌉.
 */
export function pairedSettings(
  config: RunConfig,
): PairedComparisonOptions & { blockLength: number; method: IntervalMethod } {
  const { bootstrap, paired, riskAversion } = config.evaluation;
  return {
    riskAversion,
    cvarLevel: 0.95,
    resamples: bootstrap.resamples,
    level: bootstrap.level,
    blockLength: pairedBlockLength(config),
    method: paired.method,
    overlap: Math.ceil(config.data.steps / config.data.stride),
  };
}

/**
 * The reference price of the configured claim at the start of the test windows, with the delta
 * hedge's volatility: mean over windows i of V(S₀ⁱ, K, T/252, σⁱ₀, r) (`Claim.price`: Black–Scholes
 * for a call or a put, the claim's closed form or approximation otherwise), S₀ⁱ the underlying's
 * first (rebased) price of window i and σⁱ₀ the delta hedge's volatility on its first date (one
 * value for the training volatility; a window's own for realised or implied). In rebased units,
 * comparable with the indifference price.
 *
 * Shape: `paths` [N, T + 1, H], the underlying first; `volatility` [N, T].
 */
export function deltaBlackScholesPrice(
  config: RunConfig,
  paths: PathBatch,
  volatility: Float64Array,
): number {
  const prices = createInstrument(config.option).price(paths, {
    volatility,
    rate: config.delta.rate,
    dt: 1 / TRADING_DAYS_PER_YEAR,
  });
  let sum = 0;
  for (const price of prices) sum += price;
  return sum / paths.n;
}

/** The evaluations of one hedge set with the option's Black–Scholes price ({@link deltaBlackScholesPrice}) on every row. */
export function withBlackScholesPrice(
  evaluations: readonly StrategyEvaluation[],
  price: number | undefined,
): StrategyEvaluation[] {
  return price === undefined
    ? [...evaluations]
    : evaluations.map((e) => ({ ...e, blackScholesPrice: price }));
}
