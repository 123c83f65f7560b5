import { describe, expect, it } from "vitest";
import { fit, type Checkpoint } from "../../src/training/fit.js";
import { RnnHedger } from "../../src/hedgers/rnn-hedger.js";
import { ResidualHedger } from "../../src/hedgers/residual-hedger.js";
import { hedgePnl } from "../../src/hedgers/hedge-pnl.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { entropicRisk } from "../../src/risk/entropic-risk.js";
import { compareWithDelta } from "../../src/evaluation/delta-comparison.js";

const option = new EuropeanOption();
const dt = 1 / 252;
const sigma = 0.2;

describe("fit", () => {
  it("teaches the shared RNN the Black–Scholes delta on GBM (RMS < 0.1, entropic risk ≤ 1.05 × delta's)", () => {
    const train = generateGbm({ n: 8000, volatility: sigma }, createRandom(1));
    const validation = generateGbm({ n: 2000, volatility: sigma }, createRandom(2));
    const test = generateGbm({ n: 4000, volatility: sigma }, createRandom(3));
    const rnn = new RnnHedger({ assets: 1, steps: 30, hidden: [32, 32] });
    const result = fit(rnn, train, validation, option, {
      epochs: 10,
      learningRate: 3e-3,
      loss: { clip: null },
      patience: 100,
    });
    expect(result.history).toHaveLength(10);
    expect(result.history[9]!.validationRisk).toBeLessThan(result.history[0]!.validationRisk);
    const { rms, risk, deltaRisk } = compareWithDelta(rnn, test, option, sigma);
    expect(rms).toBeLessThan(0.1);
    expect(risk).toBeLessThanOrEqual(1.05 * deltaRisk);
    rnn.dispose();
  });

  it("records per epoch the training batches' mean P&L and the share below the clip, measured before each step, in one pass or split", () => {
    const train = generateGbm({ n: 64, volatility: 0.5 }, createRandom(11));
    const make = (): RnnHedger =>
      new RnnHedger({ assets: 1, steps: 30, hidden: [8], dtype: "float64", seed: 3 });
    // The P&L the first (and only) step sees: the initial weights' on the whole batch.
    const initial = make();
    const pnl = hedgePnl(train, initial.holdings({ paths: train, option, dt }), option.payoff(train));
    initial.dispose();
    const sorted = Float64Array.from(pnl).sort();
    const clip = (sorted[15]! + sorted[16]!) / 2; // 16 of 64 below
    const mean = pnl.reduce((a, b) => a + b, 0) / pnl.length;
    for (const passes of [1, 3]) {
      const rnn = make();
      if (passes > 1) Object.defineProperty(rnn, "maxTrainingPaths", { value: 25 });
      const { history } = fit(rnn, train, undefined, option, { epochs: 1, batchSize: 64, loss: { clip } });
      expect(history[0]!.clippedShare, `${passes} passes`).toBe(0.25);
      expect(history[0]!.trainingPnl).toBeCloseTo(mean, 10);
      rnn.dispose();
    }
    const unclipped = make();
    const { history } = fit(unclipped, train, undefined, option, {
      epochs: 1,
      batchSize: 64,
      loss: { clip: null },
    });
    expect(history[0]!.clippedShare).toBeUndefined();
    expect(history[0]!.trainingPnl).toBeCloseTo(mean, 10);
    unclipped.dispose();
  });

  it("stops early when the validation risk stops improving and restores the best epoch's weights", () => {
    const train = generateGbm({ n: 512, volatility: sigma }, createRandom(4));
    const validation = generateGbm({ n: 256, volatility: sigma }, createRandom(5));
    const rnn = new RnnHedger({ assets: 1, steps: 30, hidden: [8, 8] });
    const result = fit(rnn, train, validation, option, { epochs: 60, patience: 2, learningRate: 0.05 });
    const risks = result.history.map((r) => r.validationRisk);
    const best = Math.min(...risks);
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBeLessThan(60);
    expect(risks[result.bestEpoch - 1]).toBe(best);
    // The policy now holds the best epoch's weights.
    const pnl = hedgePnl(
      validation,
      rnn.holdings({ paths: validation, option, dt }),
      option.payoff(validation),
    );
    expect(entropicRisk(pnl, 1.3)).toBeCloseTo(best, 10);
    rnn.dispose();
  });

  it("resumes from a checkpoint and ends exactly where an uninterrupted run ends", () => {
    const train = generateGbm({ n: 300, volatility: sigma }, createRandom(6));
    const validation = generateGbm({ n: 100, volatility: sigma }, createRandom(7));
    const options = { epochs: 4, batchSize: 64, patience: 100, selection: "last" as const };
    const full = new RnnHedger({ assets: 1, steps: 30, hidden: [8] });
    fit(full, train, validation, option, options);

    const saved: Checkpoint[] = [];
    const store = {
      save: (c: Checkpoint) => saved.push(JSON.parse(JSON.stringify(c))),
      load: () => saved[saved.length - 1],
    };
    const first = new RnnHedger({ assets: 1, steps: 30, hidden: [8] });
    fit(first, train, validation, option, {
      ...options,
      epochs: 2,
      checkpoints: { save: store.save, load: () => undefined },
    });
    const second = new RnnHedger({ assets: 1, steps: 30, hidden: [8], seed: 99 });
    const resumed = fit(second, train, validation, option, { ...options, checkpoints: store });
    expect(resumed.resumedFrom).toBe(2);
    expect(resumed.history).toHaveLength(4);
    expect(Array.from(second.holdings({ paths: validation, option, dt }))).toEqual(
      Array.from(full.holdings({ paths: validation, option, dt })),
    );
    [full, first, second].forEach((p) => p.dispose());
  });

  it("resumed, keeps the initial weights when no epoch beat them, as the uninterrupted run does", () => {
    const train = generateGbm({ n: 128, volatility: sigma }, createRandom(10));
    const validation = generateGbm({ n: 200, volatility: sigma }, createRandom(11));
    // The delta hedge plus a network, trained too fast on few paths: every epoch is worse than the start.
    const make = (): ResidualHedger =>
      new ResidualHedger(new RnnHedger({ assets: 1, steps: 30, hidden: [8] }), {
        assets: 1,
        volatility: sigma,
      });
    const options = { epochs: 3, batchSize: 32, patience: 100, learningRate: 0.5, keepInitial: true };
    const full = make();
    const straight = fit(full, train, validation, option, options);
    expect(straight.bestEpoch).toBe(0);

    let saved: Checkpoint | undefined;
    const first = make();
    fit(first, train, validation, option, {
      ...options,
      epochs: 1,
      checkpoints: {
        save: (c) => (saved = JSON.parse(JSON.stringify(c)) as Checkpoint),
        load: () => undefined,
      },
    });
    const second = make();
    const resumed = fit(second, train, validation, option, {
      ...options,
      checkpoints: { save: () => undefined, load: () => saved },
    });
    expect(resumed.resumedFrom).toBe(1);
    expect(resumed.bestEpoch).toBe(0);
    expect(resumed.initialRisk).toBe(straight.initialRisk);
    expect(Array.from(second.holdings({ paths: validation, option, dt }))).toEqual(
      Array.from(full.holdings({ paths: validation, option, dt })),
    );
    [full, first, second].forEach((p) => p.dispose());
  });

  it("stops on divergence with a clear message and keeps the last good weights", () => {
    const train = generateGbm({ n: 256, volatility: sigma }, createRandom(8));
    const rnn = new RnnHedger({ assets: 1, steps: 30, hidden: [8] });
    const before = rnn.save();
    // An absurd learning rate with an unclipped, very risk-averse loss overflows to Infinity.
    const result = fit(rnn, train, undefined, option, {
      epochs: 3,
      learningRate: 1e6,
      loss: { clip: null, riskAversion: 1000, learnPremium: true },
    });
    expect(result.diverged).toMatch(/^training diverged at epoch 1, step \d+: the (loss|weights) became/);
    expect(rnn.save().parameters).toEqual(before.parameters);
    rnn.dispose();
  });
});
