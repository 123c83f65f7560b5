import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HedgelabError } from "../../errors.js";
import { loadModelPolicy, parseModelFile } from "../../experiments/model-file.js";
import type { CliIo } from "../io.js";
import type { RunFlags } from "../run-options.js";
import { commandRun } from "./run.js";

/**
 * `hedgelab evaluate --model models/NAME`: puts a trained hedger beside the delta hedge and no hedge
 * on the test windows of its own configuration (or of `--prices`, `--start`, `--end` given here), and
 * prints and writes the comparison like `run`.
 */
export function commandEvaluate(flags: RunFlags, io: CliIo): void {
  if (typeof flags.model !== "string")
    throw new HedgelabError("evaluate needs --model FOLDER (a folder written by hedgelab train)");
  const file = flags.model.endsWith(".json") ? flags.model : join(flags.model, "model.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new HedgelabError(`cannot read model ${file}: ${(error as Error).message}`);
  }
  const model = parseModelFile(text, file);
  const trained = loadModelPolicy(model, file);
  try {
    const { name: _name, ...base } = model.config;
    // The model's configuration is the base and flags given here override it; the hedge set and the
    // strategies are the model's comparison.
    commandRun(flags, io, {
      base,
      fixed: { hedgeSets: [model.hedge], strategies: ["delta", "no-hedge", trained.policy.name] },
      inputs: { trained: new Map([[model.hedge.join("+"), trained]]) },
    });
  } finally {
    trained.policy.dispose();
  }
}
