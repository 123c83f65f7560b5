import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SigFormerHedger } from "../../src/hedgers/sigformer-hedger.js";
import { ResidualHedger } from "../../src/hedgers/residual-hedger.js";
import { RnnHedger } from "../../src/hedgers/rnn-hedger.js";
import { DELTA_FEATURE_COUNT } from "../../src/hedgers/delta-features.js";
import { encodeModelWeights } from "../../src/hedgers/policy-weights.js";
import { decodeSafetensors } from "../../src/tensor/safetensors.js";
import { Adam } from "../../src/tensor/adam.js";
import { encodeCheckpointFile } from "../../src/cli/checkpoint-file.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { modelFiles, parseModelFile, WEIGHTS_FILE, type ModelFile } from "../../src/store/model-file.js";

const dir = mkdtempSync(join(tmpdir(), "hedgelab-model-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fitted = {
  train: { start: "2010-01-04", end: "2015-12-31" },
  test: { start: "2016-01-04", end: "2017-12-29" },
  volatility: { start: "2010-01-04", end: "2015-12-31", volatility: 0.25 },
};

function modelOf(): ModelFile {
  const network = new RnnHedger({
    assets: 2,
    steps: 30,
    hidden: [4],
    features: DELTA_FEATURE_COUNT,
    seed: 3,
  });
  const policy = new ResidualHedger(network, { assets: 2, volatility: 0.25 });
  const model: ModelFile = {
    hedgelab: "0.1.0",
    hedge: ["AAPL", "MSFT"],
    config: resolveRunConfig({ hedgeSets: [["AAPL", "MSFT"]] }),
    policy: policy.save(),
    training: { history: [], bestEpoch: 0, stoppedEarly: false, resumedFrom: 0 },
    fitted,
  };
  policy.dispose();
  return model;
}

describe("a model folder", () => {
  it("holds model.json without weights and weights.safetensors with every tensor by name; both read back to the same policy", () => {
    const model = modelOf();
    const files = modelFiles(model);
    const json = files["model.json"] as string;
    const description = JSON.parse(json).policy;
    // Names only: the network's description nested in the residual's options, no numbers.
    expect(description.parameters).toEqual(["residual.weight", "residual.bias"]);
    expect(description.options.network.parameters.every((name: unknown) => typeof name === "string")).toBe(
      true,
    );
    expect(json.length).toBeLessThan(20_000);
    const weights = files[WEIGHTS_FILE] as Uint8Array;
    const names = decodeSafetensors(weights).tensors.map((t) => t.name);
    expect(names).toContain("network.layer0.weight");
    expect(names).toContain("residual.bias");
    const folder = join(dir, "m");
    mkdirSync(folder);
    writeFileSync(join(folder, "model.json"), json);
    writeFileSync(join(folder, WEIGHTS_FILE), weights);
    const read = parseModelFile(readFileSync(join(folder, "model.json"), "utf8"), join(folder, "model.json"));
    expect(read.policy).toEqual(model.policy);
  });

  it("of an earlier hedgelab, with its weights inside model.json, is still read", () => {
    const model = modelOf();
    const read = parseModelFile(JSON.stringify(model), join(dir, "old", "model.json"));
    expect(read.policy).toEqual(model.policy);
  });

  it("without its weights file is refused in one line naming the file", () => {
    const json = modelFiles(modelOf())["model.json"] as string;
    expect(() => parseModelFile(json, join(dir, "lost", "model.json"))).toThrow(
      /lost\/model\.json keeps its weights in .*lost\/weights\.safetensors, which cannot be read/,
    );
  });

  it("of a paper-size SigFormer weighs its 4.87 M float32 weights, and a training checkpoint five times that", () => {
    const network = new SigFormerHedger({
      assets: 5,
      steps: 30,
      size: "paper",
      features: DELTA_FEATURE_COUNT,
    });
    const policy = new ResidualHedger(network, { assets: 5, volatility: 0.25 });
    const count = policy.parameters.reduce((s, p) => s + p.size, 0);
    expect(count / 1e6).toBeCloseTo(4.87, 2);
    const weights = encodeModelWeights(policy.save());
    // The tensors and a header of names, shapes and offsets.
    expect(weights.byteLength).toBeGreaterThan(4 * count);
    expect(weights.byteLength).toBeLessThan(4 * count * 1.001);
    const saved = policy.save();
    const adam = new Adam(policy.parameters);
    const checkpoint = encodeCheckpointFile({
      hedge: ["A", "B", "C", "D", "E"],
      checkpoint: {
        epoch: 1,
        policy: saved,
        best: saved,
        bestEpoch: 1,
        bestRisk: 1,
        optimizer: adam.state(),
        omega: 0,
        history: [],
        epochsWithoutImprovement: 0,
      },
    });
    // The current weights and Adam's two moments, kept in float64 (each twice the weights): what resumes
    // exactly without changing a figure (float32 moments would change the trainings' results).
    expect(checkpoint.byteLength / weights.byteLength).toBeGreaterThan(4.99);
    expect(checkpoint.byteLength / weights.byteLength).toBeLessThan(5.01);
    policy.dispose();
  });
});
