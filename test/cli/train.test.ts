import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";
import { checkpointFile } from "../../src/cli/checkpoint-file.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { prepareMarketData } from "../../src/market/market-data.js";
import { trainPolicy } from "../../src/study/train-policy.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-train-"));
});
const small = ["--hidden", "8,8"];

/** `hedgelab evaluate` of a model folder into `runs/name`: checks that it succeeded; its output and metrics. */
async function evaluateModel(
  model: string,
  runs: string,
  name: string,
): Promise<{
  stdout: string;
  metrics: {
    results: { strategy: string }[];
    split: Record<"test" | "validation", { start: string; end: string }>;
    models: { name: string; sample: string; validation: { end: string } }[];
  };
}> {
  const result = await cli(["evaluate", "--model", model, "--out", runs, "--name", name]);
  expect(result.stderr).not.toMatch(/^hedgelab:/m);
  expect(result.code).toBe(0);
  return {
    stdout: result.stdout,
    metrics: JSON.parse(readFileSync(join(runs, name, "metrics.json"), "utf8")),
  };
}

describe("hedgelab train and evaluate on the embedded data", () => {
  it("trains the RNN on AAPL market windows, its validation risk falls, and evaluate puts it beside delta and no hedge", async () => {
    const models = join(dir, "models");
    const trained = await cli([
      "train",
      "--model",
      "rnn",
      "--data",
      "market",
      "--hedge",
      "AAPL",
      "--epochs",
      "6",
      "--patience",
      "10",
      "--out",
      models,
      "--name",
      "aapl",
      ...small,
    ]);
    expect(trained.stderr).not.toMatch(/^hedgelab:/m);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(
      /trained ResidualHedger\(delta with σ=0\.\d+ \+ RnnHedger\(shared, hidden=\[8, 8\]/,
    );
    expect(readdirSync(models)).toEqual(["aapl"]);
    expect(readdirSync(join(models, "aapl")).sort()).toEqual([
      "config.json",
      "history.csv",
      "model.json",
      "weights.safetensors",
    ]);
    const history = readFileSync(join(models, "aapl", "history.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1);
    const risks = history.map((line) => Number(line.split(",")[2]));
    expect(risks).toHaveLength(6);
    expect(Math.min(...risks.slice(1))).toBeLessThan(risks[0]!);

    const runs = join(dir, "runs");
    const { stdout, metrics } = await evaluateModel(join(models, "aapl"), runs, "eval");
    for (const strategy of ["delta", "no-hedge", "rnn"])
      expect(stdout).toMatch(new RegExp(`^AAPL\\s+${strategy}`, "m"));
    expect(metrics.results.map((r: { strategy: string }) => r.strategy)).toEqual([
      "delta",
      "no-hedge",
      "rnn-residual",
    ]);
    // By default the model is scored on the test period of its own training run, after its validation period.
    expect(metrics.split.test.start > metrics.models[0]!.validation.end).toBe(true);
    expect(metrics.models[0]).toMatchObject({ name: "aapl", sample: "out-of-sample" });
  });

  it("resumes an interrupted run from its checkpoint and ends with the full history", async () => {
    const models = join(dir, "resume");
    mkdirSync(models, { recursive: true });
    // An interrupted run: 2 epochs of the same configuration whose checkpoint was left behind.
    const config = resolveRunConfig({
      hedgeSets: [["MSFT"]],
      rnn: { hidden: [8, 8] },
      training: { epochs: 4 },
    });
    const data = prepareMarketData(config);
    // The configuration as `train --name m` resolves it: the study period filled in from the data.
    const saved = { ...config, name: "m", data: { ...config.data, start: data.start, end: data.end } };
    const interrupted = trainPolicy(
      { ...saved, training: { ...config.training, epochs: 2 } },
      ["MSFT"],
      data,
      {
        checkpoints: checkpointFile(join(models, ".m.checkpoint.safetensors"), {
          hedge: ["MSFT"],
          config: saved,
          resume: false,
        }),
      },
    );
    interrupted.policy.dispose();
    expect(existsSync(join(models, ".m.checkpoint.safetensors"))).toBe(true);
    const resumed = await cli([
      "train",
      "--hedge",
      "MSFT",
      "--epochs",
      "4",
      "--out",
      models,
      "--name",
      "m",
      "--resume",
      ...small,
    ]);
    expect(resumed.stderr).not.toMatch(/^hedgelab:/m);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resumed after epoch 2/);
    expect(resumed.stderr).toMatch(/^MSFT rnn: 2 epochs after resuming at epoch 2, kept epoch \d/m);
    expect(
      readFileSync(join(models, "m", "history.csv"), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(5);
    // A finished run removes its checkpoint.
    expect(existsSync(join(models, ".m.checkpoint.safetensors"))).toBe(false);
  });

  it("stops a diverging run with one line and writes no model", async () => {
    const models = join(dir, "diverge");
    const result = await cli([
      "train",
      "--hedge",
      "AAPL",
      "--epochs",
      "2",
      "--out",
      models,
      "--name",
      "d",
      "--learning-rate",
      "1000000",
      "--clip",
      "none",
      "--risk-aversion",
      "1000",
      "--learn-premium",
      ...small,
    ]);
    expect(result.code).toBe(1);
    expect(
      result.stderr
        .trimEnd()
        .split("\n")
        .filter((l) => l.startsWith("hedgelab:")),
    ).toEqual([
      expect.stringMatching(
        /^hedgelab: training diverged at epoch 1, step \d+: .*no epoch finished, so there is no checkpoint/,
      ),
    ]);
    expect(existsSync(join(models, "d"))).toBe(false);
  });

  it("refuses two hedge sets, an unknown model and a bad model file with one line", async () => {
    const models = join(dir, "bad");
    const two = await cli(["train", "--hedge", "AAPL", "--hedge", "MSFT", "--out", models]);
    expect(two.code).toBe(1);
    expect(two.stderr).toBe(
      "hedgelab: train takes exactly one hedge set: give one --hedge (e.g. --hedge AAPL,MSFT)\n",
    );
    const unknown = await cli(["train", "--model", "lstm", "--hedge", "AAPL", "--out", models]);
    expect(unknown.stderr).toBe(
      'hedgelab: invalid --model: "lstm" (available: rnn, sigformer, feed-forward, ntb)\n',
    );
    const file = join(dir, "not-a-model.json");
    writeFileSync(file, JSON.stringify({ hello: 1 }));
    const bad = await cli(["evaluate", "--model", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^hedgelab: .*not-a-model\.json is not a hedgelab model/);
    expect(existsSync(models)).toBe(false);
  });

  it("trains a SigFormer, evaluate scores it; a model file of another kind or format is refused in one line", async () => {
    const models = join(dir, "sigformer");
    const trained = await cli([
      "train",
      "--model",
      "sigformer",
      "--sigformer-size",
      "small",
      "--dim",
      "3",
      "--order",
      "2",
      "--policy-output",
      "direct",
      "--policy-inputs",
      "paper",
      "--hedge",
      "AAPL",
      "--epochs",
      "2",
      "--out",
      models,
      "--name",
      "sf",
    ]);
    expect(trained.stderr).not.toMatch(/^hedgelab:/m);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(
      /trained SigFormerHedger\(dim=3, order=2, heads=2, blocks=1, inputs=returns/,
    );
    // --epochs sets the SigFormer's epochs; its default batch is the whole training set: one step per epoch.
    expect(trained.stderr).toMatch(/^AAPL sigformer: 2 epochs, kept epoch \d/m);
    const file = join(models, "sf", "model.json");
    const model = JSON.parse(readFileSync(file, "utf8"));
    expect(model.policy.kind).toBe("sigformer");
    expect(model.training.history).toHaveLength(2);

    const runs = join(dir, "sigformer-runs");
    const { stdout, metrics } = await evaluateModel(join(models, "sf"), runs, "e");
    expect(stdout).toMatch(/^AAPL\s+sigformer/m);
    expect(metrics.results.map((r: { strategy: string }) => r.strategy)).toEqual([
      "delta",
      "no-hedge",
      "sigformer",
    ]);

    // An edited copy of the model folder: its model.json changed, its weights file beside it.
    const edited = (change: (m: typeof model) => void, name: string): string => {
      const copy = structuredClone(model);
      change(copy);
      mkdirSync(join(dir, name), { recursive: true });
      copyFileSync(join(models, "sf", "weights.safetensors"), join(dir, name, "weights.safetensors"));
      const path = join(dir, name, "model.json");
      writeFileSync(path, JSON.stringify(copy));
      return path;
    };
    const version = edited((m) => (m.policy.version = 2), "sf-v2");
    const newer = await cli(["evaluate", "--model", version, "--out", runs]);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toBe(
      `hedgelab: ${version}: the saved SigFormer has format 2, this hedgelab reads format 1\n`,
    );
    const kind = edited((m) => (m.policy.kind = "lstm"), "sf-lstm");
    const other = await cli(["evaluate", "--model", kind, "--out", runs]);
    expect(other.stderr).toBe(
      `hedgelab: ${kind}: unknown model kind "lstm" (known: rnn, sigformer, feed-forward, ntb, residual)\n`,
    );
    expect(readdirSync(runs)).toEqual(["e"]);
  });
});

describe("hedgelab train: what is refused, in one line, leaving nothing behind", () => {
  const tiny = [
    "train",
    "--hedge",
    "MSFT",
    "--epochs",
    "1",
    "--hidden",
    "4",
    "--start",
    "2015-01-01",
    "--end",
    "2017-12-31",
  ];

  it("--resume without a checkpoint says there is nothing to resume (exit 1) instead of training from scratch", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "hedgelab-resume-")), "models");
    const none = await cli([...tiny, "--out", out, "--name", "aapl", "--resume"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      `hedgelab: nothing to resume: no checkpoint ${join(out, ".aapl.checkpoint.safetensors")} (no epoch of a training named aapl finished in ${out}); drop --resume to start it\n`,
    );
    expect(existsSync(out)).toBe(false);
    expect((await cli([...tiny, "--out", out, "--name", "aapl"])).code).toBe(0);
    const finished = await cli([...tiny, "--out", out, "--name", "aapl", "--resume"]);
    expect(finished.stderr).toBe(
      `hedgelab: nothing to resume: model folder ${join(out, "aapl")} is finished (its checkpoint was removed when it was saved); choose another --name to train again\n`,
    );
    // A rerun names the model folder as one.
    const again = await cli([...tiny, "--out", out, "--name", "aapl"]);
    expect(again.stderr).toBe(
      `hedgelab: model folder ${join(out, "aapl")} already exists: choose another --name\n`,
    );
  });

  it("a data error on a fresh --out leaves no empty --out folder", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "hedgelab-fresh-")), "a", "models");
    const result = await cli(["train", "--hedge", "NOPE", "--epochs", "1", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^hedgelab: .*NOPE/);
    expect(existsSync(join(out, "..", ".."))).toBe(true);
    expect(existsSync(join(out, ".."))).toBe(false);
  });
});
