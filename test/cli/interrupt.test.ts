import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { STOP_GRACE_MS, describeInterruption, removeLeftovers } from "../../src/cli/interrupt.js";
import { BIN, interruptBin } from "./interrupt-bin.js";
import { cli, quickRunArgs } from "./run-cli.js";

const root = mkdtempSync(join(tmpdir(), "hedgelab-interrupt-"));
/** A CI-sized training: about a second an epoch here, so that SIGINT lands mid-run. */
const TRAIN = ["train", "--hedge", "MSFT", "--epochs", "6", "--hidden", "8,8", "--seed", "5"];

/** A model folder's weights and training record, without what says it was resumed. */
function modelOf(folder: string): unknown {
  const model = JSON.parse(readFileSync(join(folder, "model.json"), "utf8")) as {
    training: Record<string, unknown>;
  };
  delete model.training.resumedFrom;
  return model;
}

describe("describeInterruption", () => {
  const resumeCommand = "hedgelab train --hedge MSFT --name m --resume";
  it("names the checkpoint and the command that resumes from it", () => {
    expect(
      describeInterruption({ checkpoint: "models/.m.checkpoint.safetensors", resumeCommand }, true),
    ).toBe(
      `hedgelab: interrupted; checkpoint models/.m.checkpoint.safetensors; resume with: ${resumeCommand}`,
    );
  });
  it("before the first checkpoint, gives the command that starts again, naming the cache when there is one", () => {
    expect(
      describeInterruption({ checkpoint: "models/.m.checkpoint.safetensors", resumeCommand }, false),
    ).toBe(
      "hedgelab: interrupted before the first checkpoint was written; start again with: hedgelab train --hedge MSFT --name m",
    );
    expect(
      describeInterruption(
        { checkpoint: "c/k.checkpoint.safetensors", cache: "runs/.cache", resumeCommand },
        false,
      ),
    ).toMatch(/^hedgelab: interrupted before .* kept in the cache runs\/\.cache\); resume with: hedgelab/);
  });
  it("names SIGTERM when that stopped the command", () => {
    expect(describeInterruption({ partialFolder: "runs/.e.partial" }, false, "terminated (SIGTERM)")).toBe(
      "hedgelab: terminated (SIGTERM); nothing was written",
    );
  });
  it("says that nothing was written when there is nothing to resume (evaluate, generate regime-bs)", () => {
    expect(describeInterruption({ partialFolder: "runs/.e.partial" }, false)).toBe(
      "hedgelab: interrupted; nothing was written",
    );
  });
});

describe("removeLeftovers", () => {
  it("removes the partial folder, a checkpoint's temporary file and this process's cache temporaries, and keeps complete files", () => {
    const dir = join(root, "leftovers");
    const cache = join(dir, ".cache");
    mkdirSync(join(dir, ".r.partial"), { recursive: true });
    mkdirSync(cache);
    const files = {
      checkpoint: join(cache, "k.checkpoint.safetensors"),
      temporary: join(cache, "k.checkpoint.safetensors.partial"),
      mine: join(cache, `k.model.json.partial-${process.pid}`),
      other: join(cache, `k.model.json.partial-${process.pid + 1}`),
      entry: join(cache, "j.model.json"),
    };
    for (const file of Object.values(files)) writeFileSync(file, "{}");
    removeLeftovers({ partialFolder: join(dir, ".r.partial"), checkpoint: files.checkpoint, cache });
    expect(readdirSync(dir)).toEqual([".cache"]);
    expect(readdirSync(cache).sort()).toEqual(
      ["j.model.json", "k.checkpoint.safetensors", `k.model.json.partial-${process.pid + 1}`].sort(),
    );
  });
  it("removes the --out folders the command created when the interruption leaves them empty, and keeps any that holds something", () => {
    const parent = join(root, "created");
    const out = join(parent, "runs");
    const cache = join(out, ".cache");
    mkdirSync(join(out, ".r.partial"), { recursive: true });
    mkdirSync(cache);
    writeFileSync(join(cache, `k.model.json.partial-${process.pid}`), "{}");
    removeLeftovers({ partialFolder: join(out, ".r.partial"), cache, createdFolders: [parent, out] });
    expect(existsSync(parent)).toBe(false);

    mkdirSync(join(out, ".r.partial"), { recursive: true });
    mkdirSync(cache);
    writeFileSync(join(cache, "j.model.json"), "{}");
    removeLeftovers({ partialFolder: join(out, ".r.partial"), cache, createdFolders: [parent, out] });
    expect(readdirSync(cache)).toEqual(["j.model.json"]);
  });
});

