import { z } from "zod";
import { section } from "../schema/option-meta.js";
import { fitGbm, type GbmParameters } from "../generators/fit-gbm.js";
import { generateGbm } from "../generators/gbm.js";
import type { SourceEntry } from "./source-entry.js";
import { givenField, givenWorld, worldFields, worldFit, worldPathsCell } from "./world-source.js";

const schema = section(
  z
    .strictObject({
      /** training: σ and correlations of the training span's daily returns; given: the values below. */
      fit: worldFit(
        "gbm",
        "Black–Scholes parameters (training: volatility and correlation of the training span's daily returns; given: --gbm-volatility …)",
      ),
      /** σ, annualised, of every asset (given). */
      volatility: givenField("gbm")(
        z.number().gt(0),
        0.2,
        "volatility",
        "given σ of every asset, annualised",
      ),
      ...worldFields("gbm", "Black–Scholes"),
    })
    .prefault({}),
  { heading: "Black–Scholes (GBM) source:", commands: ["run", "train", "generate"] },
);

/** The gbm section's options, resolved. */
export type GbmSourceOptions = z.output<typeof schema>;

/** Every asset with the section's given values; C with `correlation` off the diagonal. */
export function givenGbm(options: GbmSourceOptions, tickers: string[]): GbmParameters {
  const { volatility, drift } = options;
  return givenWorld(tickers, { volatility, drift }, options.correlation);
}

/**
 * Multivariate Black–Scholes paths, exact on the grid: the world where the delta hedge is the
 * model's own (fitted σ = the training volatility), for known-answer studies with costs and exotic
 * payoffs. Parameters fitted on the training span ({@link fitGbm}) or given, saved with the paths.
 */
export const GBM_SOURCE: SourceEntry<"gbm", "gbm", typeof schema> = {
  name: "gbm",
  section: "gbm",
  schema,
  description: "Black–Scholes (GBM) paths, fitted on the training span or given",
  regimeLabels: false,
  generated: true,
  world: true,
  pathsCell: (input) =>
    worldPathsCell(
      input,
      {
        name: "gbm",
        model: "Black–Scholes paths",
        fit: input.options.fit,
        paths: input.options.paths,
        given: (tickers) => givenGbm(input.options, tickers),
        estimate: (returns, tickers) => fitGbm(returns, tickers),
        generate: (parameters, n, steps, random) =>
          generateGbm(
            {
              n,
              steps,
              volatility: parameters.volatility,
              drift: parameters.drift,
              tickers: parameters.tickers,
              ...(parameters.correlation ? { correlation: parameters.correlation } : {}),
            },
            random,
          ),
        symbols: { volatility: "σ", drift: "μ" },
      },
      input.options,
    ),
};
