import { hedgeTickers } from "../../data/hedge-sets.js";
import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { HedgelabError } from "../../errors.js";
import { createRandom } from "../../random/random-source.js";
import { selectAssets, type PathBatch } from "../../data/path-batch.js";
import { countRegimePaths, regimePathChunks } from "../../generators/regime-black-scholes.js";
import { estimateRegimeDynamics } from "../../generators/regime-dynamics.js";
import { regimeTimeline, returnDistributionCsv } from "../../market/market-regimes.js";
import { formatRegimesCsv } from "../../store/report-files.js";
import { npyData, npyHeader } from "../../data/npy.js";
import { resolveRunConfig, type RunConfig } from "../../config/run-config.js";
import { describeRegimes, prepareRunData, withStudyPeriod } from "../../study/run-study.js";
import {
  describeRemovedPartials,
  fillOutputFolder,
  releaseOutputFolder,
  reserveOutputFolder,
  type OutputFolder,
} from "../../store/output-folder.js";
import { VERSION } from "../../version.js";
import { folderRecovery, timestamp, type CliIo } from "../io.js";
import { generateSigDiffusion } from "./generate-sigdiffusion.js";
import { mixtureProgress, progressBar } from "../progress.js";
import { buildRunConfigInput, flagNames, setPath, withAbsolutePaths, type RunFlags } from "../run-options.js";

/** Generated paths kept in returns.csv (the Figure 1 table): enough for a histogram, bounded in size. */
const RETURN_SAMPLE = 20_000;

/**
 * `hedgelab generate --source regime-bs --hedge AAPL,MSFT`: fits the regime model on the training
 * span, estimates the per-regime dynamics of the hedge set and writes `<out>/<name>/` atomically:
 * `paths.npy` [N, T + 1, H] float64 and `regimes.npy` [N, T] int32 (NumPy format, streamed in chunks),
 * `meta.json` (configuration, regime model, BIC table, dynamics), `regimes.csv` (the paper's Figure 2
 * data) and `returns.csv` (Figure 1: the underlying's 30-day returns of the generated set, first
 * 20,000 paths, against the market validation and test windows).
 */
export function commandGenerate(flags: RunFlags, io: CliIo): void {
  const source = typeof flags.source === "string" ? flags.source : "regime-bs";
  if (source !== "regime-bs" && source !== "sigdiffusion")
    throw new HedgelabError(
      `invalid --source: ${JSON.stringify(source)} (available: regime-bs, sigdiffusion)`,
    );
  const input = buildRunConfigInput(flags);
  setPath(input, "training.data", source);
  const config = resolveRunConfig(input, flagNames(flags));
  if (config.hedgeSets.length !== 1 || !Array.isArray(flags.hedge)) {
    throw new HedgelabError(
      "generate takes exactly one hedge set: give one --hedge (e.g. --hedge AAPL,MSFT)",
    );
  }
  const hedge = config.hedgeSets[0]!;
  const out = typeof flags.out === "string" ? flags.out : "generated";
  if (flags.resume === true && config.name === undefined) {
    throw new HedgelabError(
      `--resume needs --name, the name of the interrupted run (its checkpoint is ${join(out, ".NAME.sigdiffusion.json")})`,
    );
  }
  const reserved = reserveOutputFolder(out, {
    ...(config.name !== undefined ? { name: config.name } : {}),
    base: `${source}-${hedge.join("-")}-${timestamp((io.now ?? (() => new Date()))())}`,
  });
  const removed = describeRemovedPartials(reserved);
  if (removed) io.stderr(`${removed}\n`);
  io.recover?.(folderRecovery(reserved));
  try {
    if (source === "sigdiffusion") generateSigDiffusion(config, reserved, out, flags.resume === true, io);
    else generate(config, source, reserved, io);
  } catch (error) {
    releaseOutputFolder(reserved);
    throw error;
  }
}

