import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { HedgelabError } from "../errors.js";
import type { SigDiffusionCheckpoint } from "../generators/sigdiffusion.js";
import type { SigDiffusionRunHooks } from "../experiments/sigdiffusion-source.js";
import type { CliIo } from "./io.js";

/**
 * Progress of SigDiffusion on standard error: on a terminal, a bar per training step
 * (`AAPL sigdiffusion 1/2  epoch 3/10 [#####-----] 12/44 loss 0.4123`) and per sampling step;
 * one line per epoch with the training loss and the EMA weights' validation loss.
 */
export function diffusionProgress(
  io: CliIo,
  tickers: readonly string[],
  joint: boolean,
  epochs: number,
): SigDiffusionRunHooks {
  const width = 20;
  const label = (k: number, count: number): string =>
    `${joint ? tickers.join("+") : (tickers[k] ?? "")} sigdiffusion${count > 1 ? ` ${k + 1}/${count}` : ""}`;
  let lastSample = -1;
  return {
    onStep: (k, count, epoch, step, steps, loss) => {
      if (!io.isTTY) return;
      const filled = Math.round((width * step) / steps);
      io.stderr(
        `\r${label(k, count)}  epoch ${epoch}/${epochs} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${step}/${steps} loss ${loss.toFixed(4)}`,
      );
    },
    onEpoch: (k, count, record) => {
      const line =
        `${label(k, count)}  epoch ${record.epoch}/${epochs}  loss ${record.loss.toFixed(4)}` +
        (record.validationLoss !== undefined ? `  validation loss ${record.validationLoss.toFixed(4)}` : "");
      io.stderr(io.isTTY ? `\r${line.padEnd(width + 60)}\n` : `${line}\n`);
    },
    onSample: (accepted, total) => {
      if (!io.isTTY || accepted === lastSample) return;
      io.stderr(`\rsampling: ${accepted}/${total} paths accepted`);
      lastSample = accepted;
    },
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
