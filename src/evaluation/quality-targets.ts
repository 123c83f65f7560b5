import { assertOption } from "../errors.js";
import { gatherPaths, type PathBatch } from "../data/path-batch.js";
import { quantile } from "../math/quantile.js";
import type { RandomSource } from "../random/random-source.js";
import { discriminativeScore } from "./discriminative-score.js";
import {
  blockJackknife,
  jackknifeStandardError,
  overlapCorrection,
  studentTQuantile,
} from "./interval-method.js";
import {
  frobeniusDistance,
  ksDistance,
  logReturnsAtHorizon,
  realisedVolatilities,
  returnAutocorrelation,
  returnCorrelation,
} from "./path-statistics.js";

/**
 * One quality target of a set of generated paths: a statistic, the bound it is held to, and whether
 * it is met (`lower ≤ value ≤ upper`). Measured, never tuned toward.
 */
export interface QualityTargetRow {
  /**
   * What is measured: `KS log-return 30d`, `realised vol p5` / `p50` / `p95`, `acf r lag k`,
   * `acf |r| lag k`, `correlation error (Frobenius)`, `discriminative score`, `rejection rate`.
   */
  statistic: string;
  /** The asset (a ticker), or `all` for a joint measure. */
  asset: string;
  /** The generated paths' figure (a distance to the training windows, or a statistic of their own). */
  value: number;
  /** The target's lower bound; −∞ when there is none. */
  lower: number;
  /** The target's upper bound; +∞ when there is none. */
  upper: number;
  /**
   * The market's own figure the bound is made from: KS(training, validation) windows, the training
   * windows' quantile or autocorrelation, the correlation floor ‖C_train − C_validation‖_F, the
   * validation windows' discriminative score against the training windows; NaN for the rejection rate.
   */
  reference: number;
  /** Whether `lower ≤ value ≤ upper` (false for a NaN value). */
  pass: boolean;
}

/** The sampling counts of a source that rejects some of its draws (SigDiffusion's inversion check). */
export interface QualityRejections {
  /** Samples drawn. */
  drawn: number;
  /** Samples rejected among them. */
  rejected: number;
}

/** Options of {@link qualityTargets}. */
export interface QualityTargetOptions {
  /** Relative tolerance of the realised-volatility quantiles; default 0.15 (±15% of the market's). */
  tolerance?: number;
  /** Coverage of the market's autocorrelation band; default 0.95. */
  band?: number;
  /** Factor on the correlation floor; default 1.5. */
  correlationFactor?: number;
  /** Largest discriminative score; default 0.15. */
  discriminativeMax?: number;
  /** Largest rejection rate; default 0.05. */
  rejectionMax?: number;
  /** Lags of the autocorrelations, in days (those < T are used); default 1..5. */
  lags?: readonly number[];
  /** Quantile levels of the realised volatility; default [0.05, 0.5, 0.95]. */
  quantiles?: readonly number[];
  /** J, contiguous blocks of training windows in the autocorrelations' jackknife; default 20. */
  blocks?: number;
  /**
   * m, consecutive training windows that share days (⌈T / stride⌉), for the jackknife's overlap
   * correction; default from the training windows' `startIndex` (1 when they have none).
   */
  overlap?: number;
  /** Paths per side in the discriminative scores; default 2000. */
  discriminativePaths?: number;
  /** The source's rejections, when it rejects draws; default none (no rejection row). */
  rejections?: QualityRejections;
}

