import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MODEL_NAMES, MODELS, modelOfSaved, restoreModel } from "../../src/models/registry.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { flagTable } from "../../src/config/flags.js";
import { cli } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hedgelab-models-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the model registry", () => {
  it("gives every model a section with defaults, its own flags, and a kind that restores", () => {
    const config = resolveRunConfig({}) as unknown as Record<string, unknown>;
    const flags = flagTable().flags;
    for (const name of MODEL_NAMES) {
      const entry = MODELS[name];
      expect(config[entry.section], name).toBeTypeOf("object");
      expect(flags.some((f) => f.path.startsWith(`${entry.section}.`))).toBe(true);
      const policy = (
        entry as unknown as { build: (o: unknown, p: object) => { save(): never; dispose(): void } }
      ).build(config[entry.section], {
        assets: 2,
        steps: 5,
        regimes: 0,
        features: 0,
        seed: 1,
        volatility: 0.2,
        rate: 0,
      });
      const saved = policy.save();
      expect(modelOfSaved(saved)).toBe(name);
      restoreModel(saved).dispose();
      policy.dispose();
    }
  });

  it('builds the RNN with the paper\'s inputs from rnn.inputs ["returns"], and refuses a list without returns in one line', () => {
    const config = resolveRunConfig({ rnn: { inputs: ["returns"] } });
    const rnn = MODELS.rnn.build(config.rnn, {
      assets: 3,
      steps: 5,
      regimes: 0,
      features: 0,
      seed: 1,
      volatility: 0.2,
      rate: 0,
    });
    expect((rnn as unknown as { inputWidth: number }).inputWidth).toBe(3);
    rnn.dispose();
    const all = MODELS.rnn.build(resolveRunConfig({}).rnn, {
      assets: 3,
      steps: 5,
      regimes: 0,
      features: 0,
      seed: 1,
      volatility: 0.2,
      rate: 0,
    });
    expect((all as unknown as { inputWidth: number }).inputWidth).toBe(3 + 3 + 1 + 1);
    all.dispose();
    expect(() => resolveRunConfig({ rnn: { inputs: ["log-moneyness"] } })).toThrow(
      'invalid rnn.inputs: ["log-moneyness"] (must include returns: the lagged returns are always fed)',
    );
  });

  it("trains a feed-forward hedger through run and train, added by its registry line alone", async () => {
    const out = join(dir, "runs");
    const run = await cli([
      "run",
      "--hedge",
      "AAPL",
      "--strategies",
      "delta,feed-forward",
      "--epochs",
      "2",
      "--ff-hidden",
      "8",
      "--stride",
      "5",
      "--out",
      out,
      "--name",
      "ff",
    ]);
    expect(run.stderr).not.toMatch(/^hedgelab:/m);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^AAPL\s+feed-forward-residual\s/m);
    const model = JSON.parse(
      readFileSync(join(out, "ff", "models", "feed-forward-AAPL", "model.json"), "utf8"),
    );
    expect(model.config.feedForward).toEqual({ hidden: [8], activation: "relu" });
    const evaluated = await cli([
      "evaluate",
      "--model",
      join(out, "ff", "models", "feed-forward-AAPL"),
      "--out",
      out,
    ]);
    expect(evaluated.stderr).not.toMatch(/^hedgelab:/m);
    expect(evaluated.stdout).toMatch(/feed-forward-residual/);
    const trained = await cli([
      "train",
      "--model",
      "feed-forward",
      "--hedge",
      "AAPL",
      "--epochs",
      "1",
      "--out",
      join(dir, "models"),
      "--name",
      "m",
    ]);
    expect(trained.stderr).not.toMatch(/^hedgelab:/m);
    expect(existsSync(join(dir, "models", "m", "model.json"))).toBe(true);
  });

  it("trains the no-transaction band hedger through run unwrapped (row ntb, not ntb-residual), and evaluates it", async () => {
    const out = join(dir, "ntb-runs");
    const run = await cli([
      "run",
      "--hedge",
      "AAPL",
      "--strategies",
      "delta,ntb",
      "--epochs",
      "1",
      "--ntb-hidden",
      "8",
      "--cost",
      "0.002",
      "--stride",
      "5",
      "--out",
      out,
      "--name",
      "ntb",
    ]);
    expect(run.stderr).not.toMatch(/^hedgelab:/m);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^AAPL\s+ntb\s/m);
    expect(run.stdout).not.toMatch(/ntb-residual/);
    const folder = join(out, "ntb", "models", "ntb-AAPL");
    const model = JSON.parse(readFileSync(join(folder, "model.json"), "utf8"));
    expect(model.config.ntb).toEqual({ hidden: [8], activation: "relu", inputs: "delta-and-holding" });
    expect(model.policy.kind).toBe("ntb");
    expect(model.policy.options.volatility).toBe(model.fitted.volatility.volatility);
    const evaluated = await cli(["evaluate", "--model", folder, "--out", out]);
    expect(evaluated.stderr).not.toMatch(/^hedgelab:/m);
    expect(evaluated.stdout).toMatch(/^AAPL\s+ntb\s/m);
  });
});
