import { describe, expect, it } from "vitest";
import { generateGbm } from "../../src/generators/gbm.js";
import { DELTA_FEATURE_COUNT } from "../../src/hedgers/delta-features.js";
import { ResidualHedger } from "../../src/hedgers/residual-hedger.js";
import { SigFormerHedger } from "../../src/hedgers/sigformer-hedger.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { createRandom } from "../../src/random/random-source.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/tensor/safetensors.js";
import {
  checkpointFromTensors,
  checkpointTensors,
  type CheckpointDescription,
} from "../../src/training/checkpoint-tensors.js";
import { fit, type Checkpoint, type FitOptions } from "../../src/training/fit.js";

const option = new EuropeanOption();
const dt = 1 / 252;
const steps = 6;

/** A checkpoint through a safetensors file and back, its description through JSON. */
function throughFile(checkpoint: Checkpoint): Checkpoint {
  const { description, tensors } = checkpointTensors(checkpoint);
  const bytes = encodeSafetensors(tensors, { checkpoint: JSON.stringify(description) });
  const decoded = decodeSafetensors(bytes, "c.safetensors");
  const json = JSON.parse(decoded.metadata.checkpoint!) as CheckpointDescription;
  return checkpointFromTensors(json, decoded.tensors, "checkpoint c.safetensors");
}

describe("checkpoints as named tensors", () => {
  it("a residual SigFormer with dropout and a learned ω resumes from the file exactly where an uninterrupted run ends", () => {
    const train = generateGbm({ n: 96, steps, volatility: 0.3 }, createRandom(21));
    const validation = generateGbm({ n: 48, steps, volatility: 0.3 }, createRandom(22));
    const make = (): ResidualHedger =>
      new ResidualHedger(
        new SigFormerHedger({
          assets: 1,
          steps,
          size: "small",
          dropout: 0.1,
          features: DELTA_FEATURE_COUNT,
        }),
        { assets: 1, volatility: 0.3 },
      );
    const options: FitOptions = {
      epochs: 3,
      batchSize: 32,
      learningRate: 1e-2,
      patience: 100,
      loss: { kind: "expected-shortfall", level: 0.9 },
    };
    const full = make();
    fit(full, train, validation, option, options);

    let saved: Checkpoint | undefined;
    const first = make();
    fit(first, train, validation, option, {
      ...options,
      epochs: 2,
      checkpoints: { save: (c) => (saved = throughFile(c)), load: () => undefined },
    });
    expect(saved!.optimizer.m).toHaveLength(first.parameters.length + 1); // + ω
    const second = make();
    const resumed = fit(second, train, validation, option, {
      ...options,
      checkpoints: { save: () => undefined, load: () => saved },
    });
    expect(resumed.resumedFrom).toBe(2);
    const context = { paths: validation, option, dt };
    expect(second.holdings(context)).toEqual(full.holdings(context));
    [full, first, second].forEach((p) => p.dispose());
  });

  it("names the moments after the parameters, stores best only when it differs, and refuses a missing moment", () => {
    const train = generateGbm({ n: 64, steps, volatility: 0.3 }, createRandom(23));
    const policy = new SigFormerHedger({ assets: 1, steps, size: "small" });
    const checkpoints: Checkpoint[] = [];
    fit(policy, train, train, option, {
      epochs: 1,
      batchSize: 32,
      checkpoints: { save: (c) => checkpoints.push(c), load: () => undefined },
    });
    const checkpoint = checkpoints[0]!;
    const { description, tensors } = checkpointTensors(checkpoint);
    const size = (prefix: string): number =>
      tensors.filter((t) => t.name.startsWith(prefix)).reduce((s, t) => s + t.values.byteLength, 0);
    const weights = policy.parameters.reduce((s, p) => s + 4 * p.size, 0);
    expect(description.best).toBe("policy");
    expect(description.optimizer.moments).toEqual(policy.parameters.map((p) => p.name));
    expect(tensors.map((t) => t.name)).toContain("adam.v.block0.level2.mlp1.weight");
    // Current weights, and Adam's two moments, kept in float64 (8 bytes per weight): five times the weights (+ 8 bytes of buffers).
    expect([size("policy."), size("adam.m."), size("adam.v.")]).toEqual([
      weights + 8,
      2 * weights,
      2 * weights,
    ]);
    // Best weights of another epoch are stored apart, under best.
    const other = {
      ...checkpoint,
      best: JSON.parse(JSON.stringify(checkpoint.best)) as typeof checkpoint.best,
    };
    other.best.buffers.dropout_draws = [7];
    const apart = checkpointTensors(other);
    expect(apart.description.best).not.toBe("policy");
    expect(apart.tensors.filter((t) => t.name.startsWith("best.")).map((t) => t.name.slice(5))).toEqual(
      tensors.filter((t) => t.name.startsWith("policy.")).map((t) => t.name.slice(7)),
    );
    expect(checkpointFromTensors(apart.description, apart.tensors, "c").best.buffers.dropout_draws).toEqual([
      7,
    ]);
    const without = tensors.filter((t) => t.name !== "adam.m.readout.bias");
    expect(() => checkpointFromTensors(description, without, "checkpoint c.safetensors")).toThrow(
      "checkpoint c.safetensors has no tensor adam.m.readout.bias",
    );
    policy.dispose();
  });
});
