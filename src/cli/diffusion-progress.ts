import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { HedgelabError } from "../errors.js";
import type { SigDiffusionCheckpoint } from "../generators/sigdiffusion.js";
import type { SigDiffusionRunHooks } from "../sources/sigdiffusion-paths.js";
import type { CliIo } from "./io.js";
import { progressBar, type ProgressBar } from "./progress.js";

/**
 * Progress of SigDiffusion on standard error, with {@link progressBar}: per network a bar over the
 * epochs (`AAPL sigdiffusion [####----] 3/10 epochs, step 12/44, loss 0.4123, validation loss
 * 0.4010`) ending in one summary line per network, then a bar over the sampled paths. Off a
 * terminal, only the summary lines.
 */
export function diffusionProgress(
  io: CliIo,
  tickers: readonly string[],
  joint: boolean,
  epochs: number,
): SigDiffusionRunHooks {
  const label = (k: number): string => `${joint ? tickers.join("+") : (tickers[k] ?? "")} sigdiffusion`;
  const bars = new Map<number, ProgressBar>();
  const bar = (k: number): ProgressBar => {
    if (!bars.has(k)) bars.set(k, progressBar(io, label(k)));
    return bars.get(k)!;
  };
  const validation = new Map<number, string>();
  const sampling = progressBar(io, "sigdiffusion sampling");
  return {
    onStep: (k, _count, epoch, step, steps, loss) =>
      bar(k).update(
        epoch - 1,
        epochs,
        `epochs, step ${step}/${steps}, loss ${loss.toFixed(4)}${validation.get(k) ?? ""}`,
      ),
    onEpoch: (k, _count, record) => {
      const held =
        record.validationLoss !== undefined ? `, validation loss ${record.validationLoss.toFixed(4)}` : "";
      validation.set(k, held);
      bar(k).update(record.epoch, epochs, `epochs, loss ${record.loss.toFixed(4)}${held}`);
      if (record.epoch === epochs) {
        bar(k).done(`${label(k)}: ${epochs} epochs, loss ${record.loss.toFixed(4)}${held}`);
      }
    },
    onSample: (accepted, total) => sampling.update(accepted, total, "paths accepted"),
  };
}

/** The content of a SigDiffusion checkpoint file: what it belongs to, and the state. */
interface DiffusionCheckpointFile {
  /** JSON of the settings, hedge set, seed and training span the run was started with. */
  fingerprint: string;
  checkpoint: SigDiffusionCheckpoint;
}

/**
 * A SigDiffusion checkpoint in one JSON file, replaced atomically after every epoch (written to
 * `file.partial`, then renamed). `load` (for `--resume`) reads it back and refuses, in one line, a
 * file that is damaged or that belongs to another run (other settings, hedge set, seed or data).
 */
export function diffusionCheckpointFile(
  file: string,
  fingerprint: string,
): {
  save: (checkpoint: SigDiffusionCheckpoint) => void;
  load: () => SigDiffusionCheckpoint | undefined;
  remove: () => void;
} {
  return {
    save: (checkpoint) => {
      writeFileSync(
        `${file}.partial`,
        JSON.stringify({ fingerprint, checkpoint } satisfies DiffusionCheckpointFile),
      );
      renameSync(`${file}.partial`, file);
    },
    load: () => {
      if (!existsSync(file)) return undefined;
      let saved: DiffusionCheckpointFile;
      try {
        saved = JSON.parse(readFileSync(file, "utf8")) as DiffusionCheckpointFile;
      } catch (error) {
        throw new HedgelabError(`checkpoint ${file} cannot be read: ${(error as Error).message}`);
      }
      if (
        typeof saved.fingerprint !== "string" ||
        !saved.checkpoint ||
        !Array.isArray(saved.checkpoint.finished)
      ) {
        throw new HedgelabError(`checkpoint ${file} is not a SigDiffusion checkpoint`);
      }
      if (saved.fingerprint !== fingerprint) {
        throw new HedgelabError(
          `checkpoint ${file} belongs to another run (different SigDiffusion settings, hedge set, seed or training data): resume with the same options`,
        );
      }
      return saved.checkpoint;
    },
    remove: () => rmSync(file, { force: true }),
  };
}
