import { createRandom } from "../random/random-source.js";
import { selectAssets, type PathBatch } from "../data/path-batch.js";
import { pathQuality, type QualityRow } from "../evaluation/path-quality.js";
import { defineCell, type Cell } from "../graph/cell.js";
import type { MarketData } from "../market/market-data.js";
import type { TrainingPaths } from "../sources/source-entry.js";
import type { StudyRunContext } from "./study-context.js";

/**
 * The cell of the generators' quality tables (the report's last section): the training paths of each
 * generated source (`paths`, the cells the hedgers of `hedge` trained on with the run's seed) and the
 * market training windows themselves (the floor) against the market training and test windows, by
 * {@link pathQuality}, with `createRandom(seed).fork(8)`; `hedge` is the hedge set with the most
 * assets (every asset's statistics and the correlation error between them).
 */
export function qualityCell(
  market: Cell<MarketData, StudyRunContext>,
  hedge: readonly string[],
  paths: Readonly<Record<string, Cell<TrainingPaths, StudyRunContext>>>,
  seed: number,
): Cell<QualityRow[], StudyRunContext> {
  const names = Object.keys(paths);
  const inputs: Cell<unknown, StudyRunContext>[] = [market, ...names.map((name) => paths[name]!)];
  return defineCell<typeof inputs, QualityRow[], StudyRunContext>({
    kind: "quality",
    label: `quality of the generated paths of ${hedge.join("+")}`,
    identity: { hedge, seed, sources: names },
    inputs,
    run: (outputs) => {
      const [data, ...generated] = outputs as unknown as [MarketData, ...TrainingPaths[]];
      const train = selectAssets(data.windows.train, hedge);
      const test = selectAssets(data.windows.test, hedge);
      const sources: Record<string, PathBatch> = {};
      names.forEach((name, k) => (sources[name] = generated[k]!.paths));
      sources["train windows (floor)"] = train;
      return pathQuality(sources, { train, test }, createRandom(seed).fork(8));
    },
  });
}
