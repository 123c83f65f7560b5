import { HedgelabError } from "../errors.js";
import type { PathBatch } from "../data/path-batch.js";
import { hestonCallPrices } from "../generators/heston-price.js";
import { mertonCallPrice } from "../generators/merton-price.js";
import { listedOption } from "../data/hedge-sets.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import { historicalVolatility } from "../hedgers/volatility-feature.js";
import {
  describeListedPricing,
  hasListedOption,
  withListedOptions,
  type ListedOptionPricing,
} from "../instruments/listed-options.js";
import type { MarketData } from "../market/market-data.js";
import type { FittedParameters } from "../market/fitted-parameters.js";
import type { TrainingPaths } from "../sources/source-entry.js";

/** Per-ticker parameters of a world, as its paths bring them. */
type WorldFields = { tickers: string[] } & Record<string, number[]>;

function hasFields(parameters: unknown, fields: readonly string[]): parameters is WorldFields {
  const p = parameters as Record<string, unknown> | undefined;
  return Array.isArray(p?.tickers) && fields.every((f) => Array.isArray(p?.[f]));
}

/** The world's own call price of `parameters` (Heston's with the paths' variance, Merton's), or undefined. */
function worldPrice(paths: PathBatch, parameters: unknown): ListedOptionPricing["model"] {
  const at = (p: WorldFields, ticker: string): number => {
    const a = p.tickers.indexOf(ticker);
    if (a < 0) throw new HedgelabError(`the world has no parameters for ${ticker}`);
    return a;
  };
  if (paths.variance && hasFields(parameters, ["kappa", "theta", "xi", "rho"])) {
    const p = parameters;
    return {
      name: "the Heston world's own price (Lewis's formula with the path's variance)",
      price: (ticker) => {
        const a = at(p, ticker);
        const asset = { kappa: p.kappa![a]!, theta: p.theta![a]!, xi: p.xi![a]!, rho: p.rho![a]! };
        return (spots, strikes, variances, maturity) =>
          hestonCallPrices(asset, spots, strikes, variances!, maturity);
      },
    };
  }
  if (!paths.variance && hasFields(parameters, ["intensity", "jumpMean", "jumpStd", "volatility"])) {
    const p = parameters;
    return {
      name: "the Merton world's own price (Merton's series)",
      price: (ticker) => {
        const a = at(p, ticker);
        const asset = {
          volatility: p.volatility![a]!,
          intensity: p.intensity![a]!,
          jumpMean: p.jumpMean![a]!,
          jumpStd: p.jumpStd![a]!,
        };
        return (spots, strikes, _variances, maturity) =>
          spots.map((spot, i) => mertonCallPrice(asset, spot, strikes[i]!, maturity));
      },
    };
  }
  return undefined;
}

/**
 * How the listed options of a hedge set are priced on `paths` of a run: by the world's own price
 * when `parameters` are a Heston world's (with the paths' variance) or a Merton world's, else by
 * Black–Scholes at each ticker's training volatility (market windows, the gbm world: whose σ is the
 * training volatility).
 */
export function listedPricing(data: MarketData, paths: PathBatch, parameters?: unknown): ListedOptionPricing {
  const volatility = (ticker: string): number => historicalVolatility(data.table, ticker, data.split.train);
  return { volatility, model: worldPrice(paths, parameters), dt: 1 / TRADING_DAYS_PER_YEAR };
}

/**
 * `paths` (the prices of a hedge set's tickers) as the hedge set `hedge` trades them: with its listed
 * options priced ({@link withListedOptions}, {@link listedPricing}), or unchanged without one. A world's
 * `source` paths bring their parameters.
 */
export function hedgeSetPaths(
  data: MarketData,
  hedge: readonly string[],
  paths: PathBatch,
  source?: TrainingPaths,
): PathBatch {
  if (!hasListedOption(hedge)) return paths;
  const parameters = (source as { parameters?: unknown } | undefined)?.parameters;
  return withListedOptions(paths, hedge, listedPricing(data, paths, parameters));
}

/** A note of how a hedge set's listed options are priced on `paths`, or undefined without one. */
export function listedPricingNote(
  data: MarketData,
  hedge: readonly string[],
  paths: PathBatch,
  source?: TrainingPaths,
): string | undefined {
  if (!hasListedOption(hedge)) return undefined;
  const parameters = (source as { parameters?: unknown } | undefined)?.parameters;
  const tickers = [...new Set(hedge.flatMap((entry) => listedOption(entry)?.ticker ?? []))];
  return `listed options of ${hedge.join("+")}: ${describeListedPricing(listedPricing(data, paths, parameters), tickers)}`;
}

/**
 * How `evaluate` prices the listed options of a saved model's hedge set: by Black–Scholes at the
 * training volatility saved with the model, which is its underlying's (`hedge[0]`); a listed option on
 * another ticker has no saved volatility and is refused.
 */
export function savedListedPricing(hedge: readonly string[], fitted: FittedParameters): ListedOptionPricing {
  return {
    volatility: (ticker) => {
      if (ticker !== hedge[0])
        throw new HedgelabError(
          `evaluate prices listed options on the underlying ${hedge[0]} only (at its saved training volatility), not on ${ticker}`,
        );
      return fitted.volatility.volatility;
    },
    dt: 1 / TRADING_DAYS_PER_YEAR,
  };
}
