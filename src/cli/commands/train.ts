import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { HedgelabError } from "../../errors.js";
import { prepareRunData } from "../../experiments/run-experiment.js";
import { formatModelFiles } from "../../experiments/model-file.js";
import { resolveRunConfig } from "../../experiments/run-config.js";
import { trainPolicy } from "../../experiments/train-policy.js";
import { assertRunFolderFree, freeRunName, writeRunFolder } from "../../experiments/write-run.js";
import { checkpointFile, removeCheckpoint } from "../checkpoint-file.js";
import { timestamp, type CliIo } from "../io.js";
import { trainingProgress } from "../progress.js";
import { buildRunConfigInput, flagNames, type RunFlags } from "../run-options.js";

/**
 * `hedgelab train --model rnn --data market --hedge AAPL,MSFT`: trains one hedger on the training
 * windows (validation on the validation windows), with a progress bar, a checkpoint after every
 * epoch (`<out>/.<name>.checkpoint.json`, resumed with `--resume`), and writes the model folder
 * `<out>/<name>/` (model.json, config.json, history.csv) atomically.
 */
export function commandTrain(flags: RunFlags, io: CliIo): void {
  const model = typeof flags.model === "string" ? flags.model : "rnn";
  if (model !== "rnn") throw new HedgelabError(`invalid --model: ${JSON.stringify(model)} (available: rnn)`);
  const config = resolveRunConfig(buildRunConfigInput(flags), flagNames(flags));
  if (config.hedgeSets.length !== 1 || !Array.isArray(flags.hedge)) {
    throw new HedgelabError("train takes exactly one hedge set: give one --hedge (e.g. --hedge AAPL,MSFT)");
  }
  const hedge = config.hedgeSets[0]!;
  const out = typeof flags.out === "string" ? flags.out : "models";
  const base = `${model}-${hedge.join("-")}-${timestamp((io.now ?? (() => new Date()))())}`;
  const name = config.name ?? freeRunName(out, base);
  assertRunFolderFree(out, name);
  const data = prepareRunData(config, undefined, config.training.data === "regime-bs");
  const resolved = { ...config, name, data: { ...config.data, start: data.start, end: data.end } };
  const checkpoint = join(out, `.${name}.checkpoint.json`);
  mkdirSync(out, { recursive: true });
  const trained = trainPolicy(resolved, hedge, data, {
    ...trainingProgress(io, `${hedge.join("+")} ${model}`, config.training.epochs),
    checkpoints: checkpointFile(checkpoint, hedge, flags.resume === true),
  });
  try {
    const { fit } = trained;
    if (fit.diverged) {
      const keep = existsSync(checkpoint)
        ? `the last good checkpoint is ${checkpoint} (resume with --resume --name ${name}, e.g. with a lower --learning-rate)`
        : "no epoch finished, so there is no checkpoint: try a lower --learning-rate";
      throw new HedgelabError(`${fit.diverged}; ${keep}`);
    }
    const folder = writeRunFolder(formatModelFiles(trained, resolved), out, name);
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
        `model: ${folder}`,
        `evaluate it: hedgelab evaluate --model ${folder}`,
      ].join("\n") + "\n",
    );
  } finally {
    trained.policy.dispose();
  }
}
