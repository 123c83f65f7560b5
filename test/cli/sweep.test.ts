import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hedgelab-sweep-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A configuration file with a sweep section; the run settings keep every training to a second. */
function configFile(name: string, sweep: unknown, extra: Record<string, unknown> = {}): string {
  const file = join(dir, `${name}.json`);
  const config = {
    hedgeSets: [["AAPL"]],
    strategies: ["delta", "rnn"],
    data: { stride: 5 },
    rnn: { hidden: [4] },
    policy: { output: "direct", inputs: "paper" },
    training: { epochs: 2, patience: 2 },
    evaluation: { bootstrap: { resamples: 20 } },
    ...extra,
    sweep,
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const grid = { space: { "training.learningRate": [0.0003, 0.01], "rnn.hidden": [[4], [8]] } };

describe("hedgelab sweep", () => {
  it("ranks the trials on validation, writes the chosen configuration, and run --config reuses its trainings", async () => {
    const out = join(dir, "runs");
    const result = await cli(["sweep", "--config", configFile("grid", grid), "--out", out, "--name", "s"]);
    expect(result.stderr).not.toMatch(/error|WARN/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^trial 1\/4: training\.learningRate 0\.0003 · rnn\.hidden \[4\]\n/);
    expect(result.stdout).toContain("grid search of 4 trials over training.learningRate, rnn.hidden");
    expect(result.stdout).toMatch(
      /only: the least mean entropic λ=1\.3 of a trial's trainings; no trial was evaluated on the test windows/,
    );
    expect(result.stdout).toMatch(
      /\nchosen: trial [1-4] \(training\.learningRate [0-9.]+ · rnn\.hidden \[[48]\]\); [0-3] of 3 other trials cannot be told from it/,
    );
    expect(result.stdout).toContain(`next: hedgelab run --config ${join(out, "s", "chosen.json")}`);
    expect(readdirSync(join(out, "s")).sort()).toEqual([
      "chosen.json",
      "config.json",
      "report.html",
      "sweep.json",
      "tables.txt",
      "trials.csv",
    ]);
    const html = readFileSync(join(out, "s", "report.html"), "utf8");
    expect(html).toContain("Validation risk against each hyperparameter");
    expect(html).toContain("<svg");
    const chosen = JSON.parse(readFileSync(join(out, "s", "chosen.json"), "utf8")) as {
      training: { learningRate: number };
      name?: string;
    };
    expect(chosen.name).toBeUndefined();
    expect(result.stdout).toContain(`training.learningRate ${chosen.training.learningRate} ·`);

    const run = await cli(["run", "--config", join(out, "s", "chosen.json"), "--out", out, "--name", "r"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/rnn · market on AAPL: trained model from the cache/);
    expect(run.stderr).not.toMatch(/epochs, kept epoch/);

    const report = await cli(["report", join(out, "s")]);
    expect(report.code).toBe(0);
    expect(readFileSync(join(out, "s", "report.html"), "utf8")).toBe(html);
  });

  it("gives the same trials and choice with --workers 2 as in one process", async () => {
    const file = configFile("random", {
      method: "random",
      space: { "training.learningRate": { min: 0.0001, max: 0.01, scale: "log" } },
    });
    const one = await cli([
      "sweep",
      "--config",
      file,
      "--trials",
      "2",
      "--out",
      join(dir, "one"),
      "--name",
      "s",
    ]);
    const two = await cli([
      "sweep",
      "--config",
      file,
      "--trials",
      "2",
      "--workers",
      "2",
      "--out",
      join(dir, "two"),
      "--name",
      "s",
    ]);
    expect(one.code).toBe(0);
    expect(two.stderr).not.toMatch(/error/);
    expect(two.code).toBe(0);
    const read = (out: string): unknown => {
      const json = JSON.parse(readFileSync(join(dir, out, "s", "sweep.json"), "utf8")) as Record<
        string,
        unknown
      >;
      return { ...json, trials: json.trials };
    };
    expect(read("two")).toEqual(read("one"));
    expect((read("one") as { trials: unknown[] }).trials).toHaveLength(2);
  });

  it("refuses bad input in one line, leaving no results folder", async () => {
    const out = join(dir, "bad");
    const cases: [string[], RegExp][] = [
      [[], /^hedgelab: hedgelab sweep needs --config FILE: a run configuration with a sweep section/],
      [
        ["--config", configFile("none", undefined)],
        /^hedgelab: config file .*none\.json has no "sweep" section/,
      ],
      [
        ["--config", configFile("grid3", grid), "--trials", "3"],
        /^hedgelab: --trials applies to a random search; the sweep of .* is a grid/,
      ],
      [
        ["--config", configFile("zero", grid), "--trials", "0"],
        /^hedgelab: invalid --trials: "0" \(an integer ≥ 1\)/,
      ],
      [
        ["--config", configFile("cost", { space: { "evaluation.cost": [0, 0.001] } })],
        /^hedgelab: invalid sweep\.space\.evaluation\.cost: a sweep varies how the hedgers are trained, not what they are measured on .* in config file /,
      ],
      [
        ["--config", configFile("batch", { space: { "training.batchSize": [64, 1] } })],
        /^hedgelab: sweep trial 2 \(training\.batchSize 1\): invalid training\.batchSize: 1 /,
      ],
      [
        ["--config", configFile("epochs", grid, { training: { epochs: 0 } })],
        /^hedgelab: invalid training\.epochs in config file .*epochs\.json: 0 /,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cli(["sweep", ...args, "--out", out]);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith(".")) : []).toEqual([]);
  });
});
