import { HedgelabError } from "../errors.js";
import { standardDeviation } from "../math/variance.js";
import { sampleCorrelation } from "./daily-returns.js";
import { TRADING_DAYS_PER_YEAR } from "./gbm.js";

/** A multivariate Black–Scholes world: one volatility and drift per asset, a correlation matrix. */
export interface GbmParameters {
  tickers: string[];
  /** σ per asset, annualised. */
  volatility: number[];
  /** μ per asset, per year (of the log price: μ − σ²/2 is the log drift). */
  drift: number[];
  /** Correlation of the Brownian motions, [H, H] row-major; absent for one asset. */
  correlation?: number[];
}

/**
 * The Black–Scholes world of H daily log-return series: σ = the sample standard deviation × √252
 * (exactly the training volatility the delta hedge uses, so that the delta is the model's own), the
 * sample correlation, and drift 0 (a 30-day hedge is studied, not the trend).
 *
 * @param returns - H series of daily log-returns of equal length (≥ 2 days).
 */
export function fitGbm(
  returns: readonly Float64Array[],
  tickers: string[],
): { parameters: GbmParameters; notes: string[] } {
  const volatility = returns.map((series, a) => {
    if (series.length < 2)
      throw new HedgelabError(`too few training returns of ${tickers[a]} (${series.length}) to fit a world`);
    return standardDeviation(series) * Math.sqrt(TRADING_DAYS_PER_YEAR);
  });
  return {
    parameters: {
      tickers,
      volatility,
      drift: volatility.map(() => 0),
      ...(returns.length > 1 ? { correlation: sampleCorrelation(returns) } : {}),
    },
    notes: [],
  };
}
