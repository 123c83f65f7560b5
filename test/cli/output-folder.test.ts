import { spawnSync } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { reserveOutputFolder } from "../../src/store/output-folder.js";
import { cli, quickRunArgs, type CliRun } from "./run-cli.js";
import { wideCsv } from "./price-csv.js";

let dir: string;
let prices: string;
/** Folders made immutable with chattr, to be freed after the tests. */
const immutable: string[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-out-"));
  prices = join(dir, "prices.csv");
  writeFileSync(prices, wideCsv(300));
});
afterAll(() => {
  for (const folder of immutable) spawnSync("chattr", ["-i", folder]);
});

/** A quick run (no training) on the small CSV; `extra` last. */
const quick = (...extra: string[]): string[] => quickRunArgs("--prices", prices, ...extra);

/** A process id that is certainly not running: that of a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid;
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    const probe = join(folder, ".probe");
    writeFileSync(probe, "");
    rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * A folder nobody can write into: read-only by its permissions; where those do not bind (root,
 * as in CI), immutable by chattr; where chattr is not available either, /sys (sysfs refuses files).
 */
function readOnlyFolder(): string {
  const folder = mkdtempSync(join(dir, "read-only-"));
  chmodSync(folder, 0o555);
  if (writable(folder) && spawnSync("chattr", ["+i", folder]).status === 0) immutable.push(folder);
  return writable(folder) ? "/sys" : folder;
}

/** Expects one line on standard error matching `message`, exit 1 and nothing on standard output. */
function expectRefused(result: CliRun, message: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(message);
}

describe("the output folder is checked and reserved before any work", () => {
  it("refuses --out naming an existing file", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    expectRefused(await cli(quick("--out", file)), /^hedgelab: --out .*a-file is a file, not a folder$/);
    expectRefused(
      await cli(quick("--out", join(file, "runs"))),
      /^hedgelab: cannot use --out .*a-file\/runs: ENOTDIR/,
    );
  });

  it("refuses a folder that cannot be written, and one that cannot be created", async () => {
    const folder = readOnlyFolder();
    expectRefused(
      await cli(quick("--out", folder)),
      /^hedgelab: cannot write in --out folder .*: E(ACCES|PERM|ROFS)/,
    );
    expectRefused(
      await cli(quick("--out", join(folder, "runs"))),
      /^hedgelab: cannot create --out folder .*runs: E(ACCES|PERM|ROFS)/,
    );
  });

  it("refuses /proc/hedgelab-out at once instead of looping", async () => {
    expectRefused(
      await cli(quick("--out", "/proc/hedgelab-out/runs")),
      /^hedgelab: cannot create --out folder \/proc\/hedgelab-out: ENOENT/,
    );
  });

  it("keeps the results in a fallback folder, and says so in one line, when the final write fails", async () => {
    const out = join(dir, "sabotaged");
    let stdout = "";
    let stderr = "";
    const code = await runCli(quick("--out", out, "--name", "r"), {
      // The table is printed just before the folder is written: the disk "fails" there.
      stdout: (text) => {
        stdout += text;
        if (text.includes("entropic")) {
          rmSync(join(out, ".r.partial"), { recursive: true });
          writeFileSync(join(out, ".r.partial"), "not a folder");
        }
      },
      stderr: (text) => (stderr += text),
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/AAPL\s+delta/);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    const saved =
      /^hedgelab: could not write .*sabotaged\/r \(ENOTDIR.*\); the results were saved in (\S+) instead$/.exec(
        stderr.trimEnd(),
      );
    expect(saved).not.toBeNull();
    expect(readdirSync(saved![1]!).sort()).toEqual([
      "config.json",
      "metrics.json",
      "pnl.csv",
      "report.html",
      "returns.csv",
      "surfaces.csv",
      "table.txt",
    ]);
    rmSync(saved![1]!, { recursive: true });
    expect(existsSync(join(out, "r"))).toBe(false);
  });
});

describe("a full disk at the end", () => {
  it("keeps the results in a fallback folder when a write fails with ENOSPC", async () => {
    const out = join(dir, "full");
    let stderr = "";
    const code = await runCli(quick("--out", out, "--name", "r"), {
      // /dev/full answers every write with ENOSPC: config.json, the first file written, goes there.
      stdout: (text) => {
        if (text.includes("entropic")) symlinkSync("/dev/full", join(out, ".r.partial", "config.json"));
      },
      stderr: (text) => (stderr += text),
    });
    expect(code).toBe(1);
    const saved =
      /^hedgelab: could not write .*full\/r \(ENOSPC: no space left on device\); the results were saved in (\S+) instead$/.exec(
        stderr.trimEnd(),
      );
    expect(saved).not.toBeNull();
    expect(readdirSync(saved![1]!)).toContain("metrics.json");
    rmSync(saved![1]!, { recursive: true });
    // Nothing left behind: not even the --out folder the run created.
    expect(existsSync(out)).toBe(false);
  });
});

describe("runs never collide and never leave partial folders behind", () => {
  it("gives a run without --name the next free name when another live run holds the timestamp", async () => {
    const out = join(dir, "concurrent");
    // Another run, alive (this process), started in the same second and still computing.
    const other = reserveOutputFolder(out, { base: "20260102-030405" });
    expect(other.name).toBe("20260102-030405");
    expect(reserveOutputFolder(out, { base: "20260102-030405" }).name).toBe("20260102-030405-2");
    const result = await cli(quick("--out", out));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/results: .*20260102-030405-3$/m);
    // Its name is refused to a run that asks for it, naming the owner.
    expectRefused(
      await cli(quick("--out", out, "--name", "20260102-030405")),
      new RegExp(`being written by another run \\(process ${process.pid} on ${hostname()}`),
    );
  });

  it("removes the partial folders of killed runs and says so, leaving live runs' alone", async () => {
    const out = join(dir, "stale");
    const live = reserveOutputFolder(out, { name: "live", base: "live" });
    mkdirSync(join(out, ".killed.partial"));
    writeFileSync(
      join(out, ".killed.partial", ".owner.json"),
      JSON.stringify({ pid: deadPid(), host: hostname(), started: "2026-01-01T00:00:00Z" }),
    );
    mkdirSync(join(out, ".old.partial-a1B2c3"));
    utimesSync(join(out, ".old.partial-a1B2c3"), new Date("2025-01-01"), new Date("2025-01-01"));
    const result = await cli(quick("--out", out, "--name", "r"));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^removed 2 partial folders of interrupted runs from .*stale: (\.killed\.partial, \.old\.partial-a1B2c3|\.old\.partial-a1B2c3, \.killed\.partial)$/m,
    );
    expect(readdirSync(out).sort()).toEqual([".live.partial", "r"]);
    expect(existsSync(live.partial)).toBe(true);
  });
});
