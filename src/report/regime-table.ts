import type { RegimeTimeline, ReportTable } from "./report-data.js";
import { formatNumber } from "./risk-table.js";

/** Trading days per year: daily figures are annualised with it (mean × 252, standard deviation × √252). */
export const TRADING_DAYS = 252;

/** One regime's row of {@link regimeTable}, as numbers. */
export interface RegimeStatistics {
  regime: number;
  /** Days labelled with the regime, over the whole timeline. */
  days: number;
  /** `days` over all days of the timeline. */
  share: number;
  /** 252 × the mean daily log-return of the market proxy on the regime's days. */
  annualReturn: number;
  /** √252 × the standard deviation of those daily log-returns. */
  volatility: number;
  /** Mean of the model's correlation feature on the regime's days; NaN when the timeline has none. */
  correlation: number;
}

/**
 * The statistics of each regime beside Figure 2: over every day of the timeline labelled with it
 * (training, validation and test), its share of the days, the market proxy's annualised return
 * (252 × mean daily log-return log(S_d / S_{d−1}), the return of day d counted in day d's regime) and
 * annualised volatility (√252 × their standard deviation, n − 1), and the mean pairwise correlation of
 * the stock universe (the regime model's rolling feature, averaged over the regime's days).
 *
 * @returns one row per regime, in label order.
 */
export function regimeStatistics(timeline: RegimeTimeline): RegimeStatistics[] {
  const { values, regimes, correlation } = timeline;
  const labels = [...new Set(regimes)].sort((a, b) => a - b);
  return labels.map((regime) => {
    let days = 0;
    const returns: number[] = [];
    let correlationSum = 0;
    for (let d = 0; d < regimes.length; d++) {
      if (regimes[d] !== regime) continue;
      days++;
      if (correlation) correlationSum += correlation[d]!;
      if (d > 0) returns.push(Math.log(values[d]! / values[d - 1]!));
    }
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
    return {
      regime,
      days,
      share: days / regimes.length,
      annualReturn: returns.length > 0 ? TRADING_DAYS * mean : Number.NaN,
      volatility: returns.length > 1 ? Math.sqrt(TRADING_DAYS * variance) : Number.NaN,
      correlation: correlation ? correlationSum / days : Number.NaN,
    };
  });
}

/** {@link regimeStatistics} as the report's table: percentages with one decimal, correlations with two. */
export function regimeTable(timeline: RegimeTimeline): ReportTable {
  const pct = (x: number): string => (Number.isFinite(x) ? `${formatNumber(100 * x, 1)}%` : "");
  const rows = regimeStatistics(timeline).map((r) => [
    `regime ${r.regime}`,
    pct(r.share),
    r.days,
    pct(r.annualReturn),
    pct(r.volatility),
    ...(timeline.correlation ? [Number.isFinite(r.correlation) ? formatNumber(r.correlation, 2) : ""] : []),
  ]);
  return {
    title:
      `Each regime over every day shown (training, validation and test): ${timeline.market}'s annualised return ` +
      `(252 × mean daily log-return) and volatility (√252 × standard deviation)` +
      (timeline.correlation
        ? ", and the stocks' mean pairwise correlation (the model's rolling feature)"
        : ""),
    columns: [
      "regime",
      "share of days",
      "days",
      "annualised return",
      "annualised volatility",
      ...(timeline.correlation ? ["mean correlation"] : []),
    ],
    rows,
  };
}
