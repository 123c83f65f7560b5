import { z } from "zod";
import { section } from "../schema/option-meta.js";
import { fitMerton } from "../generators/fit-merton.js";
import { generateMerton, type MertonParameters } from "../generators/merton.js";
import type { SourceEntry } from "./source-entry.js";
import { givenField, givenWorld, worldFields, worldFit, worldPathsCell } from "./world-source.js";

const given = givenField("merton");

const schema = section(
  z
    .strictObject({
      /** training: fitted on the training span by maximum likelihood of daily returns; given: the values below. */
      fit: worldFit(
        "merton",
        "Merton parameters (training: maximum likelihood of the training span's daily returns; given: --merton-volatility …)",
      ),
      /** σ, diffusive volatility, annualised (given). */
      volatility: given(z.number().min(0), 0.15, "volatility", "given σ, diffusive volatility"),
      /** λ, jumps per year (given). */
      intensity: given(z.number().min(0), 5, "intensity", "given λ, jumps per year"),
      /** m, mean log jump size (given). */
      jumpMean: given(z.number(), -0.03, "jump-mean", "given m, mean log jump size"),
      /** s, standard deviation of the log jump size (given). */
      jumpStd: given(z.number().min(0), 0.05, "jump-std", "given s, standard deviation of the log jump size"),
      ...worldFields("merton", "Merton"),
    })
    .prefault({}),
  { heading: "Merton jump-diffusion source:", commands: ["run", "train", "generate"] },
);

/** The merton section's options, resolved. */
export type MertonSourceOptions = z.output<typeof schema>;

/** Every asset with the section's given values; C with `correlation` off the diagonal. */
export function givenMerton(options: MertonSourceOptions, tickers: string[]): MertonParameters {
  const { volatility, intensity, jumpMean, jumpStd, drift } = options;
  return givenWorld(tickers, { volatility, intensity, jumpMean, jumpStd, drift }, options.correlation);
}

/**
 * Merton jump-diffusion training paths (issue 24), exact on the grid, correlated diffusions and jumps
 * independent per asset; parameters fitted on the training span by {@link fitMerton} or given, saved
 * with the paths and written in the description.
 */
export const MERTON_SOURCE: SourceEntry<"merton", "merton", typeof schema> = {
  name: "merton",
  section: "merton",
  schema,
  description: "Merton jump-diffusion paths, fitted on the training span or given",
  regimeLabels: false,
  generated: true,
  world: true,
  pathsCell: (input) =>
    worldPathsCell(
      input,
      {
        name: "merton",
        model: "Merton jump-diffusion paths",
        fit: input.options.fit,
        paths: input.options.paths,
        given: (tickers) => givenMerton(input.options, tickers),
        estimate: (returns, tickers) => fitMerton(returns, tickers),
        generate: (parameters, n, steps, random) => generateMerton(parameters, { n, steps }, random),
        symbols: { volatility: "σ", intensity: "λ", jumpMean: "m", jumpStd: "s", drift: "μ" },
      },
      input.options,
    ),
};
