import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { HedgelabError } from "../errors.js";
import type { Checkpoint, CheckpointStore } from "../training/fit.js";

/** A checkpoint with the hedge set it belongs to, as written to disk. */
interface CheckpointFile {
  hedge: string[];
  checkpoint: Checkpoint;
}

/**
 * Checkpoints in one JSON file, replaced atomically after every epoch (written beside it, then
 * renamed), so that an interrupted run always finds a complete checkpoint. `resume` decides whether
 * an existing file is loaded; one for another hedge set is refused.
 */
export function checkpointFile(file: string, hedge: readonly string[], resume: boolean): CheckpointStore {
  return {
    save: (checkpoint) => {
      const temporary = `${file}.partial`;
      writeFileSync(temporary, JSON.stringify({ hedge: [...hedge], checkpoint } satisfies CheckpointFile));
      renameSync(temporary, file);
    },
    load: () => {
      if (!resume || !existsSync(file)) return undefined;
      let saved: CheckpointFile;
      try {
        saved = JSON.parse(readFileSync(file, "utf8")) as CheckpointFile;
      } catch (error) {
        throw new HedgelabError(`checkpoint ${file} cannot be read: ${(error as Error).message}`);
      }
      if (saved.hedge.join("+") !== hedge.join("+")) {
        throw new HedgelabError(
          `checkpoint ${file} is for hedge set ${saved.hedge.join("+")}, not ${hedge.join("+")}`,
        );
      }
      return saved.checkpoint;
    },
  };
}

/** Removes a checkpoint file once its run has finished and written its results. */
export function removeCheckpoint(file: string): void {
  rmSync(file, { force: true });
}
