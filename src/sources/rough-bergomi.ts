import { withVariance } from "../generators/variance-paths.js";
import { z } from "zod";
import { section } from "../schema/option-meta.js";
import { fitRoughBergomi } from "../generators/fit-rough-bergomi.js";
import { generateRoughBergomi, type RoughBergomiParameters } from "../generators/rough-bergomi.js";
import type { SourceEntry } from "./source-entry.js";
import { givenField, givenWorld, worldFields, worldFit, worldPathsCell } from "./world-source.js";

const given = givenField("bergomi");

const schema = section(
  z
    .strictObject({
      /** training: fitted on the training span (log realised variance and leverage); given: the values below. */
      fit: worldFit(
        "bergomi",
        "rough Bergomi parameters (training: structure function of the training span's log realised variance; given: --bergomi-hurst …)",
      ),
      /** H, Hurst index of the volatility (given). */
      hurst: given(z.number().gt(0).lt(0.5), 0.1, "hurst", "given H, Hurst index of the volatility"),
      /** η, volatility of volatility (given). */
      eta: given(z.number().min(0), 1.9, "eta", "given η, volatility of volatility"),
      /** ρ, correlation of price and volatility (given). */
      rho: given(z.number().gt(-1).lt(1), -0.9, "rho", "given ρ, correlation of price and volatility"),
      /** ξ₀, flat forward variance (given). */
      xi0: given(z.number().gt(0), 0.04, "xi0", "given ξ0, flat forward variance"),
      ...worldFields("bergomi", "rough Bergomi"),
    })
    .prefault({}),
  { heading: "Rough Bergomi source:", commands: ["run", "train", "generate"] },
);

/** The roughBergomi section's options, resolved. */
export type RoughBergomiSourceOptions = z.output<typeof schema>;

/** Every asset with the section's given values; C with `correlation` off the diagonal. */
export function givenRoughBergomi(
  options: RoughBergomiSourceOptions,
  tickers: string[],
): RoughBergomiParameters {
  const { hurst, eta, rho, xi0, drift } = options;
  return givenWorld(tickers, { hurst, eta, rho, xi0, drift }, options.correlation);
}

/**
 * Rough Bergomi training paths (issue 24), by the hybrid scheme (κ = 1); parameters fitted on the
 * training span by {@link fitRoughBergomi} or given, saved with the paths and written in the description.
 */
export const ROUGH_BERGOMI_SOURCE: SourceEntry<"rough-bergomi", "roughBergomi", typeof schema> = {
  name: "rough-bergomi",
  section: "roughBergomi",
  schema,
  description: "rough Bergomi paths (hybrid scheme), fitted on the training span or given",
  regimeLabels: false,
  generated: true,
  world: true,
  variance: true,
  pathsCell: (input) =>
    worldPathsCell(
      input,
      {
        name: "rough-bergomi",
        model: "rough Bergomi paths (hybrid scheme)",
        fit: input.options.fit,
        paths: input.options.paths,
        given: (tickers) => givenRoughBergomi(input.options, tickers),
        estimate: (returns, tickers) => fitRoughBergomi(returns, tickers),
        generate: (parameters, n, steps, random) =>
          withVariance(generateRoughBergomi(parameters, { n, steps }, random)),
        symbols: { hurst: "H", eta: "η", rho: "ρ", xi0: "ξ0", drift: "μ" },
      },
      // The stored paths carry the variance (PathBatch.variance) since it became an input.
      { ...input.options, stored: "prices and variance" },
    ),
};
