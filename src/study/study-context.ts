import type { ModelName, RunConfig, SourceName } from "../config/run-config.js";
import type { MarketRunContext } from "../market/market-cells.js";
import type { SourceRunContext } from "../sources/source-entry.js";
import type { TrainingHooks } from "./train-policy.js";

/** One learned strategy on one source and hedge set (and seed): a training cell of the study. */
export interface LearnedCell {
  /** 1-based position among the study's training cells, and their number. */
  index: number;
  total: number;
  hedge: readonly string[];
  strategy: ModelName;
  source: SourceName;
  /** The training seed, when the run trains several (`training.seeds` > 1). */
  seed?: number;
  /** The cell's configuration: the run's with `training.data` = `source` and the member's seed. */
  config: RunConfig;
  /** The cell's id: its store entry and checkpoint name. */
  key: string;
  /** True when the trained model comes from the store (no training). */
  cached: boolean;
}

/** What the executor gives every cell of a study while it runs: the progress hooks of the long cells. */
export interface StudyRunContext extends MarketRunContext, SourceRunContext {
  /** The hooks of the training cell `id` (progress bar, checkpoints), set when it starts. */
  training?: (id: string) => TrainingHooks;
}
