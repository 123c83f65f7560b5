import { describe, expect, it } from "vitest";
import { generateGbm } from "../../src/generators/gbm.js";
import { DELTA_FEATURE_COUNT } from "../../src/hedgers/delta-features.js";
import type { NeuralPolicy, SavedPolicy } from "../../src/hedgers/neural-policy.js";
import {
  decodeModelWeights,
  encodeModelWeights,
  parameterNames,
  policyFromWeights,
  policyWeights,
  type PolicyDescription,
} from "../../src/hedgers/policy-weights.js";
import { ResidualHedger } from "../../src/hedgers/residual-hedger.js";
import { restoreModel } from "../../src/models/registry.js";
import { RnnHedger } from "../../src/hedgers/rnn-hedger.js";
import { SigFormerHedger } from "../../src/hedgers/sigformer-hedger.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { createRandom } from "../../src/random/random-source.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/tensor/safetensors.js";
import { fit } from "../../src/training/fit.js";

const option = new EuropeanOption();
const dt = 1 / 252;
const steps = 6;
const paths = generateGbm({ n: 48, steps, volatility: 0.3 }, createRandom(11));
const validation = generateGbm({ n: 24, steps, volatility: 0.3 }, createRandom(12));

/** `policy` after one epoch, so that weights, running statistics and dropout draws have moved. */
function trained(policy: NeuralPolicy): NeuralPolicy {
  fit(policy, paths, validation, option, { epochs: 1, batchSize: 16, learningRate: 1e-2, seed: 3 });
  return policy;
}

const models: [string, () => NeuralPolicy][] = [
  [
    "a per-step RNN (batch norms)",
    () => new RnnHedger({ assets: 1, steps, variant: "per-step", hidden: [4] }),
  ],
  [
    "a SigFormer with dropout",
    () => new SigFormerHedger({ assets: 1, steps, size: "small", dropout: 0.1, seed: 5 }),
  ],
  [
    "a residual-wrapped SigFormer",
    () =>
      new ResidualHedger(
        new SigFormerHedger({ assets: 1, steps, size: "small", features: DELTA_FEATURE_COUNT }),
        { assets: 1, volatility: 0.3 },
      ),
  ],
];

describe("model weights as safetensors", () => {
  it.each(models)(
    "%s restored from (description + safetensors bytes) gives bit-identical holdings",
    (_, make) => {
      const policy = trained(make());
      const saved = policy.save();
      const { description } = policyWeights(saved);
      // model.json: the description alone, through JSON.
      const json = JSON.parse(JSON.stringify(description)) as PolicyDescription;
      expect(JSON.stringify(json)).not.toMatch(/"data"|"values"/);
      const restored = restoreModel(
        decodeModelWeights(json, encodeModelWeights(saved), "weights.safetensors"),
      );
      const context = { paths: validation, option, dt };
      expect(restored.holdings(context)).toEqual(policy.holdings(context));
      expect(restored.save()).toEqual(saved);
      policy.dispose();
      restored.dispose();
    },
  );

  it("names every tensor after what it is, unique across the model, the network's under network.", () => {
    const residual = new ResidualHedger(
      new RnnHedger({ assets: 1, steps, variant: "per-step", hidden: [3], features: DELTA_FEATURE_COUNT }),
      { assets: 1, volatility: 0.3 },
    );
    const { description, tensors } = policyWeights(residual.save());
    const names = tensors.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 6)).toEqual([
      "network.step0.layer0.weight",
      "network.step0.layer0.bias",
      "network.step0.layer1.weight",
      "network.step0.layer1.bias",
      "network.step0.bn0.gamma",
      "network.step0.bn0.beta",
    ]);
    expect(names).toContain("network.step5.bn1.running_mean");
    expect(names).toContain("network.step5.bn1.running_var");
    expect(names.slice(-2)).toEqual(["residual.weight", "residual.bias"]);
    const runningMean = tensors.find((t) => t.name === "network.step0.bn0.running_mean")!;
    expect(runningMean.values).toBeInstanceOf(Float64Array);
    expect(tensors.find((t) => t.name === "residual.weight")!.values).toBeInstanceOf(Float32Array);
    expect(description.parameters).toEqual(["residual.weight", "residual.bias"]);
    expect((description.options.network as PolicyDescription).buffers).toContain("step0.bn0.running_mean");
    // The optimiser's order: the network's parameters, then the head.
    expect(parameterNames(description)).toEqual([
      ...residual.parameters.slice(0, -2).map((p) => `network.${p.name}`),
      "residual.weight",
      "residual.bias",
    ]);
    const sigformer = new SigFormerHedger({ assets: 1, steps, size: "small" });
    const sigNames = policyWeights(sigformer.save()).tensors.map((t) => t.name);
    expect(sigNames).toContain("block0.level3.query.weight");
    expect(sigNames.slice(-3)).toEqual(["readout.weight", "readout.bias", "dropout_draws"]);
    residual.dispose();
    sigformer.dispose();
  });

  it("restoreModel still reads the older JSON forms: base64 data or number arrays, old buffer names", () => {
    const rnn = trained(new RnnHedger({ assets: 1, steps, variant: "per-step", hidden: [4] }));
    const saved = rnn.save();
    const renamed = (name: string): string =>
      name.replace("running_mean", "mean").replace("running_var", "variance");
    const older: SavedPolicy = {
      ...saved,
      parameters: saved.parameters.map(({ name, shape, dtype }, k) => ({
        name,
        shape,
        dtype,
        values: Array.from(rnn.parameters[k]!.values()),
      })),
      buffers: Object.fromEntries(Object.entries(saved.buffers).map(([k, v]) => [renamed(k), v])),
    };
    const context = { paths: validation, option, dt };
    for (const form of [saved, older]) {
      const restored = restoreModel(JSON.parse(JSON.stringify(form)) as SavedPolicy);
      expect(restored.holdings(context)).toEqual(rnn.holdings(context));
      restored.dispose();
    }
    rnn.dispose();
  });

  it("refuses a weights file without a tensor, with one too many, or with a parameter of the wrong type", () => {
    const rnn = new RnnHedger({ assets: 1, steps, hidden: [2] });
    const { description, tensors } = policyWeights(rnn.save());
    const without = encodeSafetensors(tensors.slice(1));
    expect(() => decodeModelWeights(description, without, "w.safetensors")).toThrow(
      "w.safetensors has no tensor layer0.weight",
    );
    const extra = [...tensors, { name: "stray", shape: [1], values: Float32Array.of(0) }];
    expect(() => policyFromWeights(description, extra, "w.safetensors")).toThrow(
      "w.safetensors has a tensor stray that the model does not use",
    );
    const integer = tensors.map((t, k) => (k === 0 ? { ...t, values: new Int32Array(t.values.length) } : t));
    expect(() => policyFromWeights(description, integer, "w.safetensors")).toThrow(
      "w.safetensors: tensor layer0.weight is I32, not F32 or F64",
    );
    expect(() =>
      decodeModelWeights({ kind: "rnn" } as PolicyDescription, encodeSafetensors(tensors)),
    ).toThrow(/is not a policy's/);
    // The bytes are checked as a safetensors file first.
    expect(() => decodeModelWeights(description, Uint8Array.of(1, 2), "w.safetensors")).toThrow(
      /^w\.safetensors is not a valid safetensors file: truncated/,
    );
    expect(decodeSafetensors(encodeModelWeights(rnn.save())).tensors).toHaveLength(tensors.length);
    rnn.dispose();
  });
});