describe("Ctrl-C on the built hedgelab", () => {
  it("train: one line with the checkpoint and the resume command, exit 130, nothing visible; resuming gives the uninterrupted model", async () => {
    const out = join(root, "train");
    const checkpoint = join(out, ".m.checkpoint.safetensors");
    const run = await interruptBin([...TRAIN, "--out", out, "--name", "m"], () => existsSync(checkpoint));
    expect(run.code, run.stderr).toBe(130);
    const told = run.stderr.split("\n").filter((line) => line.startsWith("hedgelab: interrupted"));
    expect(told).toHaveLength(1);
    const line = told[0]!;
    expect(line).toMatch(
      new RegExp(
        `^hedgelab: interrupted; checkpoint ${checkpoint}; resume with: hedgelab train .* --name m --resume$`,
      ),
    );
    expect(run.stderr.endsWith(`${line}\n`)).toBe(true);
    // No results folder, visible or partial: only the checkpoint.
    expect(readdirSync(out)).toEqual([".m.checkpoint.safetensors"]);

    const command = line.slice(line.indexOf("resume with: ") + "resume with: ".length);
    expect(command).not.toMatch(/['"\\]/); // plain words: split like a shell would
    const resumed = await cli(command.split(" ").slice(1));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^resumed after epoch [1-5];/m);
    expect(existsSync(checkpoint)).toBe(false);

    const straight = join(root, "train-straight");
    expect((await cli([...TRAIN, "--out", straight, "--name", "m"])).code).toBe(0);
    const history = (dir: string): string => readFileSync(join(dir, "m", "history.csv"), "utf8");
    expect(history(out)).toBe(history(straight));
    expect(modelOf(join(out, "m"))).toEqual(modelOf(join(straight, "m")));

    // Nothing to resume: evaluate says so, and writes no results folder.
    const runs = join(root, "runs");
    const evaluate = await interruptBin(
      [
        "evaluate",
        "--model",
        join(straight, "m"),
        "--out",
        runs,
        "--name",
        "e",
        "--interval",
        "percentile",
        "--bootstrap",
        "2000",
      ],
      () => existsSync(join(runs, ".e.partial")),
    );
    expect(evaluate.code, evaluate.stderr).toBe(130);
    expect(evaluate.stderr).toMatch(/^hedgelab: interrupted; nothing was written\n$/m);
    expect(existsSync(join(runs, "e"))).toBe(false);
  }, 180_000);

  it("a second Ctrl-C ends the process at once, by the signal, after the same one line", async () => {
    const out = join(root, "twice");
    const checkpoint = join(out, ".m.checkpoint.safetensors");
    const run = await interruptBin([...TRAIN, "--out", out, "--name", "m"], () => existsSync(checkpoint), 2);
    // Killed by the second SIGINT, or ended with 130 when the first had already stopped the work.
    expect(run.signal === "SIGINT" || run.code === 130, `${run.code} ${run.signal}`).toBe(true);
    const told = run.stderr.split("\n").filter((line) => line.startsWith("hedgelab: interrupted"));
    expect(told).toEqual([
      expect.stringMatching(`^hedgelab: interrupted; checkpoint ${checkpoint}; resume with: `),
    ]);
    expect(readdirSync(out)).toEqual([".m.checkpoint.safetensors"]);
  }, 60_000);

  it("SIGTERM (kill, a scheduler): the same clean stop, with its own line and exit 143", async () => {
    const out = join(root, "term");
    const checkpoint = join(out, ".m.checkpoint.safetensors");
    const run = await interruptBin(
      [...TRAIN, "--out", out, "--name", "m"],
      () => existsSync(checkpoint),
      1,
      "SIGTERM",
    );
    expect(run.code, run.stderr).toBe(143);
    const told = run.stderr.split("\n").filter((line) => line.startsWith("hedgelab: terminated (SIGTERM)"));
    expect(told).toEqual([
      expect.stringMatching(
        `^hedgelab: terminated \\(SIGTERM\\); checkpoint ${checkpoint}; resume with: hedgelab train .* --name m --resume$`,
      ),
    ]);
    expect(readdirSync(out)).toEqual([".m.checkpoint.safetensors"]);
  }, 60_000);
});

describe("a signal while the worker is stuck in a native call", () => {
  it("says where the work stands at once (npx exits as soon as it passed SIGTERM on), then ends by the signal after the grace", async () => {
    const dir = mkdtempSync(join(root, "stuck-"));
    const stub = join(dir, "stuck.mjs");
    const supervisor = pathToFileURL(join(BIN, "..", "interrupt.js")).href;
    writeFileSync(
      stub,
      [
        `import { isMainThread, parentPort } from "node:worker_threads";`,
        `import { execFileSync } from "node:child_process";`,
        `import { superviseCli } from ${JSON.stringify(supervisor)};`,
        `if (isMainThread) process.exitCode = await superviseCli(new URL(import.meta.url), []);`,
        `else {`,
        `  parentPort.postMessage({ kind: "recover", point: { resumeCommand: "hedgelab train --name m --resume" } });`,
        // A native call that worker.terminate() cannot stop, as a long kernel call. It says "ready" from
        // inside the call (its stderr is the process's), so the signal never comes before the call.
        `  execFileSync("sh", ["-c", "echo ready >&2; exec sleep 8 2>/dev/null"], { stdio: ["ignore", "ignore", "inherit"] });`,
        `}`,
      ].join("\n"),
    );
    const child = spawn(process.execPath, [stub], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let signalled = 0;
    let told = 0;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (signalled === 0 && stderr.includes("ready\n")) {
        signalled = Date.now();
        child.kill("SIGTERM");
      }
      if (told === 0 && stderr.includes("hedgelab: terminated")) told = Date.now();
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("close", (_c, s) => resolve(s)),
    );
    const ended = Date.now();
    expect(stderr).toBe(
      "ready\nhedgelab: terminated (SIGTERM) before the first checkpoint was written; start again with: hedgelab train --name m\n",
    );
    expect(told - signalled).toBeLessThan(1000);
    expect(signal).toBe("SIGTERM");
    expect(ended - signalled).toBeGreaterThanOrEqual(STOP_GRACE_MS - 100);
    expect(ended - signalled).toBeLessThan(STOP_GRACE_MS + 3000);
  }, 30_000);
});

describe("standard output closed early (hedgelab … | head)", () => {
  it("drops the rest of the output without an error and still writes the results", async () => {
    const out = join(root, "pipe");
    const child = spawn(process.execPath, [BIN, ...quickRunArgs("--out", out, "--name", "p")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy(); // the reader is gone before the first line
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|internal error|Error/);
    expect(existsSync(join(out, "p", "metrics.json"))).toBe(true);
  }, 60_000);
});
