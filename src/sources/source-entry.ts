import type { z } from "zod";
import type { PathBatch } from "../data/path-batch.js";
import type { Cell } from "../graph/cell.js";
import type { MarketData } from "../market/market-data.js";
import type { MarketRunContext } from "../market/market-cells.js";
import type { SigDiffusionRunHooks } from "./sigdiffusion-paths.js";

/** A source's training paths of one hedge set, with where they came from in words. */
export interface TrainingPaths {
  /** Paths [N, T + 1, H], the hedge set's order; regime labels [N, T] for the regime-bs source. */
  paths: PathBatch;
  /** In words, for tables and model files (`300 regime-switching Black–Scholes paths, K = 3, …`). */
  source: string;
  /** Samples drawn and rejected, for a source that rejects some (SigDiffusion's inversion check). */
  rejections?: { drawn: number; rejected: number };
}

/** What the executor gives a source's cells while they run: progress of the long ones. */
export interface SourceRunContext extends MarketRunContext {
  /**
   * Progress and checkpoints of one SigDiffusion model: `tickers` it is fitted on, `k` its place in
   * the hedge set that first asked for it.
   */
  diffusion?: (model: {
    tickers: readonly string[];
    k: number;
    count: number;
    joint: boolean;
  }) => SigDiffusionRunHooks;
}

/** What a source's cell factory is given to make the training paths of one hedge set. */
export interface SourceCellsInput<Options> {
  /** The run's market data (price table, split, windows of every span; no regime labels). */
  market: Cell<MarketData, SourceRunContext>;
  /** The market data with the run's regimes (fitted once on the training span), made on first use. */
  regimes: () => Cell<MarketData, SourceRunContext>;
  /** The hedge set, underlying first, spelled as in the price table. */
  hedge: readonly string[];
  /** The seed of this training (the run's seed, + k for the k-th of several training seeds). */
  seed: number;
  /** The run's seed (`config.seed`): what the models shared by every training seed draw from. */
  runSeed: number;
  /** T, days per window. */
  steps: number;
  /** The source's own section of the configuration (absent for a source without one). */
  options: Options;
  /** A `hedgelab generate` folder to train on instead (`training.paths`, `--paths`), when given. */
  folder?: string | undefined;
  /** The whole resolved configuration, for checks that compare it with saved files (`--paths`). */
  config: Readonly<Record<string, unknown>>;
  /**
   * Cells already made in this study, by id: a factory returns the existing cell for an id it
   * made before (one SigDiffusion model per asset shared by every hedge set that holds it).
   */
  shared: Map<string, Cell<unknown, SourceRunContext>>;
}

/**
 * One training source as the study uses it: its configuration section (schema, defaults and flags),
 * and the cells that make a hedge set's training paths. One entry per source in `SOURCES`
 * (src/sources/registry.ts): adding a source is its file(s) and one line there.
 */
export interface SourceEntry<
  Name extends string = string,
  Section extends string | undefined = string | undefined,
  Schema extends z.ZodType | undefined = z.ZodType | undefined,
> {
  /** The name in `sources`, `training.data` and `--data` (`regime-bs`). */
  readonly name: Name;
  /** The key of its configuration section (`regime`), absent for a source without options. */
  readonly section: Section;
  /** Its section's schema, with defaults and flags. */
  readonly schema: Schema;
  /** One line: what the paths are. */
  readonly description: string;
  /** Whether the paths carry regime labels that a model trained on them reads one-hot. */
  readonly regimeLabels: boolean;
  /** Whether the paths are generated (their quality is measured against the market's). */
  readonly generated: boolean;
  /**
   * Whether it is a simulated world whose section has a `paths` count: it can then also be the test
   * set (`evaluation.testSource`, `--test-source`), with `evaluation.testPaths` paths of its own seed.
   */
  readonly world?: boolean;
  /** Whether its paths carry the world's instantaneous variance (`PathBatch.variance`): Heston, rough Bergomi. */
  readonly variance?: boolean;
  /** The cell of a hedge set's training paths (and the cells it reads, made or shared). */
  pathsCell(
    input: SourceCellsInput<Schema extends z.ZodType ? z.output<Schema> : undefined>,
  ): Cell<TrainingPaths, SourceRunContext>;
}