/** The work of {@link commandGenerate} once its output folder is reserved. */
function generate(config: RunConfig, source: string, reserved: OutputFolder, io: CliIo): void {
  const data = prepareRunData(config, undefined, true, mixtureProgress(io));
  const hedge = hedgeTickers(data.hedgeSets[0]!);
  for (const note of data.notes) io.stderr(`${note}\n`);
  const regimes = data.regimes!;
  const { train } = data.split;
  const trainLabels = regimes.labels.subarray(0, train.endIndex - train.startIndex + 1);
  const dynamics = estimateRegimeDynamics(data.table, hedge, train, trainLabels, regimes.model.regimes);
  const { regime } = config;
  const steps = config.data.steps;
  const options = {
    allocation: regime.allocation,
    pathsPerRegime: regime.pathsPerRegime,
    switching: regime.switching,
    steps,
    ...(regime.paths !== undefined ? { paths: regime.paths } : {}),
  };
  const total = countRegimePaths(dynamics.regimes, options);
  const h = hedge.length;
  const sample: PathBatch[] = [];
  let sampled = 0;
  const folder = fillOutputFolder(reserved, (dir) => {
    const pathsFile = openSync(join(dir, "paths.npy"), "w");
    const regimesFile = openSync(join(dir, "regimes.npy"), "w");
    try {
      writeSync(pathsFile, npyHeader([total, steps + 1, h], "float64"));
      writeSync(regimesFile, npyHeader([total, steps], "int32"));
      let written = 0;
      const bar = progressBar(io, "paths");
      for (const chunk of regimePathChunks(dynamics, options, createRandom(config.seed).fork(3))) {
        writeSync(pathsFile, npyData(chunk.values));
        writeSync(regimesFile, npyData(chunk.regimes!));
        written += chunk.n;
        if (sampled < RETURN_SAMPLE) {
          sample.push(chunk);
          sampled += chunk.n;
        }
        bar.update(written, total, "paths");
      }
      bar.done(`generated ${written} paths`);
      if (written !== total) throw new Error(`generated ${written} paths, planned ${total}`);
    } finally {
      closeSync(pathsFile);
      closeSync(regimesFile);
    }
    const meta = {
      hedgelab: VERSION,
      source,
      tickers: hedge,
      paths: total,
      steps,
      config: withAbsolutePaths(withStudyPeriod(config, data)),
      regimeModel: {
        ...regimes.model,
        mixture: {
          ...regimes.model.mixture,
          weights: Array.from(regimes.model.mixture.weights),
          means: Array.from(regimes.model.mixture.means),
          covariances: Array.from(regimes.model.mixture.covariances),
        },
      },
      dynamics: {
        ...dynamics,
        covariances: dynamics.covariances.map((c) => Array.from(c)),
        cholesky: dynamics.cholesky.map((c) => Array.from(c)),
        transition: Array.from(dynamics.transition),
      },
    };
    writeFileSync(join(dir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
    writeFileSync(join(dir, "regimes.csv"), formatRegimesCsv(regimeTimeline(data, regimes)));
    writeFileSync(
      join(dir, "returns.csv"),
      returnDistributionCsv({
        [source]: limit(sample, RETURN_SAMPLE),
        "market validation": selectAssets(data.windows.validation, hedge),
        "market test": selectAssets(data.windows.test, hedge),
      }),
    );
  });
  io.stdout(
    [
      `generated ${total} regime-switching Black–Scholes paths of ${steps} days for ${hedge.join("+")} (${regime.switching} regimes, ${regime.allocation} allocation)`,
      describeRegimes(data),
      ...dynamics.repairs.flatMap((r, k) => (r ? [`regime ${k}: ${r}`] : [])),
      `files: ${folder} (paths.npy, regimes.npy, meta.json, regimes.csv, returns.csv)`,
    ].join("\n") + "\n",
  );
}

/** The first `count` paths of a list of chunks, as one batch. */
function limit(chunks: readonly PathBatch[], count: number): PathBatch {
  const first = chunks[0]!;
  const width = (first.steps + 1) * first.assets;
  const n = Math.min(
    count,
    chunks.reduce((s, c) => s + c.n, 0),
  );
  const values = new Float64Array(n * width);
  let at = 0;
  for (const c of chunks) {
    const take = Math.min(c.n, n - at);
    values.set(c.values.subarray(0, take * width), at * width);
    at += take;
    if (at >= n) break;
  }
  return { values, n, steps: first.steps, assets: first.assets, tickers: first.tickers };
}
