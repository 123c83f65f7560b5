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
  /** The generated set measured (a name of `sources`). */
  source: string;
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
  /** The rejections of each source that rejects draws, by name; default none (no rejection row). */
  rejections?: Readonly<Record<string, QualityRejections>>;
}

/**
 * The quality targets of generated batches of one hedge set (one name each), measured on the market's
 * training windows against its validation windows (issue 23); the market's figures are computed once
 * for every source. For each source and each asset a of the hedge set:
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
 * Each acf band covers the market estimate's sampling error only: a generator of the market's very law
 * misses each at least 5% of the time, so across 10 lags and H assets a few ✗ are expected by chance.
 * Short spans give NaN rather than an error (a NaN value or bound fails its target): a jackknife
 * block holds at least 2 windows (fewer than `blocks` blocks below 2·blocks training windows, no band
 * below 4), and a discriminative score needs 10 paths on each side (a validation span of 6 windows
 * has no reference score).
 *
 * Shapes: every source, `train`, `validation` [N, T + 1, H] with the same T and tickers.
 *
 * @param random - draws of the discriminative scores (`fork(0)`: the validation windows' reference,
 *   `fork(k + 1)`: the k-th source's).
 * @returns the rows of each source in the order of `sources`.
 * @example qualityTargets({ "regime-bs": paths }, data.windows.train, data.windows.validation, createRandom(1))
 */
export function qualityTargets(
  sources: Readonly<Record<string, PathBatch>>,
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
  for (const [name, batch] of [...Object.entries(sources), ["validation", validation] as const]) {
    assertOption(
      batch.steps === train.steps && batch.tickers.join(",") === train.tickers.join(","),
      name,
      `${batch.steps} steps of ${batch.tickers.join("+")}`,
      `must have the training windows' ${train.steps} steps of ${train.tickers.join("+")}`,
    );
  }
  const overlap = options.overlap ?? windowOverlap(train);
  const steps = train.steps;
  // The market's side of every target, computed once: the bound, the reference and what to measure.
  const targets: Target[] = [];
  const add = (
    statistic: string,
    asset: string,
    bounds: Bounds,
    reference: number,
    measure: Target["measure"],
  ): void => {
    targets.push({ statistic, asset, ...bounds, reference, measure });
  };
  const shownLags = lags.filter((l) => l < steps);
  const kinds = ["returns", "absolute"] as const;
  const band95 = acfBands(train, shownLags, blocks, overlap, band);
  train.tickers.forEach((ticker, a) => {
    const whole = (batch: PathBatch): Float64Array => logReturnsAtHorizon(batch, a, steps);
    const market = whole(train);
    const floor = ksDistance(market, whole(validation));
    add(`KS log-return ${steps}d`, ticker, upTo(floor), floor, (batch) => ksDistance(whole(batch), market));
    const vols = realisedVolatilities(train, a);
    for (const p of quantiles) {
      const reference = quantile(vols, p);
      add(
        `realised vol p${Math.round(p * 100)}`,
        ticker,
        { lower: reference * (1 - tolerance), upper: reference * (1 + tolerance) },
        reference,
        (batch) => quantile(realisedVolatilities(batch, a), p),
      );
    }
    for (const kind of kinds) {
      for (const lag of shownLags) {
        const reference = returnAutocorrelation(train, a, lag, kind);
        const half = band95(a, kind, lag);
        add(
          `acf ${kind === "returns" ? "r" : "|r|"} lag ${lag}`,
          ticker,
          { lower: reference - half, upper: reference + half },
          reference,
          (batch) => returnAutocorrelation(batch, a, lag, kind),
        );
      }
    }
  });
  if (train.assets > 1) {
    const market = returnCorrelation(train);
    const floor = frobeniusDistance(market, returnCorrelation(validation));
    add("correlation error (Frobenius)", "all", upTo(correlationFactor * floor), floor, (batch) =>
      frobeniusDistance(returnCorrelation(batch), market),
    );
  }
  // The classifier needs 10 paths a side: a shorter set (a validation span of a few windows) has NaN.
  const score = (batch: PathBatch, stream: number): number =>
    Math.min(batch.n, train.n) < 10
      ? Number.NaN
      : discriminativeScore(batch, train, random.fork(stream), { maxPaths: discriminativePaths });
  const chance = score(validation, 0);
  const rows: QualityTargetRow[] = [];
  Object.entries(sources).forEach(([source, batch], k) => {
    const push = (target: Omit<Target, "measure">, value: number): void => {
      const { statistic, asset, lower, upper, reference } = target;
      rows.push({
        source,
        statistic,
        asset,
        value,
        lower,
        upper,
        reference,
        pass: lower <= value && value <= upper,
      });
    };
    for (const target of targets) push(target, target.measure(batch));
    push(
      { statistic: "discriminative score", asset: "all", ...upTo(discriminativeMax), reference: chance },
      score(batch, k + 1),
    );
    const rejections = options.rejections?.[source];
    if (rejections) {
      const { drawn, rejected } = rejections;
      assertOption(
        drawn > 0 && rejected >= 0 && rejected <= drawn,
        "rejections",
        [drawn, rejected],
        "need 0 ≤ rejected ≤ drawn, drawn > 0",
      );
      push(
        { statistic: "rejection rate", asset: "all", ...upTo(rejectionMax), reference: Number.NaN },
        rejected / drawn,
      );
    }
  });
  return rows;
}

/** One target's market side: its bounds and reference, and the statistic of a source it holds. */
interface Target extends Bounds {
  statistic: string;
  asset: string;
  reference: number;
  measure: (batch: PathBatch) => number;
}

/**
 * The half-widths t_{J−1} · se · overlapCorrection(m, ℓ) of the training windows' autocorrelations,
 * by asset, kind and lag: the delete-one-block jackknife over contiguous blocks of ℓ = ⌊N/blocks⌋
 * windows (one gather of the windows per deleted block).
 */
function acfBands(
  train: PathBatch,
  lags: readonly number[],
  blocks: number,
  overlap: number,
  band: number,
): (asset: number, kind: "returns" | "absolute", lag: number) => number {
  const kinds = ["returns", "absolute"] as const;
  // Blocks of at least two windows: fewer blocks than asked on a short span, none (NaN) below 4 windows.
  const length = Math.max(2, Math.floor(train.n / blocks));
  if (train.n < 2 * length) return () => Number.NaN;
  // blockJackknife's count: ⌊N/ℓ⌋, which may exceed `blocks` by a few (the last block takes the rest).
  const count = Math.floor(train.n / length);
  const key = (a: number, kind: string, lag: number): string => `${a}|${kind}|${lag}`;
  const values = new Map<string, Float64Array>();
  for (let a = 0; a < train.assets; a++)
    for (const kind of kinds) for (const lag of lags) values.set(key(a, kind, lag), new Float64Array(count));
  let j = 0;
  blockJackknife(train.n, length, (kept) => {
    const part = gatherPaths(train, kept);
    for (let a = 0; a < train.assets; a++)
      for (const kind of kinds)
        for (const lag of lags) values.get(key(a, kind, lag))![j] = returnAutocorrelation(part, a, lag, kind);
    return j++;
  });
  const t = studentTQuantile(1 - (1 - band) / 2, count - 1) * overlapCorrection(overlap, length);
  return (a, kind, lag) => t * jackknifeStandardError(values.get(key(a, kind, lag))!);
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

/** A quality target row of one hedge set of a study (what `quality-targets.csv` holds). */
export interface QualityTargetRecord extends QualityTargetRow {
  /** The hedge set, underlying first. */
  hedge: readonly string[];
}
