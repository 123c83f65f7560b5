import { MARKET_SOURCE } from "./market.js";
import { REGIME_BS_SOURCE } from "./regime-bs.js";
import { SIGDIFFUSION_SOURCE } from "./sigdiffusion.js";
import { SIGDIFFUSION_JOINT_SOURCE } from "./sigdiffusion-joint.js";
import { HESTON_SOURCE } from "./heston.js";
import { MERTON_SOURCE } from "./merton.js";
import { ROUGH_BERGOMI_SOURCE } from "./rough-bergomi.js";
import { GBM_SOURCE } from "./gbm.js";
import type { SourceEntry } from "./source-entry.js";

/**
 * The training sources of a study, by name: one line per source, each entry in its own file
 * ({@link SourceEntry}). The configuration's sections, `sources` and `training.data`, the command
 * line's flags and `--data`, the cells of the training paths and the quality tables are read from here.
 */
export const SOURCES = {
  market: MARKET_SOURCE,
  "regime-bs": REGIME_BS_SOURCE,
  sigdiffusion: SIGDIFFUSION_SOURCE,
  "sigdiffusion-joint": SIGDIFFUSION_JOINT_SOURCE,
  heston: HESTON_SOURCE,
  merton: MERTON_SOURCE,
  "rough-bergomi": ROUGH_BERGOMI_SOURCE,
  gbm: GBM_SOURCE,
} as const satisfies Record<string, SourceEntry>;

/** A registered source's name. */
export type SourceName = keyof typeof SOURCES;

/** The names of {@link SOURCES}, in registry order. */
export const SOURCE_NAMES = Object.keys(SOURCES) as [SourceName, ...SourceName[]];

/** The entry of a source by name, its section's options typed loosely (for code that serves every source). */
export function sourceEntry(name: SourceName): SourceEntry<string, string | undefined, never> {
  return SOURCES[name] as unknown as SourceEntry<string, string | undefined, never>;
}
