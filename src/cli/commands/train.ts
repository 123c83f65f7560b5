import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { HedgelabError } from "../../errors.js";
import { withStudyPeriod } from "../../study/run-study.js";
import { trainingInputs } from "../../study/training-inputs.js";
import { folderStore } from "../../store/folder-store.js";
import { MODEL_NAMES, modelEntry, type ModelName } from "../../models/registry.js";
import { formatModelFiles } from "../../store/model-file.js";
import { resolveRunConfig, type RunConfig } from "../../config/run-config.js";
import { trainingLength, trainPolicy, wholeSetBatchNote } from "../../study/train-policy.js";
import type { MarketData } from "../../market/market-data.js";
import { redactRedisUrl } from "../redis-url.js";
import {
  describeRemovedPartials,
  releaseOutputFolder,
  reserveOutputFolder,
  writeOutputFolder,
} from "../../store/output-folder.js";
import type { TrainedPolicy } from "../../study/train-policy.js";
import { checkpointFile, removeCheckpoint } from "../checkpoint-file.js";
import { diffusionProgress } from "../diffusion-progress.js";
import { sigDiffusionSettings } from "../../sources/sigdiffusion-paths.js";
import { folderRecovery, timestamp, type CliIo } from "../io.js";
import { mixtureProgress, trainingProgress } from "../progress.js";
import {
  buildRunConfigInput,
  FLAG_NAMES,
  flagNames,
  shareTrainingLength,
  withAbsolutePaths,
  type RunFlags,
} from "../run-options.js";

/**
 * `hedgelab train --model MODEL --data SOURCE --hedge AAPL,MSFT`: trains one registered model on the training
 * windows (validation on the validation windows), with a progress bar, a checkpoint after every
 * epoch (`<out>/.<name>.checkpoint.safetensors`, resumed with `--resume`), and writes the model folder
 * `<out>/<name>/` (model.json, weights.safetensors, config.json, history.csv) atomically; generated
 * paths and SigDiffusion models are read from and stored in `<out>/.cache`.
 */
