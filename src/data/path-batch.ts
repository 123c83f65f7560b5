import { HedgelabError } from "../errors.js";

/**
 * A batch of price paths: the one currency between data sources, generators, hedgers and the
 * evaluation.
 *
 * Shape: `values` is [N paths, T + 1 dates, H assets], row-major, so the price of asset h on date t
 * of path i is `values[(i * (T + 1) + t) * H + h]`. Prices are in the path's own units (market
 * windows are rebased so that every asset starts at 100).
 */
export interface PathBatch {
  /** Prices, shape [N, T + 1, H]. */
  readonly values: Float64Array;
  /** N, the number of paths. */
  readonly n: number;
  /** T, the number of steps; each path has T + 1 dates. */
  readonly steps: number;
  /** H, the number of assets. */
  readonly assets: number;
  /** The asset names, length H (tickers for market data). */
  readonly tickers: readonly string[];
  /** Calendar date (ISO `YYYY-MM-DD`) of S_0 for each path, length N; absent for simulated paths. */
  readonly startDates?: readonly string[];
  /** Index of S_0 in the source price table's dates, length N; absent for simulated paths. */
  readonly startIndex?: Int32Array;
  /** Regime label of each path on each step, shape [N, T]; absent when the source has no regimes. */
  readonly regimes?: Int32Array;
  /**
   * The world's instantaneous variance v_t of each asset on each date (annualised), shape
   * [N, T + 1, H] like `values`; present on the paths of a stochastic-volatility world (Heston, rough
   * Bergomi), absent on market windows.
   */
  readonly variance?: Float64Array;
}

/** Everything of a {@link PathBatch} but its values and shape. */
export type PathBatchLabels = Pick<PathBatch, "startDates" | "startIndex" | "regimes" | "variance">;

/**
 * Makes a {@link PathBatch}, checking that every array has the length its shape implies.
 *
 * @param values - prices, shape [N, T + 1, H].
 */
export function createPathBatch(
  values: Float64Array,
  shape: { n: number; steps: number; tickers: readonly string[] },
  labels: PathBatchLabels = {},
): PathBatch {
  const { n, steps, tickers } = shape;
  const assets = tickers.length;
  if (!Number.isInteger(n) || n < 0) throw new HedgelabError(`invalid path count: ${n}`);
  if (!Number.isInteger(steps) || steps < 1) throw new HedgelabError(`invalid steps: ${steps} (must be ≥ 1)`);
  if (assets < 1) throw new HedgelabError("a path batch needs at least one asset");
  if (values.length !== n * (steps + 1) * assets) {
    throw new Error(`path values have length ${values.length}, expected ${n}×${steps + 1}×${assets}`);
  }
  if (labels.startDates && labels.startDates.length !== n) throw new Error("startDates must have length N");
  if (labels.startIndex && labels.startIndex.length !== n) throw new Error("startIndex must have length N");
  if (labels.regimes && labels.regimes.length !== n * steps)
    throw new Error("regimes must have shape [N, T]");
  if (labels.variance && labels.variance.length !== values.length)
    throw new Error("variance must have the shape of the values, [N, T + 1, H]");
  return { values, n, steps, assets, tickers: [...tickers], ...labels };
}

/** Price of asset `h` on date `t` of path `i`. */
export function pathPrice(batch: PathBatch, i: number, t: number, h: number): number {
  return batch.values[(i * (batch.steps + 1) + t) * batch.assets + h]!;
}

/**
 * The prices of one asset, shape [N, T + 1].
 *
 * @param h - the asset's index in `batch.tickers`.
 */
export function assetPrices(batch: PathBatch, h: number): Float64Array {
  const { n, steps, assets } = batch;
  const out = new Float64Array(n * (steps + 1));
  for (let i = 0; i < n; i++) {
    for (let t = 0; t <= steps; t++)
      out[i * (steps + 1) + t] = batch.values[(i * (steps + 1) + t) * assets + h]!;
  }
  return out;
}

/** The prices of asset `h` at maturity, shape [N]. */
export function terminalPrices(batch: PathBatch, h = 0): Float64Array {
  const { n, steps, assets } = batch;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = batch.values[(i * (steps + 1) + steps) * assets + h]!;
  return out;
}

/**
 * A batch holding only the assets named in `tickers`, in that order; labels are kept.
 *
 * @throws HedgelabError naming a ticker the batch does not have.
 */
export function selectAssets(batch: PathBatch, tickers: readonly string[]): PathBatch {
  const index = tickers.map((ticker) => {
    const h = batch.tickers.indexOf(ticker);
    if (h < 0)
      throw new HedgelabError(`unknown ticker ${ticker}: the paths hold ${batch.tickers.join(", ")}`);
    return h;
  });
  const { n, steps, assets } = batch;
  const width = index.length;
  const pick = (from: Float64Array): Float64Array => {
    const out = new Float64Array(n * (steps + 1) * width);
    for (let row = 0; row < n * (steps + 1); row++) {
      for (let k = 0; k < width; k++) out[row * width + k] = from[row * assets + index[k]!]!;
    }
    return out;
  };
  const labels = labelsOf(batch);
  return createPathBatch(
    pick(batch.values),
    { n, steps, tickers },
    {
      ...labels,
      ...(batch.variance ? { variance: pick(batch.variance) } : {}),
    },
  );
}

