import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

/** The clock of `cli`: 2026-01-02T03:04:05Z. */
const NOW = Date.parse("2026-01-02T03:04:05Z");
const DAY = 86_400_000;
/** A process id that no process has (above Linux's pid_max of 2^22). */
const GONE = 9_999_999;

/** A store with two trainings (one with a stale checkpoint), market paths, a resumable checkpoint and two temporaries. */
function store(): string {
  const dir = mkdtempSync(join(tmpdir(), "hedgelab-cache-"));
  const put = (name: string, bytes: number, ageDays: number, folder = true): void => {
    const path = join(dir, name);
    if (folder) {
      mkdirSync(path);
      writeFileSync(join(path, "data.bin"), new Uint8Array(bytes));
      utimesSync(join(path, "data.bin"), (NOW - ageDays * DAY) / 1000, (NOW - ageDays * DAY) / 1000);
    } else writeFileSync(path, new Uint8Array(bytes));
    utimesSync(path, (NOW - ageDays * DAY) / 1000, (NOW - ageDays * DAY) / 1000);
  };
  put("training-aaaa", 2000, 10);
  put("training-bbbb", 3000, 1);
  put("market-paths-cccc", 500, 10);
  put("aaaa.checkpoint.safetensors", 1_550_000, 10, false);
  put("dddd.checkpoint.safetensors", 1000, 2, false);
  put(`.training-eeee.partial-${process.pid}`, 100, 0);
  put(`.market-paths-ffff.partial-${GONE}`, 100, 3);
  return dir;
}

describe("hedgelab cache ls", () => {
  it("lists the cells per kind, the checkpoints (stale or resumable) and the temporaries, with sizes and ages", async () => {
    const dir = store();
    const { code, stdout } = await cli(["cache", "ls", "--cache", dir]);
    expect(code).toBe(0);
    expect(stdout.split("\n")).toEqual([
      `${dir}: 1.6 MB`,
      "  market-paths             1 cell       500 B  newest 10 d ago",
      "  training                 2 cells     5.0 kB  newest 1 d ago",
      "  aaaa.checkpoint.safetensors  1.6 MB, 10 d old, checkpoint (stale: its training is stored)",
      "  dddd.checkpoint.safetensors  1.0 kB, 2 d old, checkpoint (resumable with --resume)",
      `  .market-paths-ffff.partial-${GONE}  100 B, 3 d old, temporary of process ${GONE} (gone)`,
      `  .training-eeee.partial-${process.pid}  100 B, 0 s old, temporary of process ${process.pid} (running)`,
      "",
    ]);
    expect((await cli(["cache", "ls", "--cache", join(dir, "none")])).stdout).toBe(
      `${join(dir, "none")}: empty\n`,
    );
  });
});

describe("the checkpoints train and generate keep beside a .cache store", () => {
  it("lists them by path with the command they resume, stale once their folder is written, and cleans them", async () => {
    const out = mkdtempSync(join(tmpdir(), "hedgelab-models-"));
    const dir = join(out, ".cache");
    mkdirSync(dir);
    mkdirSync(join(out, "done"));
    const put = (name: string, bytes: number): void => {
      writeFileSync(join(out, name), new Uint8Array(bytes));
      utimesSync(join(out, name), (NOW - DAY) / 1000, (NOW - DAY) / 1000);
    };
    put(".done.checkpoint.safetensors", 2500);
    put(".probe.checkpoint.safetensors", 97_000_000);
    put(".paths.sigdiffusion.json", 300);
    const { stdout } = await cli(["cache", "ls", "--cache", dir]);
    expect(stdout.split("\n")).toEqual([
      `${dir}: 97.0 MB`,
      `  ${join(out, ".done.checkpoint.safetensors")}  2.5 kB, 1 d old, checkpoint of train --name done (stale: its folder done is written)`,
      `  ${join(out, ".paths.sigdiffusion.json")}  300 B, 1 d old, checkpoint of generate --name paths (resumable with --resume)`,
      `  ${join(out, ".probe.checkpoint.safetensors")}  97.0 MB, 1 d old, checkpoint of train --name probe (resumable with --resume)`,
      "",
    ]);
    const stale = await cli(["cache", "clean", "--cache", dir, "--stale"]);
    expect(stale.stdout).toBe(`removed 1 item from ${dir} (checkpoints 1): 2.5 kB freed\n`);
    await cli(["cache", "clean", "--cache", dir, "--checkpoints"]);
    expect(readdirSync(out).sort()).toEqual([".cache", "done"]);
  });
});

describe("hedgelab cache clean", () => {
  it("removes only what the flags select, says what and how much, and never a temporary a running process writes", async () => {
    const dir = store();
    const names = (): string[] => readdirSync(dir).sort();
    const stale = await cli(["cache", "clean", "--cache", dir, "--stale"]);
    expect(stale.stdout).toBe(`removed 2 items from ${dir} (checkpoints 1, temporaries 1): 1.6 MB freed\n`);
    expect(names()).not.toContain("aaaa.checkpoint.safetensors");
    expect(names()).toContain("dddd.checkpoint.safetensors");

    const dry = await cli([
      "cache",
      "clean",
      "--cache",
      dir,
      "--kind",
      "training",
      "--older-than",
      "5d",
      "--dry-run",
    ]);
    expect(dry.stdout).toBe(`would remove 1 item from ${dir} (training 1): 2.0 kB\n`);
    expect(existsSync(join(dir, "training-aaaa"))).toBe(true);

    const old = await cli(["cache", "clean", "--cache", dir, "--older-than", "5d"]);
    expect(old.stdout).toBe(`removed 2 items from ${dir} (market-paths 1, training 1): 2.5 kB freed\n`);

    const all = await cli(["cache", "clean", "--cache", dir, "--all"]);
    expect(all.code).toBe(0);
    expect(names()).toEqual([`.training-eeee.partial-${process.pid}`]);
  });

  it("refuses in one line to guess what to remove, an unknown kind and a bad duration", async () => {
    const dir = store();
    const none = await cli(["cache", "clean", "--cache", dir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      "hedgelab: cache clean removes only what it is told: give --all, --kind KIND,…, --checkpoints, --stale or --older-than DURATION (see hedgelab cache ls)\n",
    );
    const kind = await cli(["cache", "clean", "--cache", dir, "--kind", "trainings"]);
    expect(kind.stderr).toBe(
      `hedgelab: invalid --kind: trainings is not in ${dir} (it holds: market-paths, training)\n`,
    );
    const age = await cli(["cache", "clean", "--cache", dir, "--older-than", "a week"]);
    expect(age.stderr).toBe('hedgelab: invalid --older-than: "a week" (a duration: 90s, 30m, 6h, 7d)\n');
    expect(readdirSync(dir)).toHaveLength(7);
  });
});