/**
 * The quality targets of a generated batch for one hedge set, measured on the market's training
 * windows against its validation windows (issue 23). For each asset a of the hedge set:
 * - `KS log-return {T}d`: D(generated, training) of the one-window log-return log(S_T/S_0), ≤ the
 *   market's own D(training, validation) (the reference);
 * - `realised vol p5/p50/p95`: the quantile of the generated paths' annualised realised volatility
 *   √(252/T Σ r_t²), within ±`tolerance` (relative) of the training windows' quantile (type 7);
 * - `acf r lag k`, `acf |r| lag k` for each lag: the generated paths' pooled autocorrelation of daily
 *   log-returns (of their absolute values), inside the training windows' band ρ̂ ± t_{J−1} · se, with
 *   se the delete-one-block jackknife standard error over J contiguous blocks of training windows
 *   (in time order: a block holds ⌊N/J⌋ neighbouring windows, so the overlap between windows stays
 *   inside blocks), times the overlap correction 1/√(1 − m/(3ℓ)) ({@link overlapCorrection}), and
 *   t_{J−1} Student's quantile at (1 + band)/2 (2.09 for J = 20, 95%);
 * and for the whole set:
 * - `correlation error (Frobenius)` (H ≥ 2): ‖C(generated) − C(training)‖_F of the daily log-return
 *   correlation matrices, ≤ `correlationFactor` × the floor ‖C(training) − C(validation)‖_F;
 * - `discriminative score`: {@link discriminativeScore} of generated against training windows,
 *   ≤ `discriminativeMax`; the reference is the validation windows' score against the training ones;
 * - `rejection rate` (with `rejections`): rejected / drawn, ≤ `rejectionMax`.
 *
 * Shapes: `generated`, `train`, `validation` [N, T + 1, H] with the same T and tickers.
 *
 * @param random - draws of the discriminative scores (`fork(0)`: generated, `fork(1)`: validation).
 * @example qualityTargets(generated, data.windows.train, data.windows.validation, createRandom(1))
 */
