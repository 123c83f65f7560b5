import { assertOption } from "../errors.js";
import { mean } from "../math/mean.js";
import { standardDeviation } from "../math/variance.js";
import { DEFAULT_RISK_AVERSION, EntropicRisk, entropicRisk } from "../risk/entropic-risk.js";
import { indifferencePrice } from "../risk/indifference-price.js";
import { expectedShortfall } from "../risk/expected-shortfall.js";
import { valueAtRisk } from "../risk/value-at-risk.js";
import type { RandomSource } from "../random/random-source.js";
import { RISK_MEASURES, type RiskMeasureName } from "../risk/risk-measures.js";
import type { LossOptions } from "../risk/risk-measure-entry.js";
import { bootstrapInterval, type BootstrapOptions, type ConfidenceInterval } from "./bootstrap.js";

/** Options of {@link summarizePnl}. */
export interface PnlSummaryOptions {
  /** λ of the entropic risk; default 1.3 (the paper's). */
  riskAversion?: number;
  /** Levels α of VaR and expected shortfall; default [0.95, 0.99]. */
  levels?: readonly number[];
  /** Premium p0 already included in the P&L, removed for the indifference price; default 0. */
  premium?: number;
  /** Bootstrap settings of the confidence intervals; default 1000 i.i.d. resamples at 95%. */
  bootstrap?: BootstrapOptions;
  /**
   * Registered risk measures (`RISK_MEASURES`) with a column of their own, measured too (the one a
   * study trains on, when the table has no column for it); default none.
   */
  measures?: readonly RiskMeasureName[];
  /** The options those measures read (λ, level, …); default λ = `riskAversion`, no clip, α = 0.95. */
  measureOptions?: Partial<LossOptions>;
}

/** A registered risk measure of a P&L sample, in the table under its own header. */
export interface MeasureValue {
  /** Its name in `RISK_MEASURES`. */
  name: string;
  /** Its column header, with its parameters (`mean-var λ=1.3`). */
  header: string;
  /** ρ(P&L). */
  value: number;
}

/** Tail risk of a P&L sample at one level. */
export interface TailRisk {
  /** α, e.g. 0.95. */
  level: number;
  /** VaR_α: the loss exceeded with probability at most 1 − α. */
  valueAtRisk: number;
  /** ES_α (CVaR): the mean loss in the worst 1 − α of outcomes. */
  expectedShortfall: number;
  /** Bootstrap confidence interval of ES_α (same resampling settings as the other intervals). */
  expectedShortfallInterval: ConfidenceInterval;
}

/** The metrics of one strategy's P&L on one set of windows (units: the paths' price units). */
export interface PnlSummary {
  /** Number of P&L samples. */
  n: number;
  /** Mean P&L. */
  mean: number;
  /** Sample standard deviation of the P&L. */
  std: number;
  /** VaR and expected shortfall at each level. */
  tails: TailRisk[];
  /** λ of the entropic risk. */
  riskAversion: number;
  /** Entropic risk (1/λ) log E[exp(−λ PnL)]. */
  entropicRisk: number;
  /**
   * Entropic indifference price of the short option: the premium p0 that makes the hedged
   * position as acceptable as doing nothing, ρ(PnL without premium).
   */
  indifferencePrice: number;
  /** Bootstrap confidence interval of the mean. */
  meanInterval: ConfidenceInterval;
  /** Bootstrap confidence interval of the entropic risk. */
  entropicInterval: ConfidenceInterval;
  /** The extra measures of `options.measures`, when any. */
  measures?: MeasureValue[];
}

/** Default VaR / expected-shortfall levels. */
export const DEFAULT_CONFIDENCE_LEVELS: readonly number[] = [0.95, 0.99];

/**
 * Summarises a P&L sample: mean, std, VaR and expected shortfall at each level, entropic risk,
 * indifference price, and bootstrap intervals of the mean, of the entropic risk and of each
 * expected shortfall (independent streams of `random`: forks 1, 2 and 3 + level index).
 *
 * @param pnl - P&L per path, shape [N], in time order when the paths are overlapping windows.
 * @param random - the seeded source of the bootstrap.
 */
export function summarizePnl(
  pnl: ArrayLike<number>,
  random: RandomSource,
  options: PnlSummaryOptions = {},
): PnlSummary {
  const { riskAversion = DEFAULT_RISK_AVERSION, levels = DEFAULT_CONFIDENCE_LEVELS, premium = 0 } = options;
  assertOption(pnl.length >= 2, "pnl", pnl.length, "needs at least two samples");
  for (const level of levels) assertOption(level > 0 && level < 1, "level", level, "must be in (0, 1)");
  const entropic = (x: ArrayLike<number>): number => entropicRisk(x, riskAversion);
  const risk = entropic(pnl);
  return {
    n: pnl.length,
    mean: mean(pnl),
    std: standardDeviation(pnl),
    tails: levels.map((level, k) => ({
      level,
      valueAtRisk: valueAtRisk(pnl, level),
      expectedShortfall: expectedShortfall(pnl, level),
      expectedShortfallInterval: bootstrapInterval(
        pnl,
        (x) => expectedShortfall(x, level),
        random.fork(3 + k),
        options.bootstrap,
      ),
    })),
    riskAversion,
    entropicRisk: risk,
    // The P&L includes p0; the entropic risk is cash-invariant, so the price of X − p0 is price(X) + p0.
    indifferencePrice: indifferencePrice(pnl, new EntropicRisk({ riskAversion })) + premium,
    meanInterval: bootstrapInterval(pnl, mean, random.fork(1), options.bootstrap),
    entropicInterval: bootstrapInterval(pnl, entropic, random.fork(2), options.bootstrap),
    ...(options.measures && options.measures.length > 0
      ? { measures: measureValues(pnl, options.measures, { riskAversion, ...options.measureOptions }) }
      : {}),
  };
}

/** The registered measures `names` of a P&L sample, each with its column header. */
function measureValues(
  pnl: ArrayLike<number>,
  names: readonly RiskMeasureName[],
  given: Partial<LossOptions> & { riskAversion: number },
): MeasureValue[] {
  const options: LossOptions = { clip: null, learnPremium: false, level: 0.95, ...given };
  return names.map((name) => {
    const entry = RISK_MEASURES[name];
    return { name, header: entry.column?.(options) ?? name, value: entry.measure(pnl, options) };
  });
}
