import { createRandom } from "../random/random-source.js";
import { selectAssets, type PathBatch } from "../data/path-batch.js";
import { pathQuality, type QualityRow } from "../evaluation/path-quality.js";
import { trainingPathsOf, type LearnedCellContext } from "./learned-cell.js";
import { runSources, type RunConfig, type SourceName } from "./run-config.js";

/** The training sources whose paths are generated (and so have a quality to measure). */
export const GENERATED_SOURCES: readonly SourceName[] = ["regime-bs", "sigdiffusion"];

/**
 * The generators' quality tables of a run (the report's last section): the training paths of each
 * generated source of the run ({@link GENERATED_SOURCES}) and the market training windows themselves
 * (the floor) against the market training and test windows, by {@link pathQuality}, on the hedge
 * set with the most assets (every asset's statistics and the correlation error between them).
 * The paths are the ones the run's hedgers trained on: made in this run, or read from its cache.
 *
 * @returns the rows, empty when no learned hedger trained on a generated source.
 */
export function generatorQuality(
  config: RunConfig,
  context: LearnedCellContext,
  hedgeSets: readonly (readonly string[])[],
): QualityRow[] {
  const learned = config.strategies.some((s) => s === "rnn" || s === "sigformer");
  const generated = runSources(config).filter((s) => GENERATED_SOURCES.includes(s));
  if (!learned || generated.length === 0 || config.training.paths !== undefined) return [];
  const hedge = [...hedgeSets.reduce((a, b) => (b.length > a.length ? b : a))];
  const train = selectAssets(context.data.windows.train, hedge);
  const test = selectAssets(context.data.windows.test, hedge);
  const sources: Record<string, PathBatch> = {};
  for (const source of generated) {
    const cellConfig: RunConfig = { ...config, training: { ...config.training, data: source } };
    const hooks = context.cache ? { cacheDir: context.cache.dir } : undefined;
    sources[source] = trainingPathsOf(cellConfig, source, hedge, context, hooks).paths;
  }
  sources["train windows (floor)"] = train;
  return pathQuality(sources, { train, test }, createRandom(config.seed).fork(8));
}
