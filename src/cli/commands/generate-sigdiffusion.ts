import { hedgeTickers } from "../../data/hedge-sets.js";
import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { HedgelabError } from "../../errors.js";
import { createRandom } from "../../random/random-source.js";
import { selectAssets } from "../../data/path-batch.js";
import { pathQuality, qualityCsv, qualityMarkdown } from "../../evaluation/path-quality.js";
import { regimeTrainingPaths } from "../../market/market-regimes.js";
import { npyData, npyHeader } from "../../data/npy.js";
import type { RunConfig } from "../../config/run-config.js";
import type { MarketData } from "../../market/market-data.js";
import type { PathBatch } from "../../data/path-batch.js";
import type { SavedSigDiffusionModel } from "../../generators/sigdiffusion.js";
import type { InversionFailure } from "../../generators/sigdiffusion-inversion.js";
import type { SigDiffusionRunHooks } from "../../sources/sigdiffusion-paths.js";
import { describeRegimes, prepareRunData } from "../../study/run-study.js";
import { fillOutputFolder, type OutputFolder } from "../../store/output-folder.js";
import { sigDiffusionSettings } from "../../sources/sigdiffusion-paths.js";
import { joinShards, sigDiffusionModelCells } from "../../sources/sigdiffusion.js";
import type { SourceRunContext } from "../../sources/source-entry.js";
import { marketDataCell } from "../../market/market-cells.js";
import { priceFingerprint } from "../../data/price-fingerprint.js";
import { executeGraph, outputOf } from "../../graph/execute-graph.js";
import type { Cell } from "../../graph/cell.js";
import { folderStore } from "../../store/folder-store.js";
import { VERSION } from "../../version.js";
import { diffusionCheckpointFile, diffusionProgress } from "../diffusion-progress.js";
import type { CliIo } from "../io.js";
import { mixtureProgress } from "../progress.js";
import { resumeCommand } from "./train.js";

/** Regime-bs paths generated for the side-by-side quality table (empirical allocation). */
const REGIME_COMPARISON_PATHS = 5000;

/**
 * `hedgelab generate --source sigdiffusion --hedge AAPL,MSFT`: fits SigDiffusion on the training
 * windows (per asset or jointly, `--diffusion-mode`), with a progress bar and a checkpoint after every
 * epoch (`<out>/.<name>.sigdiffusion.json`, `--resume --name NAME`), samples the paths (cached in
 * `<out>/.cache` by the hash of the settings, data and seed), and writes `<out>/<name>/` atomically:
 * `paths.npy` [N, T + 1, H], `model.json` (the fitted generator), `history.csv`, `meta.json` and the
 * quality tables `quality.csv` / `quality.md` (SigDiffusion, regime-bs and the training windows
 * themselves, the floor, against the training and test windows).
 */