export function commandTrain(flags: RunFlags, io: CliIo): void {
  const given = typeof flags.model === "string" ? flags.model : "rnn";
  if (!(MODEL_NAMES as readonly string[]).includes(given))
    throw new HedgelabError(
      `invalid --model: ${JSON.stringify(given)} (available: ${MODEL_NAMES.join(", ")})`,
    );
  const model = given as ModelName;
  const input = buildRunConfigInput(flags);
  const config = resolveRunConfig(
    modelEntry(model).sharedLength ? shareTrainingLength(input, flags) : input,
    flagNames(flags),
  );
  if (config.hedgeSets.length !== 1 || !Array.isArray(flags.hedge)) {
    throw new HedgelabError("train takes exactly one hedge set: give one --hedge (e.g. --hedge AAPL,MSFT)");
  }
  const out = typeof flags.out === "string" ? flags.out : "models";
  if (flags.resume === true && config.name === undefined) {
    throw new HedgelabError(
      `--resume needs --name, the name of the interrupted run (its checkpoint is ${join(out, ".NAME.checkpoint.safetensors")})`,
    );
  }
  if (flags.resume === true && config.name !== undefined) refuseNothingToResume(out, config.name);
  const folder = reserveOutputFolder(out, {
    what: "model folder",
    ...(config.name !== undefined ? { name: config.name } : {}),
    base: `${model}-${config.hedgeSets[0]!.join("-")}-${timestamp((io.now ?? (() => new Date()))())}`,
  });
  const { name } = folder;
  const removed = describeRemovedPartials(folder);
  if (removed) io.stderr(`${removed}\n`);
  const checkpoint = join(out, `.${name}.checkpoint.safetensors`);
  io.recover?.({ ...folderRecovery(folder), checkpoint, resumeCommand: resumeCommand(io.argv, name) });
  if (existsSync(`${checkpoint}.partial`)) {
    rmSync(`${checkpoint}.partial`, { force: true });
    io.stderr(`removed ${checkpoint}.partial, the unfinished checkpoint of an interrupted run\n`);
  }
  let trained: TrainedPolicy;
  let hedge = config.hedgeSets[0]!;
  let data: MarketData;
  let resolved: RunConfig;
  try {
    const diffusionEpochs = sigDiffusionSettings(config.sigdiffusion, config.seed).fit.epochs ?? 0;
    const inputs = trainingInputs(config, model, {
      store: folderStore(join(out, ".cache")),
      context: {
        regimes: mixtureProgress(io),
        diffusion: ({ tickers, joint }) => diffusionProgress(io, tickers, joint, diffusionEpochs),
      },
      onData: (market) => {
        io.stderr(
          `train ${market.split.train.start}..${market.split.train.end} (${market.windows.train.n} windows) · ` +
            (market.windows.validation.n > 0
              ? `validation ${market.split.validation.start}..${market.split.validation.end} (${market.windows.validation.n} windows)`
              : "validation: none") +
            ` · test ${market.split.test.start}..${market.split.test.end} (${market.windows.test.n} windows, the model's default for evaluate)\n`,
        );
        io.stderr(
          `checkpoint after every epoch: ${checkpoint}; if interrupted (Ctrl-C), resume with: ` +
            `${resumeCommand(io.argv, name)}\n`,
        );
        for (const note of market.notes) io.stderr(`${note}\n`);
        const batches =
          config.training.data === "market"
            ? wholeSetBatchNote(config, model, market.windows.train.n)
            : undefined;
        if (batches) io.stderr(`${batches}\n`);
      },
    });
    data = inputs.data;
    resolved = { ...withStudyPeriod(config, data), name };
    hedge = data.hedgeSets[0]!;
    const { epochs } = trainingLength(resolved, model, 0);
    trained = trainPolicy(
      resolved,
      hedge,
      data,
      {
        ...trainingProgress(io, `${hedge.join("+")} ${model}`, epochs),
        checkpoints: checkpointFile(checkpoint, {
          hedge,
          config: withAbsolutePaths(resolved),
          resume: flags.resume === true,
          names: FLAG_NAMES,
          warn: (line) => io.stderr(`hedgelab: warning: ${line}\n`),
        }),
      },
      model,
      inputs.paths,
    );
  } catch (error) {
    releaseOutputFolder(folder);
    throw error;
  }
  try {
    const { fit } = trained;
    if (fit.diverged) {
      releaseOutputFolder(folder);
      const keep = existsSync(checkpoint)
        ? `the last good checkpoint is ${checkpoint} (resume with --resume --name ${name}, e.g. with a lower --learning-rate)`
        : "no epoch finished, so there is no checkpoint: try a lower --learning-rate";
      throw new HedgelabError(`${fit.diverged}; ${keep}`);
    }
    const path = writeOutputFolder(folder, formatModelFiles(trained, withAbsolutePaths(resolved)));
    removeCheckpoint(checkpoint);
    const best = fit.history.find((r) => r.epoch === fit.bestEpoch);
    io.stdout(
      [
        `trained ${String(trained.policy)} on ${hedge.join("+")}`,
        `training paths: ${trained.source} (training span ${data.split.train.start}..${data.split.train.end}); ` +
          `validation: ${data.windows.validation.n} market windows ${data.split.validation.start}..${data.split.validation.end}`,
        `${fit.resumedFrom > 0 ? `resumed after epoch ${fit.resumedFrom}; ` : ""}kept the weights of epoch ${fit.bestEpoch}` +
          (best ? ` (validation risk ${best.validationRisk.toFixed(4)})` : "") +
          (fit.stoppedEarly ? ", early stop" : ""),
        `model: ${path}`,
        `evaluate it: hedgelab evaluate --model ${path}`,
      ].join("\n") + "\n",
    );
  } finally {
    trained.policy.dispose();
  }
}

/**
 * Refuses `--resume` without a checkpoint, in one line, rather than training from scratch: the user
 * asked to continue a run, so a mistyped `--name` or a run that already finished must not silently
 * cost a whole training (and a model folder that exists is never written over).
 *
 * @throws HedgelabError saying why there is nothing to resume and what to do instead.
 */
function refuseNothingToResume(out: string, name: string): void {
  const checkpoint = join(out, `.${name}.checkpoint.safetensors`);
  if (existsSync(checkpoint)) return;
  if (existsSync(join(out, name))) {
    throw new HedgelabError(
      `nothing to resume: model folder ${join(out, name)} is finished (its checkpoint was removed when it was saved); choose another --name to train again`,
    );
  }
  throw new HedgelabError(
    `nothing to resume: no checkpoint ${checkpoint} (no epoch of a training named ${name} finished in ${out}); drop --resume to start it`,
  );
}

/**
 * The command that resumes this training: the command line as given, without any `--resume` or
 * `--name`, followed by `--name NAME --resume`; arguments quoted for a POSIX shell where needed.
 */
export function resumeCommand(argv: readonly string[] | undefined, name: string): string {
  const args: string[] = [];
  const given = argv ?? ["train"];
  for (let k = 0; k < given.length; k++) {
    const arg = given[k]!;
    if (arg === "--resume" || arg.startsWith("--name=")) continue;
    if (arg === "--name") {
      k++;
      continue;
    }
    args.push(redactRedisUrl(arg)); // a --queue password is retyped, never printed
  }
  const quote = (arg: string): string =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
  return ["hedgelab", ...args, "--name", name, "--resume"].map(quote).join(" ");
}
