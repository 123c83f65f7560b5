import { HedgelabError } from "../errors.js";
import type { PathBatch } from "../data/path-batch.js";
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
import type { TrainingPaths } from "../sources/source-entry.js";

/** The parameters a world's paths come with, when they are a Heston world's (κ, θ, ξ, ρ per ticker). */
interface HestonLike {
  tickers: string[];
  kappa: number[];
  theta: number[];
  xi: number[];
  rho: number[];
}

function isHeston(parameters: unknown): parameters is HestonLike {
  const p = parameters as Partial<HestonLike> | undefined;
  return (
    Array.isArray(p?.tickers) && Array.isArray(p?.kappa) && Array.isArray(p?.xi) && Array.isArray(p?.rho)
  );
}

/**
 * How the listed options of a hedge set are priced on `paths` of a run: by Black–Scholes at each
 * ticker's training volatility (market windows and worlds without variance), or by the Heston
 * world's own price when the paths carry its variance and `parameters` are Heston's.
 */
export function listedPricing(data: MarketData, paths: PathBatch, parameters?: unknown): ListedOptionPricing {
  const volatility = (ticker: string): number => historicalVolatility(data.table, ticker, data.split.train);
  const heston =
    paths.variance && isHeston(parameters)
      ? (ticker: string) => {
          const a = parameters.tickers.indexOf(ticker);
          if (a < 0) throw new HedgelabError(`the Heston world has no parameters for ${ticker}`);
          return {
            kappa: parameters.kappa[a]!,
            theta: parameters.theta[a]!,
            xi: parameters.xi[a]!,
            rho: parameters.rho[a]!,
          };
        }
      : undefined;
  return { volatility, heston, dt: 1 / TRADING_DAYS_PER_YEAR };
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