export function qualityTargets(
  generated: PathBatch,
  train: PathBatch,
  validation: PathBatch,
  random: RandomSource,
  options: QualityTargetOptions = {},
): QualityTargetRow[] {
  const {
    tolerance = 0.15,
    band = 0.95,
    correlationFactor = 1.5,
    discriminativeMax = 0.15,
    rejectionMax = 0.05,
    lags = [1, 2, 3, 4, 5],
    quantiles = [0.05, 0.5, 0.95],
    blocks = 20,
    discriminativePaths = 2000,
  } = options;
  assertOption(tolerance >= 0, "tolerance", tolerance, "must be ≥ 0");
  assertOption(band > 0 && band < 1, "band", band, "must be in (0, 1)");
  assertOption(correlationFactor > 0, "correlationFactor", correlationFactor, "must be > 0");
  assertOption(Number.isInteger(blocks) && blocks >= 2, "blocks", blocks, "must be an integer ≥ 2");
  for (const [name, batch] of [
    ["generated", generated],
    ["validation", validation],
  ] as const) {
    assertOption(
      batch.steps === train.steps && batch.tickers.join(",") === train.tickers.join(","),
      name,
      `${batch.steps} steps of ${batch.tickers.join("+")}`,
      `must have the training windows' ${train.steps} steps of ${train.tickers.join("+")}`,
    );
  }
  assertOption(train.n >= 2 * blocks, "train", train.n, `needs at least ${2 * blocks} windows`);
  const overlap = options.overlap ?? windowOverlap(train);
  const steps = train.steps;
  const rows: QualityTargetRow[] = [];
  const push = (statistic: string, asset: string, value: number, bounds: Bounds, reference: number): void => {
    rows.push({
      statistic,
      asset,
      value,
      ...bounds,
      reference,
      pass: bounds.lower <= value && value <= bounds.upper,
    });
  };
  const shownLags = lags.filter((l) => l < steps);
  const kinds = ["returns", "absolute"] as const;
  // The autocorrelations' jackknife: one gather of the training windows per deleted block.
  const length = Math.floor(train.n / blocks);
  // blockJackknife's count: ⌊N/ℓ⌋, which may exceed `blocks` by a few (the last block takes the rest).
  const count = Math.floor(train.n / length);
  const jackknife = new Map<string, Float64Array>();
  const key = (a: number, kind: string, lag: number): string => `${a}|${kind}|${lag}`;
  for (let a = 0; a < train.assets; a++)
    for (const kind of kinds)
      for (const lag of shownLags) jackknife.set(key(a, kind, lag), new Float64Array(count));
  let j = 0;
  blockJackknife(train.n, length, (kept) => {
    const part = gatherPaths(train, kept);
    for (let a = 0; a < train.assets; a++)
      for (const kind of kinds)
        for (const lag of shownLags)
          jackknife.get(key(a, kind, lag))![j] = returnAutocorrelation(part, a, lag, kind);
    return j++;
  });
  const t = studentTQuantile(1 - (1 - band) / 2, count - 1) * overlapCorrection(overlap, length);
  train.tickers.forEach((ticker, a) => {
    const whole = (batch: PathBatch): Float64Array => logReturnsAtHorizon(batch, a, steps);
    const floor = ksDistance(whole(train), whole(validation));
    push(`KS log-return ${steps}d`, ticker, ksDistance(whole(generated), whole(train)), upTo(floor), floor);
    const [mine, market] = [realisedVolatilities(generated, a), realisedVolatilities(train, a)];
    for (const p of quantiles) {
      const reference = quantile(market, p);
      push(
        `realised vol p${Math.round(p * 100)}`,
        ticker,
        quantile(mine, p),
        { lower: reference * (1 - tolerance), upper: reference * (1 + tolerance) },
        reference,
      );
    }
    for (const kind of kinds) {
      for (const lag of shownLags) {
        const reference = returnAutocorrelation(train, a, lag, kind);
        const half = t * jackknifeStandardError(jackknife.get(key(a, kind, lag))!);
        push(
          `acf ${kind === "returns" ? "r" : "|r|"} lag ${lag}`,
          ticker,
          returnAutocorrelation(generated, a, lag, kind),
          { lower: reference - half, upper: reference + half },
          reference,
        );
      }
    }
  });
  if (train.assets > 1) {
    const market = returnCorrelation(train);
    const floor = frobeniusDistance(market, returnCorrelation(validation));
    push(
      "correlation error (Frobenius)",
      "all",
      frobeniusDistance(returnCorrelation(generated), market),
      upTo(correlationFactor * floor),
      floor,
    );
  }
  const score = (batch: PathBatch, stream: number): number =>
    discriminativeScore(batch, train, random.fork(stream), { maxPaths: discriminativePaths });
  push("discriminative score", "all", score(generated, 0), upTo(discriminativeMax), score(validation, 1));
  if (options.rejections) {
    const { drawn, rejected } = options.rejections;
    assertOption(
      drawn > 0 && rejected >= 0 && rejected <= drawn,
      "rejections",
      [drawn, rejected],
      "need 0 ≤ rejected ≤ drawn, drawn > 0",
    );
    push("rejection rate", "all", rejected / drawn, upTo(rejectionMax), Number.NaN);
  }
  return rows;
}

interface Bounds {
  lower: number;
  upper: number;
}

function upTo(upper: number): Bounds {
  return { lower: -Infinity, upper };
}

/** m = ⌈T / stride⌉ of windows with a `startIndex` (stride from the first two), else 1. */
function windowOverlap(windows: PathBatch): number {
  const start = windows.startIndex;
  if (!start || start.length < 2) return 1;
  const stride = start[1]! - start[0]!;
  return stride > 0 ? Math.ceil(windows.steps / stride) : 1;
}

/** The target's bound in words: `≤ 0.0812`, `0.170 … 0.230`. */
export function formatQualityTarget(row: Pick<QualityTargetRow, "lower" | "upper">, digits = 4): string {
  const f = (x: number): string => x.toFixed(digits);
  if (row.lower === -Infinity) return `≤ ${f(row.upper)}`;
  if (row.upper === Infinity) return `≥ ${f(row.lower)}`;
  return `${f(row.lower)} … ${f(row.upper)}`;
}
