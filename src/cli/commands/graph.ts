import { HedgelabError } from "../../errors.js";
import { resolveRunConfig } from "../../config/run-config.js";
import { buildStudyGraph } from "../../study/study-graph.js";
import { drawStudyGraph } from "../../study/draw-study.js";
import { loadStudyPrices } from "../../study/run-study.js";
import type { CliIo } from "../io.js";
import { buildRunConfigInput, flagNames, shareTrainingLength, type RunFlags } from "../run-options.js";

/**
 * `hedgelab graph [--config FILE] [flags of run] [--format mermaid|text]`: prints the graph of cells
 * of the study `run` would execute with the same flags (Mermaid flowchart by default), without
 * running anything.
 */
export function commandGraph(flags: RunFlags, io: CliIo): void {
  const format = typeof flags.format === "string" ? flags.format : "mermaid";
  if (format !== "mermaid" && format !== "text")
    throw new HedgelabError(`invalid --format: ${JSON.stringify(format)} (available: mermaid, text)`);
  const config = resolveRunConfig(shareTrainingLength(buildRunConfigInput(flags), flags), flagNames(flags));
  io.stdout(`${drawStudyGraph(buildStudyGraph(config, loadStudyPrices(config)), { format })}\n`);
}
