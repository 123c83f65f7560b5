import { describe, expect, it } from "vitest";
import { ResidualHedger } from "../../src/hedgers/residual-hedger.js";
import { RnnHedger } from "../../src/hedgers/rnn-hedger.js";
import { DeltaHedge } from "../../src/hedgers/delta-hedge.js";
import { DELTA_FEATURE_COUNT, deltaFeatures } from "../../src/hedgers/delta-features.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { fit } from "../../src/training/fit.js";
import { expectCausal } from "./causality.js";

const option = new EuropeanOption();
const dt = 1 / 252;

function residual(assets: number, inputs: "delta" | "none" = "delta", seed = 1): ResidualHedger {
  const network = new RnnHedger({
    assets,
    steps: 8,
    hidden: [8, 8],
    features: inputs === "delta" ? DELTA_FEATURE_COUNT : 0,
    seed,
  });
  return new ResidualHedger(network, { assets, volatility: 0.25, inputs });
}

describe("ResidualHedger", () => {
  it("with a zero correction holds exactly the delta hedge's holdings (training volatility)", () => {
    const paths = generateGbm({ n: 40, steps: 8, volatility: [0.3, 0.2] }, createRandom(3));
    const context = { paths, option, dt };
    const delta = new DeltaHedge({ volatility: 0.25 }).holdings(context);
    for (const inputs of ["delta", "none"] as const) {
      const policy = residual(2, inputs);
      expect(policy.holdings(context)).toEqual(delta);
      // The differentiable forward pass starts at the delta too (in the network's float32).
      const forward = policy.forward(context, "eval");
      expect(forward[3]!.values()[0]).toBeCloseTo(delta[3 * 2]!, 6);
      policy.dispose();
    }
  });

  it("with base realized holds the delta of the context's volatility, else of the in-window realised volatility, and saves its base", () => {
    const paths = generateGbm({ n: 20, steps: 8, volatility: 0.3 }, createRandom(8));
    const volatility = Float64Array.from({ length: 20 * 8 }, (_, k) => 0.15 + (k % 7) * 0.02);
    const network = new RnnHedger({
      assets: 1,
      steps: 8,
      hidden: [4],
      features: DELTA_FEATURE_COUNT,
      seed: 2,
    });
    const policy = new ResidualHedger(network, { assets: 1, volatility: 0.25, base: "realized" });
    const given = { paths, option, dt, volatility };
    expect(policy.holdings(given)).toEqual(new DeltaHedge().holdings(given));
    // Without a context volatility (a training batch): σ̂_t, the third delta feature times σ_train.
    const features = deltaFeatures({ paths, option, dt }, { volatility: 0.25 });
    const inWindow = Float64Array.from(
      { length: 20 * 8 },
      (_, k) => features[k * DELTA_FEATURE_COUNT + 2]! * 0.25,
    );
    expect(policy.holdings({ paths, option, dt })).toEqual(
      new DeltaHedge().holdings({ paths, option, dt, volatility: inWindow }),
    );
    expect(policy.save().options.base).toBe("realized");
    expect(
      () => new ResidualHedger(network, { assets: 1, volatility: 0.25, base: "vix" as "implied" }),
    ).toThrow(/invalid base: "vix"/);
    policy.dispose();
  });

  it("is causal, and saves and loads to the same holdings after training moved it", () => {
    const paths = generateGbm({ n: 64, steps: 8, volatility: 0.3 }, createRandom(4));
    const validation = generateGbm({ n: 32, steps: 8, volatility: 0.3 }, createRandom(5));
    const policy = residual(1);
    fit(policy, paths, validation, option, { epochs: 2, batchSize: 16, learningRate: 1e-2, seed: 1 });
    const context = { paths: validation, option, dt };
    const before = policy.holdings(context);
    expect(before).not.toEqual(new DeltaHedge({ volatility: 0.25 }).holdings(context));
    expectCausal(policy, context);
    const copy = residual(1, "delta", 9);
    copy.load(policy.save());
    expect(copy.holdings(context)).toEqual(before);
    policy.dispose();
    copy.dispose();
  });

  it("keeps the delta hedge when no epoch beats its validation risk (keepInitial)", () => {
    const paths = generateGbm({ n: 64, steps: 8, volatility: 0.25 }, createRandom(6));
    const validation = generateGbm({ n: 64, steps: 8, volatility: 0.25 }, createRandom(7));
    const policy = residual(1);
    // A learning rate so large that every epoch is worse than the start.
    const result = fit(policy, paths, validation, option, {
      epochs: 2,
      batchSize: 16,
      learningRate: 5,
      keepInitial: true,
      seed: 1,
    });
    expect(result.initialRisk).toBeDefined();
    expect(result.history.every((r) => r.validationRisk > result.initialRisk!)).toBe(true);
    expect(result.bestEpoch).toBe(0);
    const context = { paths: validation, option, dt };
    expect(policy.holdings(context)).toEqual(new DeltaHedge({ volatility: 0.25 }).holdings(context));
    policy.dispose();
  });
});

describe("deltaFeatures", () => {
  it("gives log-moneyness, time left, realised/training volatility (1 on day 0) and the delta", () => {
    const paths = generateGbm({ n: 3, steps: 5, volatility: 0.4 }, createRandom(8));
    const context = { paths, option, dt };
    const f = deltaFeatures(context, { volatility: 0.2, priorDays: 10 });
    const delta = new DeltaHedge({ volatility: 0.2 }).holdings(context);
    const s = (i: number, t: number): number => paths.values[i * 6 + t]!;
    for (let i = 0; i < 3; i++) {
      let squares = 0;
      for (let t = 0; t < 5; t++) {
        const k = (i * 5 + t) * 4;
        if (t > 0) squares += Math.log(s(i, t) / s(i, t - 1)) ** 2 / dt;
        expect(f[k]).toBeCloseTo(Math.log(s(i, t) / 100), 12);
        expect(f[k + 1]).toBeCloseTo((5 - t) / 5, 12);
        expect(f[k + 2]).toBeCloseTo(Math.sqrt((10 * 0.04 + squares) / (10 + t)) / 0.2, 12);
        expect(f[k + 3]).toBe(delta[i * 5 + t]);
      }
    }
  });
});
