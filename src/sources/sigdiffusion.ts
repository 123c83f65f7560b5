import { z } from "zod";
import { HedgelabError } from "../errors.js";
import { joinAssets, joinPaths, selectAssets } from "../data/path-batch.js";
import { DEFAULT_SIGDIFFUSION_CHUNK_SIZE, type SavedSigDiffusionModel } from "../generators/sigdiffusion.js";
import type { InversionFailure } from "../generators/sigdiffusion-inversion.js";
import { defineCell, type Cell } from "../graph/cell.js";
import { textFile } from "../graph/cell-files.js";
import type { MarketData } from "../market/market-data.js";
import { option, section } from "../schema/option-meta.js";
import { pathsCodec } from "./paths-codec.js";
import {
  assetSeed,
  fitSigDiffusionModel,
  sampleSigDiffusion,
  SIGDIFFUSION_PROFILES,
  shardBlocks,
  sigDiffusionSettings,
  type SampledSigDiffusion,
  type SigDiffusionSection,
} from "./sigdiffusion-paths.js";
import type { SourceEntry, SourceRunContext, TrainingPaths } from "./source-entry.js";

/** A default that depends on the profile, as `--help` shows it: `quick 10, paper 1200`. */
function profileDefaults(field: "epochs" | "batchSize" | "paths" | "odeSteps"): string {
  return Object.entries(SIGDIFFUSION_PROFILES)
    .map(([name, profile]) => `${name} ${profile[field]}`)
    .join(", ");
}

const schema = section(
  z
    .strictObject({
      /** quick: a small network trained and sampled in minutes; paper: hidden 64, 4 layers, 1,200 epochs, 20,000 paths. */
      profile: option(z.enum(["quick", "paper"]).default("quick"), {
        flag: "--diffusion-profile <name>",
        help: `network and sizes (quick: small network, minutes; paper: hidden ${SIGDIFFUSION_PROFILES.paper.network.hidden}, ${SIGDIFFUSION_PROFILES.paper.network.layers} layers, ${SIGDIFFUSION_PROFILES.paper.epochs} epochs, ${SIGDIFFUSION_PROFILES.paper.paths} paths)`,
      }),
      /** per-asset: one model per asset (paper); joint: one model with the assets as channels. */
      mode: option(z.enum(["per-asset", "joint"]).default("per-asset"), {
        flag: "--diffusion-mode <mode>",
        help: "models (per-asset: one per asset, the paper's; joint: the assets as channels of one)",
      }),
      /** Epochs of score training; default the profile's (quick 10, paper 1200). */
      epochs: option(z.number().int().min(1).max(100_000).optional(), {
        flag: "--diffusion-epochs <n>",
        read: "number",
        help: "score-training epochs",
        defaultText: profileDefaults("epochs"),
      }),
      /** Windows per training step; default the profile's (quick 64, paper 128). */
      batchSize: option(z.number().int().min(2).optional(), {
        flag: "--diffusion-batch-size <n>",
        read: "number",
        help: "windows per score-training step",
        defaultText: profileDefaults("batchSize"),
      }),
      /** Paths to generate; default the profile's (quick 1000, paper 20000). */
      paths: option(z.number().int().min(1).max(10_000_000).optional(), {
        flag: "--diffusion-paths <n>",
        read: "number",
        help: "paths to generate",
        defaultText: profileDefaults("paths"),
      }),
      /** Fixed steps of the probability-flow ODE; default the profile's (quick 32, paper 128). */
      odeSteps: option(z.number().int().min(1).max(10_000).optional(), {
        flag: "--ode-steps <n>",
        read: "number",
        help: "fixed steps of the probability-flow ODE",
        defaultText: profileDefaults("odeSteps"),
      }),
      solver: z.enum(["heun", "rk4"]).default("heun"),
      learningRate: z.number().gt(0).default(1e-3),
      /** Above the truncation: a Brownian bridge of the training residual energy, or nothing (paper). */
      detail: option(z.enum(["brownian", "none"]).default("brownian"), {
        flag: "--detail <kind>",
        help: "detail above the truncation (brownian: a bridge of the training residual energy; none: the paper's smooth inversion)",
      }),
      /** Tokens: PCA-whitened log-signature coordinates, or each coordinate standardised (paper). */
      standardize: z.enum(["whiten", "coordinates"]).default("whiten"),
      /** τ of the inversion's accuracy check (Bessel's inequality). */
      tolerance: z.number().min(0).default(1),
      /** Accepted paths per sampling block: the unit that shards split (the last block holds the rest). */
      chunkSize: z.number().int().min(1).max(1_000_000).default(DEFAULT_SIGDIFFUSION_CHUNK_SIZE),
      /**
       * Sampling cells per model, each drawing a contiguous range of the ⌈paths / chunkSize⌉ blocks;
       * a block's paths depend only on the seed and its index, so every count gives the same paths.
       * At most the number of blocks (more is refused when the graph is built).
       */
      shards: option(z.number().int().min(1).max(1000).default(1), {
        flag: "--diffusion-shards <n>",
        read: "number",
        help: "sampling cells per model, each drawing a range of its blocks of sigdiffusion.chunkSize (1024) paths: the same paths for every count, at most one cell per block",
      }),
    })
    .prefault({}),
  { heading: "SigDiffusion source:", commands: ["run", "train", "generate"] },
);

