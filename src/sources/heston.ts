import { withVariance } from "../generators/variance-paths.js";
import { z } from "zod";
import { section } from "../schema/option-meta.js";
import { fitHeston } from "../generators/fit-heston.js";
import { generateHeston, type HestonParameters } from "../generators/heston.js";
import type { SourceEntry } from "./source-entry.js";
import { givenField, givenWorld, worldFields, worldFit, worldPathsCell } from "./world-source.js";

const given = givenField("heston");

const schema = section(
  z
    .strictObject({
      /** training: fitted on the training span (moments of returns and block realised variance); given: the values below. */
      fit: worldFit(
        "heston",
        "Heston parameters (training: moments of the training span's returns and realised variance; given: --heston-kappa …)",
      ),
      /** κ, mean reversion of the variance per year (given). */
      kappa: given(z.number().gt(0), 2, "kappa", "given κ, mean reversion of the variance per year"),
      /** θ, long-run variance, annualised (given). */
      theta: given(z.number().gt(0), 0.04, "theta", "given θ, long-run variance (annualised)"),
      /** ξ, volatility of the variance (given). */
      xi: given(z.number().gt(0), 0.5, "xi", "given ξ, volatility of the variance"),
      /** ρ, correlation of price and variance (given). */
      rho: given(z.number().gt(-1).lt(1), -0.7, "rho", "given ρ, correlation of price and variance"),
      /** v_0, the first date's variance (given). */
      v0: given(z.number().min(0), 0.04, "v0", "given v0, the first date's variance"),
      ...worldFields("heston", "Heston"),
      /** Days per block of realised variance in the fit. */
      block: z.number().int().min(1).default(5),
      /** Lags (in blocks) of the fit's autocovariances. */
      lags: z.number().int().min(2).default(20),
    })
    .prefault({}),
  { heading: "Heston source:", commands: ["run", "train", "generate"] },
);

/** The heston section's options, resolved. */
export type HestonSourceOptions = z.output<typeof schema>;

/** Every asset with the section's given values; C with `correlation` off the diagonal. */
export function givenHeston(options: HestonSourceOptions, tickers: string[]): HestonParameters {
  const { kappa, theta, xi, rho, v0, drift } = options;
  return givenWorld(tickers, { kappa, theta, xi, rho, v0, drift }, options.correlation);
}

/**
 * Heston training paths (issue 24), by Andersen's QE scheme with the martingale correction, each
 * asset's parameters fitted on the training span by {@link fitHeston} or given; the parameters are
 * saved with the paths and written in the description.
 */
export const HESTON_SOURCE: SourceEntry<"heston", "heston", typeof schema> = {
  name: "heston",
  section: "heston",
  schema,
  description: "Heston paths (Andersen's QE scheme), fitted on the training span or given",
  regimeLabels: false,
  generated: true,
  world: true,
  variance: true,
  pathsCell: (input) =>
    worldPathsCell(
      input,
      {
        name: "heston",
        model: "Heston paths (QE scheme)",
        fit: input.options.fit,
        paths: input.options.paths,
        given: (tickers) => givenHeston(input.options, tickers),
        estimate: (returns, tickers) =>
          fitHeston(returns, tickers, { block: input.options.block, lags: input.options.lags }),
        generate: (parameters, n, steps, random) =>
          withVariance(generateHeston(parameters, { n, steps }, random)),
        symbols: { kappa: "κ", theta: "θ", xi: "ξ", rho: "ρ", v0: "v0", drift: "μ" },
      },
      // The stored paths carry the variance (PathBatch.variance) since it became an input.
      { ...input.options, stored: "prices and variance" },
    ),
};