export function generateSigDiffusion(
  config: RunConfig,
  folder: OutputFolder,
  out: string,
  resume: boolean,
  io: CliIo,
): void {
  // The regime model (for the regime-bs comparison) is fitted only once the input is known to be good.
  const market = prepareRunData(config, undefined, false);
  const hedge = hedgeTickers(market.hedgeSets[0]!);
  for (const note of market.notes) io.stderr(`${note}\n`);
  const settings = sigDiffusionSettings(config.sigdiffusion, config.seed);
  const train = selectAssets(market.windows.train, hedge);
  const batchSize = settings.fit.batchSize ?? 128;
  if (train.n < batchSize) {
    throw new HedgelabError(
      `too few training windows for SigDiffusion: ${train.n} in ${market.split.train.start}..${market.split.train.end} for a batch size of ${batchSize} (lower --diffusion-batch-size or widen the training span)`,
    );
  }
  const data = prepareRunData(config, undefined, true, mixtureProgress(io));
  const test = selectAssets(data.windows.test, hedge);
  const fingerprint = JSON.stringify({
    settings,
    hedge,
    seed: config.seed,
    train: [data.split.train.start, data.split.train.end],
  });
  const file = join(out, `.${folder.name}.sigdiffusion.json`);
  const checkpoint = diffusionCheckpointFile(file, fingerprint);
  const resumeWith = resumeCommand(io.argv, folder.name);
  io.recover?.({ checkpoint: file, resumeCommand: resumeWith });
  const resumed = resume ? checkpoint.load() : undefined;
  if (resume && !resumed) io.stderr(`no checkpoint for ${folder.name}: starting from the first epoch\n`);
  io.stderr(
    `SigDiffusion ${settings.fit.mode} on ${train.n} training windows ${data.split.train.start}..${data.split.train.end}; ` +
      `${settings.fit.epochs} epochs, batch ${batchSize}, ${settings.sample.paths} paths, ${settings.sample.odeSteps} ODE steps (${config.sigdiffusion.profile} profile)\n`,
  );
  io.stderr(`checkpoint after every epoch: ${file}; if interrupted (Ctrl-C), resume with: ${resumeWith}\n`);
  const started = Date.now();
  const result = sampleModel(config, data, hedge, join(out, ".cache"), {
    ...diffusionProgress(io, hedge, settings.fit.mode === "joint", settings.fit.epochs ?? 0),
    saveCheckpoint: checkpoint.save,
    ...(resumed ? { resume: resumed } : {}),
  });
  const seconds = (Date.now() - started) / 1000;
  const regimePaths = regimeTrainingPaths(
    data,
    data.regimes!,
    hedge,
    { allocation: "empirical", paths: REGIME_COMPARISON_PATHS, steps: config.data.steps },
    createRandom(config.seed).fork(7),
  ).paths;
  const references = { train, test };
  const rows = pathQuality(
    { sigdiffusion: result.paths, "regime-bs": regimePaths, "train windows (floor)": train },
    references,
    createRandom(config.seed).fork(8),
  );
  const table = qualityMarkdown(rows, Object.keys(references));
  const { paths } = result;
  const path = fillOutputFolder(folder, (dir) => {
    const file = openSync(join(dir, "paths.npy"), "w");
    try {
      writeSync(file, npyHeader([paths.n, paths.steps + 1, paths.assets], "float64"));
      writeSync(file, npyData(paths.values));
    } finally {
      closeSync(file);
    }
    writeFileSync(join(dir, "model.json"), `${JSON.stringify(result.model)}\n`);
    const history = result.model.networks.flatMap((network) =>
      network.history.map(
        (r) =>
          `${network.assets.map((a) => hedge[a]).join("+")},${r.epoch},${r.loss},${r.validationLoss ?? ""}`,
      ),
    );
    writeFileSync(join(dir, "history.csv"), `model,epoch,loss,validation_loss\n${history.join("\n")}\n`);
    writeFileSync(join(dir, "quality.csv"), qualityCsv(rows));
    writeFileSync(join(dir, "quality.md"), table);
    const meta = {
      hedgelab: VERSION,
      source: "sigdiffusion",
      tickers: hedge,
      paths: paths.n,
      steps: paths.steps,
      drawn: result.drawn,
      rejected: result.rejected,
      cacheKey: result.key,
      fromCache: result.cached,
      seconds,
      settings,
      config,
    };
    writeFileSync(join(dir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
  });
  checkpoint.remove();
  const rejectedTotal = result.drawn - paths.n;
  io.stdout(
    [
      `generated ${result.source} for ${hedge.join("+")} in ${seconds.toFixed(1)} s`,
      `inversion check: ${rejectedTotal} of ${result.drawn} samples rejected (Bessel ${result.rejected.bessel}, non-finite ${result.rejected["non-finite"]})`,
      describeRegimes(data),
      "",
      "quality (distances: vs train / vs test windows):",
      table,
      `files: ${path} (paths.npy, model.json, history.csv, quality.csv, quality.md, meta.json)`,
    ].join("\n") + "\n",
  );
}

/**
 * One SigDiffusion model of the whole hedge set (joint, or per asset inside one model) with the run's
 * seed, fitted and sampled by the same cells as a study's, read from and stored in `storeDir`.
 */
function sampleModel(
  config: RunConfig,
  data: MarketData,
  hedge: readonly string[],
  storeDir: string,
  hooks: SigDiffusionRunHooks,
): {
  paths: PathBatch;
  model: SavedSigDiffusionModel;
  drawn: number;
  rejected: Record<InversionFailure, number>;
  key: string;
  cached: boolean;
  source: string;
} {
  const market = marketDataCell(config, data.table, priceFingerprint(data.table));
  const { model, shards } = sigDiffusionModelCells(
    market,
    hedge,
    config.sigdiffusion,
    config.seed,
    { hedge, k: 0 },
    new Map(),
  );
  const context: SourceRunContext = { diffusion: () => hooks };
  let cached = false;
  const outputs = executeGraph([model, ...shards] as Cell<unknown, SourceRunContext>[], {
    context,
    store: folderStore(storeDir),
    outputs: new Map([[market.id, data]]),
    onDone: (cell, origin) => {
      if (cell.id === model.id) cached = origin === "stored";
    },
  });
  const { paths, drawn, rejected } = joinShards(shards.map((shard) => outputOf(outputs, shard)));
  const settings = sigDiffusionSettings(config.sigdiffusion, config.seed);
  const train = selectAssets(data.windows.train, hedge);
  return {
    paths,
    model: outputOf(outputs, model),
    drawn,
    rejected,
    key: model.id,
    cached,
    source: `${paths.n} SigDiffusion paths (${settings.fit.mode}, ${settings.fit.epochs} epochs on ${train.n} training windows; ${drawn - paths.n} of ${drawn} samples rejected by the inversion check${cached ? "; from the cache" : ""})`,
  };
}