/** A SigDiffusion model's cell and the sample cells of its shards. */
interface ModelCells {
  model: Cell<SavedSigDiffusionModel, SourceRunContext>;
  shards: Cell<SampledSigDiffusion, SourceRunContext>[];
}

/**
 * The cells of one SigDiffusion model fitted on `tickers` with `seed`: the model (fit on their
 * training windows, validation loss on the validation windows; stored as JSON) and its sampling
 * shards (stored as paths), shared through `shared` by every hedge set that asks for the same model.
 */
export function sigDiffusionModelCells(
  market: Cell<MarketData, SourceRunContext>,
  tickers: readonly string[],
  options: SigDiffusionSection,
  seed: number,
  progress: { hedge: readonly string[]; k: number },
  shared: Map<string, Cell<unknown, SourceRunContext>>,
): ModelCells {
  const settings = sigDiffusionSettings(options, seed);
  const joint = settings.fit.mode === "joint";
  // Whether the model covers the whole hedge set its progress is told for (else one of its assets).
  const whole = tickers.length === progress.hedge.length;
  const model = reuse(
    shared,
    defineCell<readonly [typeof market], SavedSigDiffusionModel, SourceRunContext>({
      kind: "sigdiffusion-model",
      label: `SigDiffusion model of ${tickers.join("+")}`,
      identity: { tickers, fit: settings.fit },
      inputs: [market],
      codec: {
        encode: (saved) => ({ "model.json": JSON.stringify(saved) }),
        decode: (files) => JSON.parse(textFile(files, "model.json")) as SavedSigDiffusionModel,
      },
      run: ([data], context) => {
        const hooks = context.diffusion?.({
          tickers: progress.hedge,
          k: progress.k,
          count: progress.hedge.length,
          joint,
        });
        const { onStep, onEpoch, ...rest } = hooks ?? {};
        return fitSigDiffusionModel(
          selectAssets(data.windows.train, tickers),
          selectAssets(data.windows.validation, tickers),
          settings,
          seed,
          {
            ...rest,
            // A model of one asset of a larger hedge set is the hedge set's network k.
            ...(onStep
              ? {
                  onStep: (k, c, ...step) =>
                    onStep(whole ? k : progress.k, whole ? c : progress.hedge.length, ...step),
                }
              : {}),
            ...(onEpoch
              ? {
                  onEpoch: (k, c, record) =>
                    onEpoch(whole ? k : progress.k, whole ? c : progress.hedge.length, record),
                }
              : {}),
          },
        );
      },
    }),
  );
  const shards = Array.from({ length: options.shards }, (_, index) => {
    // Refuses more shards than blocks, here, when the graph is built.
    const blocks = shardBlocks(settings.sample, { index, count: options.shards });
    return reuse(
      shared,
      defineCell<readonly [typeof model], SampledSigDiffusion, SourceRunContext>({
        kind: "sigdiffusion-sample",
        label: `SigDiffusion paths of ${tickers.join("+")}, shard ${index + 1}/${options.shards}`,
        // The blocks, not the shard: cells holding the same blocks are one cell, whatever the count.
        // "blocks" names the sampling scheme, so samples of the earlier per-shard streams are not reused.
        identity: { sample: settings.sample, seed, sampling: "blocks", blocks },
        inputs: [model],
        codec: pathsCodec<SampledSigDiffusion>(
          (value) => ({ drawn: value.drawn, rejected: value.rejected }),
          (paths, meta) => ({
            paths,
            drawn: meta.drawn as number,
            rejected: meta.rejected as Record<InversionFailure, number>,
          }),
        ),
        run: ([saved], context) => {
          const hooks = context.diffusion?.({
            tickers: progress.hedge,
            k: progress.k,
            count: progress.hedge.length,
            joint,
          });
          return sampleSigDiffusion(saved, settings, seed, { index, count: options.shards }, hooks?.onSample);
        },
      }),
    );
  });
  return { model, shards };
}

