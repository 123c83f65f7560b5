import { HedgelabError } from "../errors.js";
import { SIGDIFFUSION_SOURCE } from "./sigdiffusion.js";
import type { SourceEntry } from "./source-entry.js";

/**
 * SigDiffusion in its joint mode as a source of its own, so that one study trains on both modes side
 * by side (`sources: ["sigdiffusion", "sigdiffusion-joint"]`: the paper's per-asset models against
 * one model of the hedge set, the seed paper's claim that per-asset SigDiffusion cannot learn the
 * dependence between the assets). It reads the `sigdiffusion` section, all of it but `mode`, which
 * it sets to `"joint"`: one network per hedge set with its H assets as channels, fitted on the
 * hedge set's training windows [N, T + 1, H] and seeded by the run's seed, so its paths [N', T + 1, H]
 * are drawn with their dependence. The model, sample and paths cells are SigDiffusion's, their
 * identities holding `mode: "joint"`, so they differ from the per-asset ones (stored apart) and are
 * the same cells as `sigdiffusion` with `sigdiffusion.mode: "joint"`.
 *
 * @throws HedgelabError when the study also trains on `sigdiffusion` with `sigdiffusion.mode:
 *   "joint"`: both sources would be the same paths under two names.
 */
export const SIGDIFFUSION_JOINT_SOURCE: SourceEntry<
  "sigdiffusion-joint",
  "sigdiffusion",
  typeof SIGDIFFUSION_SOURCE.schema
> = {
  name: "sigdiffusion-joint",
  section: "sigdiffusion",
  schema: SIGDIFFUSION_SOURCE.schema,
  description: "SigDiffusion paths of one joint model per hedge set (the assets as channels)",
  regimeLabels: false,
  generated: true,
  pathsCell: (input) => {
    const sources = input.config.sources;
    if (input.options.mode === "joint" && Array.isArray(sources) && sources.includes("sigdiffusion")) {
      throw new HedgelabError(
        'invalid sources: "sigdiffusion" with sigdiffusion.mode "joint" is the same source as "sigdiffusion-joint"; use sigdiffusion.mode "per-asset" (the default) to compare the two modes',
      );
    }
    return SIGDIFFUSION_SOURCE.pathsCell({ ...input, options: { ...input.options, mode: "joint" } });
  },
};
