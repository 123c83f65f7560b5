import { assertOption } from "../errors.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import type { HedgeContext } from "./hedging-policy.js";

/** Number of features {@link deltaFeatures} gives per path and date. */
export const DELTA_FEATURE_COUNT = 4;

/** Prior weight, in days, of the training volatility in the in-window realised volatility. */
export const DEFAULT_PRIOR_DAYS = 10;

/** Options of {@link deltaFeatures}. */
export interface DeltaFeatureOptions {
  /** σ_train, the annualised volatility the delta uses (the training period's); > 0. */
  volatility: number;
  /** Annualised rate r of the delta; default 0. */
  rate?: number;
  /** k, days of prior weight of σ_train in the realised volatility; default 10. */
  priorDays?: number;
}

/**
 * The inputs the delta hedge itself uses, per path i and date t (all known on date t):
 * 1. log-moneyness log(S_t / K) of the underlying (asset 0);
 * 2. time to maturity as a fraction of the window, (T − t) / T;
 * 3. realised volatility over the window so far relative to σ_train,
 *    σ̂_t / σ_train with σ̂_t² = (k σ_train² + (1/dt) Σ_{τ<t} r_τ²) / (k + t), r_τ = log(S_{τ+1}/S_τ)
 *    (shrunk towards σ_train early in the window: on t = 0 it is exactly 1);
 * 4. the claim's reference delta at σ_train (`Claim.delta`; Black–Scholes δ(S_t, K, (T − t)·dt, σ_train, r)
 *    for a European option), the delta hedge's holding.
 * These need nothing outside the window, so they work alike on market windows and generated paths.
 *
 * @returns features, shape [N, T, 4].
 */
export function deltaFeatures(context: HedgeContext, options: DeltaFeatureOptions): Float64Array {
  const { paths, option, dt } = context;
  const { volatility, rate = 0, priorDays = DEFAULT_PRIOR_DAYS } = options;
  assertOption(Number.isFinite(volatility) && volatility > 0, "volatility", volatility, "must be > 0");
  assertOption(Number.isFinite(priorDays) && priorDays > 0, "priorDays", priorDays, "must be > 0");
  const { n, steps, assets, values } = paths;
  const out = new Float64Array(n * steps * DELTA_FEATURE_COUNT);
  const delta = option.delta(paths, { volatility, rate, dt });
  const prior = priorDays * volatility * volatility;
  const perYear = 1 / (dt > 0 ? dt : 1 / TRADING_DAYS_PER_YEAR);
  for (let i = 0; i < n; i++) {
    let squares = 0;
    for (let t = 0; t < steps; t++) {
      const spot = values[(i * (steps + 1) + t) * assets]!;
      if (t > 0) {
        const r = Math.log(spot / values[(i * (steps + 1) + t - 1) * assets]!);
        squares += r * r * perYear;
      }
      const k = (i * steps + t) * DELTA_FEATURE_COUNT;
      out[k] = Math.log(spot / option.strike);
      out[k + 1] = (steps - t) / steps;
      out[k + 2] = Math.sqrt((prior + squares) / (priorDays + t)) / volatility;
      out[k + 3] = delta[i * steps + t]!;
    }
  }
  return out;
}
