import { assertOption } from "../errors.js";
import type { RandomSource } from "../random/random-source.js";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import { generateGbm, TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import { EuropeanOption } from "../instruments/european-option.js";
import { DeltaHedge } from "../hedgers/delta-hedge.js";
import { hedgePnl } from "../hedgers/hedge-pnl.js";
import {
  INTERVAL_METHODS,
  intervalFromDraws,
  needsJackknife,
  overlapCorrection,
  type IntervalMethod,
} from "./interval-method.js";
import {
  PAIRED_METRICS,
  pairedBlocks,
  pairedDraws,
  pairedMetric,
  type PairedMetric,
} from "./paired-comparison.js";

/**
 * The simulated market of {@link measureIntervalCoverage}: one GBM price series per replication,
 * cut into overlapping windows as market data are, hedged by two delta hedges.
 */
export interface CoverageScenario {
  /** Trading days of each simulated series (the test period's length); default 982, the default split's. */
  days?: number;
  /** T, steps per window; default 30. */
  steps?: number;
  /** σ of the GBM; default 0.3. */
  volatility?: number;
  /** μ of the GBM; default 0.1. */
  drift?: number;
  /** σ of the compared strategy's delta; default 0.3 (the true one). */
  strategyVolatility?: number;
  /** Units of the underlying the compared strategy holds on top of its delta; default 0.1 (a mean-seeking tilt). */
  strategyTilt?: number;
  /**
   * σ of the baseline's delta; default 0.2 (a misestimated training volatility). 0: no baseline (a
   * P&L of 0), so that the "differences" are the strategy's own metrics: the coverage of the
   * intervals of a single strategy.
   */
  baselineVolatility?: number;
  /**
   * Volatility clustering: the GBM's σ switches between two levels by a symmetric Markov chain, daily,
   * with the given mean stay in days (the windows' true distribution starts each window in either
   * level with probability ½). Default none: constant σ = `volatility`.
   */
  regimes?: { low: number; high: number; meanDuration: number };
}

/** Options of {@link measureIntervalCoverage}. */
export interface CoverageOptions {
  /** Simulated series (replications) M; default 200. */
  replications?: number;
  /** Bootstrap resamples per replication; default 500. */
  resamples?: number;
  /** Block lengths ℓ to measure; default [T]. */
  blockLengths?: number[];
  /**
   * Short records: for each J here and each ℓ of `blockLengths`, a record of J blocks, that is a
   * series of J·ℓ windows (J·ℓ + T trading days, so that ⌊windows/ℓ⌋ = J), simulated apart for each
   * (J, ℓ); the scenario's `days` is then unused. Default none: one record of `days` for every ℓ.
   */
  blockCounts?: number[];
  /** Interval methods to measure; default all. */
  methods?: IntervalMethod[];
  /** Nominal level; default 0.95. */
  level?: number;
  /** Independent windows of the "very large sample" that gives the true differences; default 200,000. */
  truthPaths?: number;
  /** λ of the entropic risk; default 1.3. */
  riskAversion?: number;
  /** Apply the jackknife methods' overlap correction with m = T ({@link overlapCorrection}); default true. */
  correctOverlap?: boolean;
}

/** Coverage of one interval method with one block length and record length on one paired metric. */
export interface CoverageRow {
  metric: PairedMetric;
  method: IntervalMethod;
  /** ℓ actually used, in windows: the requested one, cut as `comparePaired` cuts it for a short record ({@link pairedBlocks}). */
  blockLength: number;
  /** J = ⌊windows/ℓ⌋, the number of blocks actually used. */
  blocks: number;
  /** Windows of each simulated record. */
  windows: number;
  /** Share of the M intervals that contain the true difference. */
  coverage: number;
  /** Binomial standard error of `coverage`, √(c(1 − c)/M). */
  standardError: number;
  /** Mean width of the intervals. */
  width: number;
  /** Share of the misses that fell below the truth (interval wholly above it). */
  missesAbove: number;
}

/** What {@link measureIntervalCoverage} measured. */
export interface CoverageReport {
  /** The true differences strategy − baseline of each metric, from the large sample. */
  truth: Record<PairedMetric, number>;
  /** Windows per replication of the `days` record (with `blockCounts`, see each row's `windows`). */
  windows: number;
  replications: number;
  rows: CoverageRow[];
}

/**
 * Measures by simulation how often paired bootstrap intervals ({@link pairedDraws}) of the
 * differences strategy − baseline (mean, std, CVaR95, entropic risk) contain their true value, on
 * data built like the market test windows: each replication simulates one GBM series of `days`
 * trading days and cuts it into the days − T overlapping windows of T + 1 dates (stride 1), rebased
 * to 100, on which a short at-the-money call is hedged by two delta hedges. The true differences
 * are the metrics of `truthPaths` independent GBM windows (the population values the windows'
 * metrics estimate). With `blockCounts`, short records of J blocks of ℓ windows are measured
 * instead, each cut into blocks as `comparePaired` cuts them ({@link pairedBlocks}).
 *
 * @param random - the seeded source of the paths and the resamples.
 */
export function measureIntervalCoverage(
  scenario: CoverageScenario,
  options: CoverageOptions,
  random: RandomSource,
): CoverageReport {
  const {
    days = 982,
    steps = 30,
    volatility = 0.3,
    drift = 0.1,
    strategyVolatility = 0.3,
    strategyTilt = 0.1,
    baselineVolatility = 0.2,
    regimes,
  } = scenario;
  const {
    replications = 200,
    resamples = 500,
    blockLengths = [steps],
    blockCounts,
    methods = [...INTERVAL_METHODS],
    level = 0.95,
    truthPaths = 200_000,
    riskAversion = 1.3,
    correctOverlap = true,
  } = options;
  if (!blockCounts) assertOption(days > steps + 1, "days", days, `must exceed T + 1 = ${steps + 1}`);
  for (const j of blockCounts ?? [])
    assertOption(Number.isInteger(j) && j >= 1, "blockCounts", j, "must hold integers ≥ 1");
  if (regimes)
    assertOption(
      regimes.low > 0 && regimes.high > 0 && regimes.meanDuration >= 1,
      "regimes",
      JSON.stringify(regimes),
      "needs volatilities > 0 and a mean duration ≥ 1 day",
    );
  const simulate = (n: number, length: number, source: RandomSource): PathBatch =>
    regimes
      ? regimeSwitchingPaths(n, length, drift, regimes, source)
      : generateGbm({ n, steps: length, volatility, drift }, source);
  const option = new EuropeanOption();
  const dt = 1 / TRADING_DAYS_PER_YEAR;
  const pnlPair = (paths: PathBatch): [Float64Array, Float64Array] => {
    const context = { paths, option, dt };
    const payoff = option.payoff(paths);
    const tilted = new DeltaHedge({ volatility: strategyVolatility }).holdings(context);
    for (let k = 0; k < tilted.length; k++) tilted[k] = tilted[k]! + strategyTilt;
    const strategy = hedgePnl(paths, tilted, payoff);
    if (baselineVolatility === 0) return [strategy, new Float64Array(paths.n)];
    const base = new DeltaHedge({ volatility: baselineVolatility }).holdings(context);
    return [strategy, hedgePnl(paths, base, payoff)];
  };
  // The large sample is simulated in chunks so that millions of windows fit in memory (only the
  // P&Ls are kept).
  const truthRandom = random.fork(0);
  const chunks: [Float64Array, Float64Array][] = [];
  for (let done = 0, c = 0; done < truthPaths; done += TRUTH_CHUNK, c++) {
    const n = Math.min(TRUTH_CHUNK, truthPaths - done);
    const chunkRandom = truthPaths <= TRUTH_CHUNK ? truthRandom : truthRandom.fork(c);
    chunks.push(pnlPair(simulate(n, steps, chunkRandom)));
  }
  const a = concatenate(chunks.map(([x]) => x));
  const b = concatenate(chunks.map(([, y]) => y));
  const truth = Object.fromEntries(
    PAIRED_METRICS.map((metric) => [
      metric,
      pairedMetric(metric, a, riskAversion, 0.95) - pairedMetric(metric, b, riskAversion, 0.95),
    ]),
  ) as Record<PairedMetric, number>;
  const windows = days - steps;
  // The records measured: every ℓ on one series of `days`, or one series of J·ℓ windows per (J, ℓ).
  const jackknifeCut = methods.some(needsJackknife);
  const records = (blockCounts ? blockCounts : [undefined]).flatMap((count) =>
    blockLengths.map((requested) => {
      const n = count === undefined ? windows : count * requested;
      const cut = jackknifeCut ? pairedBlocks(n, requested) : { blockLength: requested };
      return {
        windows: n,
        blockLength: cut.blockLength,
        blocks: Math.floor(n / Math.min(cut.blockLength, n)),
      };
    }),
  );
  const hits = records.map(() => new Map<string, { hits: number; width: number; above: number }>());
  const keyOf = (metric: string, method: string): string => `${metric}|${method}`;
  for (let r = 0; r < replications; r++) {
    const shared = blockCounts ? undefined : simulate(1, days - 1, random.fork(1 + r));
    const sharedPnl = shared ? pnlPair(overlappingWindows(shared.values, steps)) : undefined;
    records.forEach((record, k) => {
      const [x, y] =
        sharedPnl ??
        pnlPair(
          overlappingWindows(
            simulate(1, record.windows + steps - 1, random.fork(1 + r).fork(1000 + record.windows)).values,
            steps,
          ),
        );
      const { estimates, draws, jackknife, scales } = pairedDraws(x, y, random.fork(1 + r).fork(2 + k), {
        riskAversion,
        resamples,
        blockLength: record.blockLength,
        studentize: methods.includes("studentized"),
      });
      PAIRED_METRICS.forEach((metric, m) => {
        for (const method of methods) {
          const { lower, upper } = intervalFromDraws(
            estimates[m]!,
            draws[m]!,
            level,
            method,
            needsJackknife(method) ? jackknife(m) : undefined,
            scales?.[m],
            overlapCorrection(correctOverlap ? steps : 1, record.blockLength),
          );
          const key = keyOf(metric, method);
          const entry = hits[k]!.get(key) ?? { hits: 0, width: 0, above: 0 };
          const t = truth[metric];
          if (lower <= t && t <= upper) entry.hits++;
          else if (lower > t) entry.above++;
          entry.width += (upper - lower) / replications;
          hits[k]!.set(key, entry);
        }
      });
    });
  }
  const rows: CoverageRow[] = [];
  records.forEach((record, k) => {
    for (const metric of PAIRED_METRICS) {
      for (const method of methods) {
        const entry = hits[k]!.get(keyOf(metric, method))!;
        const coverage = entry.hits / replications;
        const misses = replications - entry.hits;
        rows.push({
          metric,
          method,
          blockLength: record.blockLength,
          blocks: record.blocks,
          windows: record.windows,
          coverage,
          standardError: Math.sqrt((coverage * (1 - coverage)) / replications),
          width: entry.width,
          missesAbove: misses === 0 ? 0 : entry.above / misses,
        });
      }
    }
  });
  return { truth, windows, replications, rows };
}

/**
 * n independent paths of `steps` daily steps from 100 whose σ switches between `low` and `high` by a
 * symmetric two-state Markov chain (switch probability 1/meanDuration a day), each starting in either
 * state with probability ½ (the chain's stationary law): [n, steps + 1, 1].
 */
function regimeSwitchingPaths(
  n: number,
  steps: number,
  drift: number,
  regimes: { low: number; high: number; meanDuration: number },
  random: RandomSource,
): PathBatch {
  const dt = 1 / TRADING_DAYS_PER_YEAR;
  const levels = [regimes.low, regimes.high];
  const values = new Float64Array(n * (steps + 1));
  for (let i = 0; i < n; i++) {
    let state = random.uniform() < 0.5 ? 0 : 1;
    let price = 100;
    values[i * (steps + 1)] = price;
    for (let t = 1; t <= steps; t++) {
      const sigma = levels[state]!;
      price *= Math.exp((drift - 0.5 * sigma * sigma) * dt + sigma * Math.sqrt(dt) * random.normal());
      values[i * (steps + 1) + t] = price;
      if (random.uniform() < 1 / regimes.meanDuration) state = 1 - state;
    }
  }
  return createPathBatch(values, { n, steps, tickers: ["SIM"] });
}

/** Paths per chunk of the large sample of {@link measureIntervalCoverage}. */
const TRUTH_CHUNK = 200_000;

/** The arrays one after the other. */
function concatenate(parts: Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float64Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The overlapping windows of T + 1 dates (stride 1) of one price series, each rebased to 100: [D − T, T + 1, 1]. */
function overlappingWindows(prices: Float64Array, steps: number): PathBatch {
  const n = prices.length - steps;
  const values = new Float64Array(n * (steps + 1));
  for (let i = 0; i < n; i++) {
    const start = prices[i]!;
    for (let t = 0; t <= steps; t++) values[i * (steps + 1) + t] = (100 * prices[i + t]!) / start;
  }
  return createPathBatch(values, { n, steps, tickers: ["SIM"] });
}
