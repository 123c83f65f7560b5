import { createRandom } from "../random/random-source.js";
import { selectAssets, type PathBatch } from "../data/path-batch.js";
import {
  qualityTargets,
  type QualityRejections,
  type QualityTargetRecord,
} from "../evaluation/quality-targets.js";
import { defineCell, type Cell } from "../graph/cell.js";
import { textFile } from "../graph/cell-files.js";
import { formatQualityTargetsCsv, parseQualityTargetsCsv } from "../store/quality-targets-csv.js";
import type { MarketData } from "../market/market-data.js";
import type { TrainingPaths } from "../sources/source-entry.js";
import type { StudyRunContext } from "./study-context.js";

/** The name of the market's own row set: its validation windows held to the targets as a source. */
export const MARKET_FLOOR_SOURCE = "market validation";

/**
 * The cell of one hedge set's quality targets ({@link qualityTargets}, default options): the training
 * paths of each generated source (`paths`, the cells the hedgers of `hedge` trained on, with their
 * rejections when the source reports them) and the market's validation windows themselves
 * (`market validation`, the floor: what the market's next period scores; its KS and correlation
 * rows sit at their bound by construction), against the market's training and validation windows
 * of `hedge`, with `createRandom(seed).fork(9)`. Stored as its `quality-targets.csv` (full precision: read
 * back equal), so that a run from the store skips its discriminative classifiers (about 1 to 3 s a hedge set).
 */
export function qualityTargetsCell(
  market: Cell<MarketData, StudyRunContext>,
  hedge: readonly string[],
  paths: Readonly<Record<string, Cell<TrainingPaths, StudyRunContext>>>,
  seed: number,
): Cell<QualityTargetRecord[], StudyRunContext> {
  const names = Object.keys(paths);
  const inputs: Cell<unknown, StudyRunContext>[] = [market, ...names.map((name) => paths[name]!)];
  return defineCell<typeof inputs, QualityTargetRecord[], StudyRunContext>({
    kind: "quality-targets",
    label: `quality targets of the generated paths of ${hedge.join("+")}`,
    // `targets` names the definitions (issue 23's), so that a change of them changes the id.
    identity: { hedge, seed, sources: names, targets: 1 },
    inputs,
    codec: {
      encode: (records) => ({ "quality-targets.csv": formatQualityTargetsCsv(records) }),
      decode: (files) =>
        parseQualityTargetsCsv(textFile(files, "quality-targets.csv"), "quality-targets.csv"),
    },
    run: (outputs) => {
      const [data, ...generated] = outputs as unknown as [MarketData, ...TrainingPaths[]];
      const train = selectAssets(data.windows.train, hedge);
      const validation = selectAssets(data.windows.validation, hedge);
      const sources: Record<string, PathBatch> = {};
      const rejections: Record<string, QualityRejections> = {};
      names.forEach((name, k) => {
        sources[name] = selectAssets(generated[k]!.paths, hedge);
        const counts = generated[k]!.rejections;
        if (counts) rejections[name] = counts;
      });
      sources[MARKET_FLOOR_SOURCE] = validation;
      return qualityTargets(sources, train, validation, createRandom(seed).fork(9), { rejections }).map(
        (row) => ({ ...row, hedge: [...hedge] }),
      );
    },
  });
}