/** The cell already in `shared` with the id of `cell`, else `cell` (kept there). */
function reuse<T>(
  shared: Map<string, Cell<unknown, SourceRunContext>>,
  cell: Cell<T, SourceRunContext>,
): Cell<T, SourceRunContext> {
  const found = shared.get(cell.id);
  if (found) return found as Cell<T, SourceRunContext>;
  shared.set(cell.id, cell as Cell<unknown, SourceRunContext>);
  return cell;
}

/** The paths of a model's shards side by side, with the counts of the inversion check. */
export function joinShards(samples: readonly SampledSigDiffusion[]): SampledSigDiffusion {
  const first = samples[0]!.paths;
  const rejected: Record<InversionFailure, number> = { "non-finite": 0, bessel: 0 };
  for (const s of samples)
    for (const k of Object.keys(rejected) as InversionFailure[]) rejected[k] += s.rejected[k];
  return {
    paths:
      samples.length === 1
        ? first
        : joinPaths(
            samples.map((s) => s.paths),
            first.steps,
            first.tickers,
          ),
    drawn: samples.reduce((sum, s) => sum + s.drawn, 0),
    rejected,
  };
}

/**
 * SigDiffusion (the paper's section 3.3): score-based diffusion on the log-signatures of the
 * training windows, inverted back to paths. Per asset (the paper's): one model per asset, seeded by
 * `assetSeed` and shared by every hedge set holding the asset, the assets sampled independently;
 * joint: one model of the hedge set with the assets as channels, seeded by the run's seed.
 */
export const SIGDIFFUSION_SOURCE: SourceEntry<"sigdiffusion", "sigdiffusion", typeof schema> = {
  name: "sigdiffusion",
  section: "sigdiffusion",
  schema,
  description: "SigDiffusion paths: score-based diffusion on log-signatures, inverted back to paths",
  regimeLabels: false,
  generated: true,
  pathsCell: ({ market, hedge, runSeed, options, folder, shared }) => {
    if (folder !== undefined) {
      throw new HedgelabError(
        "--paths takes the paths of hedgelab generate --source regime-bs; SigDiffusion paths are stored by the hash of the settings, data and seed instead",
      );
    }
    const perAsset = options.mode === "per-asset";
    const models = perAsset
      ? hedge.map((ticker, k) =>
          sigDiffusionModelCells(market, [ticker], options, assetSeed(runSeed, ticker), { hedge, k }, shared),
        )
      : [sigDiffusionModelCells(market, hedge, options, runSeed, { hedge, k: 0 }, shared)];
    const shards = models.flatMap((m) => m.shards);
    const settings = sigDiffusionSettings(options, runSeed);
    const inputs: Cell<unknown, SourceRunContext>[] = [market, ...shards];
    return defineCell<typeof inputs, TrainingPaths, SourceRunContext>({
      kind: "sigdiffusion-paths",
      label: `${perAsset ? "" : "joint "}SigDiffusion paths of ${hedge.join("+")}`,
      identity: { hedge, mode: options.mode },
      inputs,
      run: (outputs) => {
        const [data, ...samples] = outputs as unknown as [MarketData, ...SampledSigDiffusion[]];
        const parts = models.map((_, m) =>
          joinShards(samples.slice(m * options.shards, (m + 1) * options.shards)),
        );
        const paths = parts.length === 1 ? parts[0]!.paths : joinAssets(parts.map((p) => p.paths));
        const drawn = parts.reduce((s, p) => s + p.drawn, 0);
        const kept = parts.reduce((s, p) => s + p.paths.n, 0);
        const { epochs } = settings.fit;
        const train = selectAssets(data.windows.train, hedge);
        return {
          paths,
          rejections: { drawn, rejected: drawn - kept },
          source: perAsset
            ? `${paths.n} SigDiffusion paths (per-asset: one model per asset, ${epochs} epochs on ${data.windows.train.n} training windows; ` +
              `${drawn - kept} of ${drawn} samples rejected by the inversion check)`
            : `${paths.n} SigDiffusion paths (joint: one model of the ${hedge.length} asset${hedge.length === 1 ? "" : "s"}, ${epochs} epochs on ${train.n} training windows; ${drawn - paths.n} of ${drawn} samples rejected by the inversion check)`,
        };
      },
    });
  },
};