function labelsOf(batch: PathBatch): PathBatchLabels {
  const labels: { -readonly [K in keyof PathBatchLabels]: PathBatchLabels[K] } = {};
  if (batch.startDates) labels.startDates = batch.startDates;
  if (batch.startIndex) labels.startIndex = batch.startIndex;
  if (batch.regimes) labels.regimes = batch.regimes;
  return labels;
}

/**
 * The paths at `indices` (in that order), with their labels: a mini-batch or a shuffled subset.
 *
 * @param indices - path indices into `batch`, each in [0, N).
 */
export function gatherPaths(batch: PathBatch, indices: ArrayLike<number>): PathBatch {
  const { steps, assets } = batch;
  const width = (steps + 1) * assets;
  const n = indices.length;
  const values = new Float64Array(n * width);
  const labels: { -readonly [K in keyof PathBatchLabels]: PathBatchLabels[K] } = {};
  const startDates: string[] = [];
  const startIndex = new Int32Array(n);
  const regimes = batch.regimes ? new Int32Array(n * steps) : undefined;
  const variance = batch.variance ? new Float64Array(n * width) : undefined;
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (!(i >= 0 && i < batch.n)) throw new Error(`path index ${i} is out of range [0, ${batch.n})`);
    values.set(batch.values.subarray(i * width, (i + 1) * width), k * width);
    if (variance) variance.set(batch.variance!.subarray(i * width, (i + 1) * width), k * width);
    if (batch.startDates) startDates.push(batch.startDates[i]!);
    if (batch.startIndex) startIndex[k] = batch.startIndex[i]!;
    if (regimes) regimes.set(batch.regimes!.subarray(i * steps, (i + 1) * steps), k * steps);
  }
  if (batch.startDates) labels.startDates = startDates;
  if (batch.startIndex) labels.startIndex = startIndex;
  if (regimes) labels.regimes = regimes;
  if (variance) labels.variance = variance;
  return createPathBatch(values, { n, steps, tickers: batch.tickers }, labels);
}

/**
 * Joins batches of the same N and T side by side along the assets: the result holds every asset of
 * `batches[0]`, then of `batches[1]`, … (path i of each batch becomes path i of the result). Labels
 * are not kept: the batches are generated paths with no dates.
 *
 * Shape: each [N, T + 1, H_k] → [N, T + 1, Σ H_k].
 */
export function joinAssets(batches: readonly PathBatch[]): PathBatch {
  const first = batches[0];
  if (!first) throw new Error("joinAssets needs at least one batch");
  for (const b of batches) {
    if (b.n !== first.n || b.steps !== first.steps)
      throw new Error(`joinAssets: batches of ${b.n}×${b.steps} and ${first.n}×${first.steps} paths`);
  }
  const tickers = batches.flatMap((b) => b.tickers);
  const assets = tickers.length;
  const points = first.n * (first.steps + 1);
  const values = new Float64Array(points * assets);
  let offset = 0;
  for (const b of batches) {
    for (let p = 0; p < points; p++)
      for (let h = 0; h < b.assets; h++) values[p * assets + offset + h] = b.values[p * b.assets + h]!;
    offset += b.assets;
  }
  return createPathBatch(values, { n: first.n, steps: first.steps, tickers });
}

/**
 * Joins batches of the same T and assets one after another along the paths: the paths of
 * `parts[0]`, then of `parts[1]`, … (`steps` and `tickers` give the shape when `parts` is empty).
 * Labels are not kept (the parts are generated paths with no dates), but the variance is when every
 * part has one.
 *
 * Shape: each [N_k, T + 1, H] → [Σ N_k, T + 1, H].
 */
export function joinPaths(parts: readonly PathBatch[], steps: number, tickers: readonly string[]): PathBatch {
  const width = (steps + 1) * tickers.length;
  const values = new Float64Array(parts.reduce((s, c) => s + c.n, 0) * width);
  const keepVariance = parts.length > 0 && parts.every((c) => c.variance);
  const variance = keepVariance ? new Float64Array(values.length) : undefined;
  let at = 0;
  for (const c of parts) {
    if (c.steps !== steps || c.assets !== tickers.length)
      throw new Error(
        `joinPaths: a batch of ${c.steps} steps × ${c.assets} assets among ${steps} × ${tickers.length}`,
      );
    values.set(c.values, at * width);
    if (variance) variance.set(c.variance!, at * width);
    at += c.n;
  }
  return createPathBatch(values, { n: at, steps, tickers: [...tickers] }, variance ? { variance } : {});
}
