import { describe, expect, it } from "vitest";
import { fit } from "../../src/training/fit.js";
import { splitStepGradient } from "../../src/training/split-step.js";
import { pnlTensor } from "../../src/training/pnl-tensor.js";
import { hedgingLoss, resolveLossOptions } from "../../src/training/hedging-loss.js";
import { SigFormerHedger } from "../../src/hedgers/sigformer-hedger.js";
import {
  resolveSigFormerOptions,
  sigFormerMemory,
  type SigFormerOptions,
} from "../../src/hedgers/sigformer-options.js";
import { gatherPaths } from "../../src/data/path-batch.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { backward } from "../../src/tensor/backward.js";
import { concat } from "../../src/tensor/ops/shape.js";
import { tidy } from "../../src/tensor/tensor.js";

const option = new EuropeanOption();
const dt = 1 / 252;
const options: SigFormerOptions = {
  assets: 1,
  steps: 8,
  dim: 2,
  order: 3,
  heads: 2,
  blocks: 1,
  dtype: "float64",
  features: ["returns", "log-moneyness"],
};
const train = generateGbm({ n: 40, steps: 8, volatility: 0.3 }, createRandom(1));
const weights = (p: SigFormerHedger): number[] => p.parameters.flatMap((t) => Array.from(t.values()));
const maxDifference = (a: number[], b: number[]): number =>
  a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe("a batch split into passes", () => {
  it("trains exactly as one pass: the same weights after two steps with a learned premium (float64)", () => {
    const memory = sigFormerMemory(resolveSigFormerOptions(options));
    const whole = new SigFormerHedger(options);
    // A budget for 15 paths per pass: each batch of 20 runs in two passes.
    const split = new SigFormerHedger({
      ...options,
      memoryBudget: memory.parameterBytes + 15.5 * memory.trainingBytesPerPath,
    });
    expect(split.maxTrainingPaths).toBe(15);
    const run = (policy: SigFormerHedger) =>
      fit(policy, train, undefined, option, {
        epochs: 1,
        batchSize: 20,
        learningRate: 0.01,
        loss: { learnPremium: true },
      });
    const [a, b] = [run(whole), run(split)];
    expect(b.history[0]!.loss).toBeCloseTo(a.history[0]!.loss, 10);
    expect(maxDifference(weights(whole), weights(split))).toBeLessThan(1e-10);
    const initial = new SigFormerHedger(options);
    expect(maxDifference(weights(initial), weights(whole))).toBeGreaterThan(1e-3);
    [whole, split, initial].forEach((p) => p.dispose());
  });

  it("replays the same dropout masks in both runs: its gradient is that of the passes' joint loss", () => {
    const model = new SigFormerHedger({ ...options, dropout: 0.3 });
    const loss = resolveLossOptions({ clip: -2 });
    const passes = [
      gatherPaths(train, [...Array(13).keys()]),
      gatherPaths(
        train,
        [...Array(13).keys()].map((i) => i + 13),
      ),
    ];
    const batch = gatherPaths(train, [...Array(26).keys()]);
    const mark = model.randomMark();
    const value = splitStepGradient(model, batch, {
      option,
      dt,
      cost: 0,
      loss,
      omega: undefined,
      passSize: 13,
    });
    const split = model.parameters.flatMap((p) => Array.from(p.grad!.values()));
    // The reference: both passes in one graph, drawing the masks from the same mark.
    model.parameters.forEach((p) => p.grad!.values().fill(0));
    model.rewindRandom(mark);
    const reference = tidy(() => {
      const pnl = concat(
        passes.map((paths) =>
          pnlTensor(model.forward({ paths, option, dt }, "train"), paths, option.payoff(paths)),
        ),
        0,
      );
      const l = hedgingLoss(pnl, loss);
      backward(l);
      return l.item();
    });
    expect(value).toBeCloseTo(reference, 12);
    const joint = model.parameters.flatMap((p) => Array.from(p.grad!.values()));
    expect(maxDifference(split, joint)).toBeLessThan(1e-12);
    expect(Math.max(...joint.map(Math.abs))).toBeGreaterThan(1e-3);
    model.dispose();
  });
});
