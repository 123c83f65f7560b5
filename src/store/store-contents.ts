import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * What a thing in a store folder is: `entry` a finished cell (`<kind>-<id>/`), `checkpoint` a
 * training's checkpoint (`<id>.checkpoint.safetensors`, with its `.partial` while being replaced),
 * `temporary` the hidden folder of a cell being written (`.<kind>-<id>.partial-<pid>`).
 */
export type StoreItemType = "entry" | "checkpoint" | "temporary";

/** One thing in a store folder, with its size and age. */
export interface StoreItem {
  type: StoreItemType;
  /** The name in the folder. */
  name: string;
  /** The full path. */
  path: string;
  /**
   * The cell's kind (`training`, `market-data`, …); for a checkpoint, `training` (`sigdiffusion` for
   * the checkpoint of `generate --source sigdiffusion`).
   */
  kind: string;
  /** The cell's id (hexadecimal); for a checkpoint beside the store, the `--name` of its command. */
  id: string;
  /** A checkpoint of `train` or `generate` in the folder that holds the store (their `--out`), not in it. */
  beside?: boolean;
  /** Bytes on disk, every file inside counted. */
  bytes: number;
  /** Last modification, ms since the epoch (the newest file inside for a folder). */
  modified: number;
  /**
   * A checkpoint whose training is stored (its entry exists), or, beside the store, whose command's
   * folder `<out>/<name>` was written: nothing resumes from it.
   */
  stale?: boolean;
  /** The process that writes a temporary, and whether it is alive (then it is never removed). */
  pid?: number;
  live?: boolean;
}

/** Size and newest modification of a file or folder (recursively). */
function measure(path: string): { bytes: number; modified: number } {
  const stat = statSync(path);
  if (!stat.isDirectory()) return { bytes: stat.size, modified: stat.mtimeMs };
  let bytes = 0;
  let modified = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    const inner = measure(join(path, name));
    bytes += inner.bytes;
    modified = Math.max(modified, inner.modified);
  }
  return { bytes, modified };
}

/** Whether process `pid` runs (a signal-0 probe; EPERM: it runs as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The contents of the store folder `dir` (`runs/.cache` by default, see `folderStore`): its
 * finished cells, training checkpoints and temporaries, each with its size and age, sorted by type,
 * kind and name. Other files are left out. An absent folder holds nothing.
 */
export function storeContents(dir: string): StoreItem[] {
  if (!existsSync(dir)) return [];
  const items: StoreItem[] = [];
  const names = readdirSync(dir);
  const entries = new Set(names.filter((name) => /^[a-z][a-z0-9-]*-[0-9a-f]+$/.test(name)));
  for (const name of names) {
    const path = join(dir, name);
    let match: RegExpExecArray | null;
    if (entries.has(name)) {
      const cut = name.lastIndexOf("-");
      items.push({
        type: "entry",
        name,
        path,
        kind: name.slice(0, cut),
        id: name.slice(cut + 1),
        ...measure(path),
      });
    } else if ((match = /^([0-9a-f]+)\.checkpoint\.safetensors(\.partial)?$/.exec(name))) {
      const id = match[1]!;
      items.push({
        type: "checkpoint",
        name,
        path,
        kind: "training",
        id,
        ...measure(path),
        stale: entries.has(`training-${id}`),
      });
    } else if ((match = /^\.([a-z][a-z0-9-]*)-([0-9a-f]+)\.partial-(\d+)$/.exec(name))) {
      const pid = Number(match[3]);
      items.push({
        type: "temporary",
        name,
        path,
        kind: match[1]!,
        id: match[2]!,
        ...measure(path),
        pid,
        live: processAlive(pid),
      });
    }
  }
  const order: Record<StoreItemType, number> = { entry: 0, checkpoint: 1, temporary: 2 };
  return items.sort(
    (a, b) => order[a.type] - order[b.type] || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
  );
}

/**
 * The checkpoints that `train` and `generate --source sigdiffusion` keep in their `--out` folder
 * `out` (`.<name>.checkpoint.safetensors`, `.<name>.sigdiffusion.json`, each with its `.partial`
 * while being replaced), stale when the folder `<out>/<name>` they were written for exists (a
 * finished run removes its checkpoint; one left beside its finished folder resumes nothing).
 */
export function outputCheckpoints(out: string): StoreItem[] {
  if (!existsSync(out)) return [];
  const items: StoreItem[] = [];
  for (const name of readdirSync(out)) {
    const match = /^\.(.+)\.(checkpoint\.safetensors|sigdiffusion\.json)(\.partial)?$/.exec(name);
    if (!match) continue;
    const path = join(out, name);
    items.push({
      type: "checkpoint",
      name,
      path,
      kind: match[2] === "sigdiffusion.json" ? "sigdiffusion" : "training",
      id: match[1]!,
      beside: true,
      ...measure(path),
      stale: existsSync(join(out, match[1]!)),
    });
  }
  return items.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What `hedgelab cache` shows of the store `dir`: {@link storeContents}, then, when the store is the
 * `.cache` of an `--out` folder (`models/.cache`, `runs/.cache`), the {@link outputCheckpoints} of
 * that folder.
 */
export function cacheContents(dir: string): StoreItem[] {
  const store = storeContents(dir);
  return basename(dir) === ".cache" ? [...store, ...outputCheckpoints(dirname(dir))] : store;
}

/**
 * Removes `items` of a store folder, never a temporary that a live process writes.
 *
 * @returns the items removed.
 */
export function removeStoreItems(items: readonly StoreItem[]): StoreItem[] {
  const removed: StoreItem[] = [];
  for (const item of items) {
    if (item.type === "temporary" && (item.live ?? processAlive(item.pid ?? 0))) continue;
    rmSync(item.path, { recursive: true, force: true });
    removed.push(item);
  }
  return removed;
}

/** Bytes as `12 B`, `3.4 kB`, `155.2 MB`, `1.2 GB` (powers of 1000). */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
