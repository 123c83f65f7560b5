import type { RunConfig } from "../config/run-config.js";
import { pooledDifference, type PnlPair, type PooledDifference } from "../evaluation/pooled-difference.js";
import { formatPairedVerdict, pairedVerdict } from "../evaluation/paired-verdict.js";
import { entropicRisk } from "../risk/entropic-risk.js";
import { expectedShortfall } from "../risk/expected-shortfall.js";
import { pairedBlockLength } from "../study/strategy-evaluation.js";
import type { Sweep } from "./search-space.js";
import type { TrialRecord, TrialRow } from "./trial-cell.js";

/** A pooled difference with its verdict as the tables print it (`worse`, `same`, `too short to tell`). */
export interface ScoredDifference extends PooledDifference {
  verdict: string;
}

/** One trial's score on the validation windows. */
export interface TrialScore {
  /** The trial's number. */
  index: number;
  /**
   * The selection objective: the mean over the trial's trainings (hedge sets, models, sources,
   * seeds) of the measure of each one's validation P&L. NaN when a training's P&L is not finite.
   */
  objective: number;
  /** The measure of each training's validation P&L, in the order of the trainings. */
  perTraining: number[];
  /** The trial − the chosen trial, pooled over the trainings (absent for the chosen one). */
  vsChosen?: ScoredDifference;
  /** The trial − the delta hedge of the same hedge sets, pooled over the trainings (when delta is evaluated). */
  vsDelta?: ScoredDifference;
}

/** What a sweep's selection read and chose. */
export interface SweepScore {
  measure: Sweep["measure"];
  /** How the measure is written in tables (`entropic λ=1.3`, `CVaR95`). */
  measureTitle: string;
  /** The number of the chosen trial: the least objective (the first of equals); undefined when every objective is NaN. */
  chosen: number | undefined;
  /** Every trial's score, in the order of the trials. */
  trials: TrialScore[];
}

/** The measure of a sweep on one P&L record: the entropic risk with the evaluation's λ, or CVaR at 95%. */
export function sweepMeasure(measure: Sweep["measure"], config: RunConfig): (pnl: Float64Array) => number {
  const { riskAversion } = config.evaluation;
  return measure === "entropic" ? (x) => entropicRisk(x, riskAversion) : (x) => expectedShortfall(x, 0.95);
}

/**
 * Scores the trials of a sweep on their validation records only: each trial's objective (the mean of
 * the measure over its trainings), the chosen trial (the least objective), and for every other trial
 * its pooled difference with the chosen one (the same trainings paired on the same windows, a
 * block-jackknife-t interval: {@link pooledDifference}) so that the table says which trials the
 * validation period cannot tell from the chosen one, and every trial's pooled difference with the
 * delta hedge. Intervals use the configuration's paired settings (block length, level, overlap).
 *
 * @param config - the sweep's base configuration (the evaluation's λ, the paired settings).
 */
export function scoreSweep(
  records: readonly TrialRecord[],
  config: RunConfig,
  measure: Sweep["measure"],
): SweepScore {
  const statistic = sweepMeasure(measure, config);
  const trainingRows = (record: TrialRecord): TrialRow[] =>
    record.rows.filter((r) => r.training !== undefined).sort((a, b) => a.training! - b.training!);
  const objectives = records.map((record) => {
    const values = trainingRows(record).map((r) => {
      const pnl = Float64Array.from(r.pnl);
      return pnl.every(Number.isFinite) ? statistic(pnl) : Number.NaN;
    });
    return { values, objective: values.reduce((s, v) => s + v, 0) / values.length };
  });
  let best: number | undefined;
  objectives.forEach(({ objective }, k) => {
    if (Number.isFinite(objective) && (best === undefined || objective < objectives[best]!.objective))
      best = k;
  });
  const blockLength = pairedBlockLength(config);
  const options = {
    blockLength,
    overlap: Math.ceil(config.data.steps / config.data.stride),
    level: config.evaluation.bootstrap.level,
  };
  const metric = measure === "entropic" ? "entropic" : "cvar";
  const scored = (pairs: PnlPair[]): ScoredDifference | undefined => {
    if (pairs.length === 0 || pairs.some((p) => !Array.from(p.pnl).every(Number.isFinite))) return undefined;
    const difference = pooledDifference(pairs, statistic, options);
    const verdict = pairedVerdict(
      {
        metric,
        estimate: difference.estimate,
        lower: difference.lower,
        upper: difference.upper,
        level: difference.level,
        method: "jackknife-t",
        standardError: difference.standardError,
        excludesZero: difference.upper < 0 ? "below" : difference.lower > 0 ? "above" : "no",
      },
      { windows: difference.windows, requestedBlockLength: blockLength },
    );
    return { ...difference, verdict: formatPairedVerdict(verdict) };
  };
  const chosenRows = best === undefined ? undefined : trainingRows(records[best]!);
  return {
    measure,
    measureTitle: measure === "entropic" ? `entropic λ=${config.evaluation.riskAversion}` : "CVaR95",
    chosen: best === undefined ? undefined : records[best]!.trial.index,
    trials: records.map((record, k) => {
      const rows = trainingRows(record);
      const vsChosen =
        chosenRows && k !== best
          ? scored(rows.map((r, j) => ({ pnl: r.pnl, baseline: chosenRows[j]!.pnl })))
          : undefined;
      const delta = (hedge: readonly string[]): TrialRow | undefined =>
        record.rows.find((r) => r.strategy === "delta" && r.hedge.join("+") === hedge.join("+"));
      const deltaPairs = rows.flatMap((r) => {
        const d = delta(r.hedge);
        return d ? [{ pnl: r.pnl, baseline: d.pnl }] : [];
      });
      const vsDelta = deltaPairs.length === rows.length ? scored(deltaPairs) : undefined;
      return {
        index: record.trial.index,
        objective: objectives[k]!.objective,
        perTraining: objectives[k]!.values,
        ...(vsChosen ? { vsChosen } : {}),
        ...(vsDelta ? { vsDelta } : {}),
      };
    }),
  };
}
