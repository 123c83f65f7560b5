import { HedgelabError } from "../errors.js";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import { listedOption } from "../data/hedge-sets.js";
import { blackScholesPrice } from "../math/black-scholes.js";

/** The lowest price of a listed option, as a share of its strike (see {@link withListedOptions}). */
export const PRICE_FLOOR = 1e-6;

/**
 * A world's own call prices at one maturity (years) for many states: spots, strikes and, for a
 * stochastic-volatility world, the variances, each [M]; returns [M].
 */
export type CallPricer = (
  spots: Float64Array,
  strikes: Float64Array,
  variances: Float64Array | undefined,
  maturity: number,
) => Float64Array;

/** How the listed options of a hedge set are priced on each date. */
export interface ListedOptionPricing {
  /** σ of a ticker, annualised: the Black–Scholes volatility of its options (its training volatility). */
  volatility: (ticker: string) => number;
  /**
   * The world's own price, when the paths are a world's that has one (Heston with the path's variance,
   * Merton's series); absent: Black–Scholes at `volatility`.
   */
  model?: { name: string; price: (ticker: string) => CallPricer } | undefined;
  /** Years per step (1/252 for daily windows). */
  dt: number;
}

/** How the listed options of paths are priced, in words (for the notes of a run). */
export function describeListedPricing(pricing: ListedOptionPricing, tickers: readonly string[]): string {
  if (pricing.model) return `by ${pricing.model.name}`;
  return `by Black–Scholes at the training volatility (${tickers
    .map((t) => `${t} ${pricing.volatility(t).toFixed(4)}`)
    .join(", ")})`;
}

/**
 * The paths of a hedge set with listed options (`TICKER:CALLd`, {@link listedOption}) among its
 * entries: each plain ticker's prices as in `paths`, and each listed option's price on every date,
 * the call on its ticker struck at the path's first price K = S_0 and expiring d days after the start,
 * C_t = C(S_t, K, (d − t)·dt) — by Black–Scholes at the ticker's `volatility`, or by the world's own
 * price (`pricing.model`: Heston's with the path's variance v_t, Merton's) — held at (S_t − K)⁺ and above
 * {@link PRICE_FLOOR}·K. A listed option is traded like any
 * asset: its P&L is δ (C_{t+1} − C_t) and costs apply to its price.
 *
 * Shapes: `paths` [N, T + 1, H₀] holding every ticker of `hedge`; the result [N, T + 1, H], H the
 * entries of `hedge` in order (labels kept; a listed option's variance column is its underlying's).
 * Callers skip it for a hedge set without a listed option ({@link hasListedOption}).
 *
 * @throws HedgelabError on the paths of a stochastic-volatility world without a model price (rough Bergomi).
 */
export function withListedOptions(
  paths: PathBatch,
  hedge: readonly string[],
  pricing: ListedOptionPricing,
): PathBatch {
  const { n, steps, assets, values, variance } = paths;
  const column = (ticker: string): number => {
    const h = paths.tickers.indexOf(ticker);
    if (h < 0)
      throw new HedgelabError(`unknown ticker ${ticker}: the paths hold ${paths.tickers.join(", ")}`);
    return h;
  };
  const width = hedge.length;
  const out = new Float64Array(n * (steps + 1) * width);
  const outVariance = variance ? new Float64Array(out.length) : undefined;
  hedge.forEach((entry, k) => {
    const option = listedOption(entry);
    const h = column(option?.ticker ?? entry);
    const at = (i: number, t: number): number => (i * (steps + 1) + t) * assets + h;
    const to = (i: number, t: number): number => (i * (steps + 1) + t) * width + k;
    for (let i = 0; i < n; i++)
      for (let t = 0; t <= steps; t++) {
        if (!option) out[to(i, t)] = values[at(i, t)]!;
        if (outVariance) outVariance[to(i, t)] = variance![at(i, t)]!;
      }
    if (!option) return;
    if (variance && !pricing.model)
      throw new HedgelabError(
        `the listed option ${entry} has no model price on these stochastic-volatility paths: use a gbm, heston or merton world, or market data`,
      );
    const sigma = pricing.volatility(option.ticker);
    const model = pricing.model?.price(option.ticker);
    const spots = new Float64Array(n);
    const strikes = new Float64Array(n);
    const states = new Float64Array(n);
    for (let t = 0; t <= steps; t++) {
      const maturity = (option.days - t) * pricing.dt;
      for (let i = 0; i < n; i++) {
        spots[i] = values[at(i, t)]!;
        strikes[i] = values[at(i, 0)]!;
        if (variance) states[i] = variance[at(i, t)]!;
      }
      const prices =
        model && maturity > 0
          ? model(spots, strikes, variance ? states : undefined, maturity)
          : spots.map((spot, i) =>
              blackScholesPrice({ kind: "call", spot, strike: strikes[i]!, maturity, volatility: sigma }),
            );
      // Held at the no-arbitrage bound (S − K)⁺ and above a millionth of the strike: the Fourier price
      // of a far out-of-the-money call can come out a hair below 0, and a hedger reads log-returns.
      for (let i = 0; i < n; i++)
        out[to(i, t)] = Math.max(prices[i]!, spots[i]! - strikes[i]!, PRICE_FLOOR * strikes[i]!);
    }
  });
  return createPathBatch(
    out,
    { n, steps, tickers: [...hedge] },
    {
      ...(paths.startDates ? { startDates: paths.startDates } : {}),
      ...(paths.startIndex ? { startIndex: paths.startIndex } : {}),
      ...(paths.regimes ? { regimes: paths.regimes } : {}),
      ...(outVariance ? { variance: outVariance } : {}),
    },
  );
}

/** Whether a hedge set has a listed option among its entries. */
export function hasListedOption(hedge: readonly string[]): boolean {
  return hedge.some((entry) => listedOption(entry) !== undefined);
}
