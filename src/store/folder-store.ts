import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CellFiles } from "../graph/cell.js";
import type { CellStore } from "../graph/cell-store.js";

/**
 * The content-addressed store of a study in a folder (`runs/.cache` by default): every finished cell
 * is a folder `<kind>-<id>/` holding the files of its codec. An entry is written into a hidden
 * folder beside it and renamed into place in one step, so an interrupted write never leaves an entry
 * that looks complete; the hidden folders of interrupted writes are removed when the store is opened.
 * Training checkpoints live beside the entries (`<id>.checkpoint.safetensors`) while a cell trains.
 */
export interface FolderStore extends CellStore {
  /** The folder. */
  readonly dir: string;
  /** Where the checkpoint of the cell `id` goes while it runs (the folder is created). */
  checkpointPath(id: string): string;
  /** Whether the cell `id` of kind `kind` is stored (without reading it). */
  has(kind: string, id: string): boolean;
}

/** A {@link FolderStore} in `dir` (created on the first write). */
export function folderStore(dir: string): FolderStore {
  removeInterrupted(dir);
  const entry = (kind: string, id: string): string => join(dir, `${kind}-${id}`);
  return {
    dir,
    read(kind, id) {
      const folder = entry(kind, id);
      if (!existsSync(folder)) return undefined;
      const files: CellFiles = {};
      for (const name of readdirSync(folder)) files[name] = new Uint8Array(readFileSync(join(folder, name)));
      return files;
    },
    write(kind, id, files) {
      const target = entry(kind, id);
      if (existsSync(target)) return;
      mkdirSync(dir, { recursive: true });
      const temporary = join(dir, `.${kind}-${id}.partial-${process.pid}`);
      try {
        rmSync(temporary, { recursive: true, force: true });
        mkdirSync(temporary);
        for (const [name, data] of Object.entries(files)) writeFileSync(join(temporary, name), data);
        renameSync(temporary, target);
      } catch (error) {
        rmSync(temporary, { recursive: true, force: true });
        // Another process may have stored the same cell meanwhile: its entry is as good as ours.
        if (!existsSync(target)) throw error;
      }
    },
    checkpointPath(id) {
      mkdirSync(dir, { recursive: true });
      return join(dir, `${id}.checkpoint.safetensors`);
    },
    has(kind, id) {
      return existsSync(entry(kind, id));
    },
  };
}

/** Removes the hidden folders of writes that a killed process left behind (never another live process's). */
function removeInterrupted(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const match = /^\..+\.partial-(\d+)$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && alive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
