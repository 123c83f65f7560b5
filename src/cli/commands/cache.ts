import { HedgelabError } from "../../errors.js";
import { cacheContents, formatBytes, removeStoreItems, type StoreItem } from "../../store/store-contents.js";
import { parseDuration } from "../cell-timeouts.js";
import type { CliIo } from "../io.js";
import type { RunFlags } from "../run-options.js";

/** The store `run`, `backtest` and `sweep` use by default (`<out>/.cache` with `--out runs`). */
export const DEFAULT_CACHE_DIR = "runs/.cache";

const now = (io: CliIo): number => (io.now ?? (() => new Date()))().getTime();

/** An age as `40 s`, `12 min`, `5 h`, `3 d`. */
function formatAge(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

const total = (items: readonly StoreItem[]): number => items.reduce((sum, item) => sum + item.bytes, 0);

/**
 * `hedgelab cache ls`: what the store holds, one line per kind of cell (count, size, newest), then
 * each training checkpoint (stale when its training is stored, else resumable), including those
 * `train` and `generate` keep beside a `.cache` store in their `--out` folder (stale when their
 * folder was written), and each temporary (a cell being written by a running process, or left by a
 * killed one), with sizes, and the total.
 */
export function commandCacheList(flags: RunFlags, io: CliIo): void {
  const dir = typeof flags.cache === "string" ? flags.cache : DEFAULT_CACHE_DIR;
  const items = cacheContents(dir);
  if (items.length === 0) {
    io.stdout(`${dir}: empty\n`);
    return;
  }
  const time = now(io);
  const lines = [`${dir}: ${formatBytes(total(items))}`];
  const entries = items.filter((item) => item.type === "entry");
  const kinds = [...new Set(entries.map((item) => item.kind))];
  for (const kind of kinds) {
    const of = entries.filter((item) => item.kind === kind);
    const newest = Math.max(...of.map((item) => item.modified));
    lines.push(
      `  ${kind.padEnd(20)} ${String(of.length).padStart(5)} cell${of.length === 1 ? " " : "s"} ${formatBytes(total(of)).padStart(10)}  newest ${formatAge(time - newest)} ago`,
    );
  }
  for (const item of items.filter((i) => i.type !== "entry")) {
    lines.push(
      `  ${item.beside ? item.path : item.name}  ${formatBytes(item.bytes)}, ${formatAge(time - item.modified)} old, ${describeItem(item)}`,
    );
  }
  io.stdout(`${lines.join("\n")}\n`);
}

/** What a checkpoint or temporary is, for `cache ls`. */
function describeItem(item: StoreItem): string {
  if (item.type === "temporary")
    return `temporary of process ${item.pid} (${item.live ? "running" : "gone"})`;
  if (!item.beside)
    return `checkpoint${item.stale ? " (stale: its training is stored)" : " (resumable with --resume)"}`;
  const command = item.kind === "sigdiffusion" ? "generate" : "train";
  return `checkpoint of ${command} --name ${item.id}${item.stale ? ` (stale: its folder ${item.id} is written)` : " (resumable with --resume)"}`;
}

/**
 * `hedgelab cache clean`: removes what the selection flags name, and says what and how much.
 * `--kind A,B` the cells of those kinds, `--checkpoints` the training checkpoints, `--stale` the
 * checkpoints of stored trainings and the temporaries of processes gone, `--all` everything;
 * `--older-than 7d` keeps what changed more recently (alone: everything older). A temporary that a
 * running process writes is never removed. `--dry-run` lists without removing.
 */
export function commandCacheClean(flags: RunFlags, io: CliIo): void {
  const dir = typeof flags.cache === "string" ? flags.cache : DEFAULT_CACHE_DIR;
  const kinds = typeof flags.kind === "string" ? flags.kind.split(",").map((k) => k.trim()) : undefined;
  let olderThan: number | undefined;
  if (typeof flags.olderThan === "string") {
    const seconds = parseDuration(flags.olderThan);
    if (seconds === undefined)
      throw new HedgelabError(
        `invalid --older-than: ${JSON.stringify(flags.olderThan)} (a duration: 90s, 30m, 6h, 7d)`,
      );
    olderThan = seconds * 1000;
  }
  const all = flags.all === true;
  const checkpoints = flags.checkpoints === true;
  const stale = flags.stale === true;
  if (!all && !kinds && !checkpoints && !stale && olderThan === undefined) {
    throw new HedgelabError(
      "cache clean removes only what it is told: give --all, --kind KIND,…, --checkpoints, --stale or --older-than DURATION (see hedgelab cache ls)",
    );
  }
  const items = cacheContents(dir);
  if (kinds) {
    const known = new Set(items.map((item) => item.kind));
    const unknown = kinds.filter((kind) => !known.has(kind));
    if (unknown.length > 0 && known.size > 0)
      throw new HedgelabError(
        `invalid --kind: ${unknown.join(",")} is not in ${dir} (it holds: ${[...known].sort().join(", ")})`,
      );
  }
  const time = now(io);
  const chosen = items.filter((item) => {
    if (item.type === "temporary" && item.live) return false;
    if (olderThan !== undefined && time - item.modified < olderThan) return false;
    const byType =
      all ||
      (kinds?.includes(item.kind) === true && item.type === "entry") ||
      (checkpoints && item.type === "checkpoint") ||
      (stale && (item.type === "checkpoint" ? item.stale === true : item.type === "temporary"));
    // --older-than alone: everything older.
    return byType || (!kinds && !checkpoints && !stale && olderThan !== undefined);
  });
  const dryRun = flags.dryRun === true;
  const done = dryRun ? chosen : removeStoreItems(chosen);
  const counts = new Map<string, number>();
  for (const item of done) {
    const key =
      item.type === "entry" ? item.kind : item.type === "checkpoint" ? "checkpoints" : "temporaries";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const what = [...counts].map(([key, count]) => `${key} ${count}`).join(", ");
  io.stdout(
    done.length === 0
      ? `${dir}: nothing to remove\n`
      : `${dryRun ? "would remove" : "removed"} ${done.length} item${done.length === 1 ? "" : "s"} from ${dir} (${what}): ${formatBytes(total(done))}${dryRun ? "" : " freed"}\n`,
  );
}
