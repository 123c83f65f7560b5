import { describe, expect, it } from "vitest";
import { SigFormerHedger, SIGFORMER_FORMAT } from "../../src/hedgers/sigformer-hedger.js";
import { resolveSigFormerOptions, sigFormerMemory } from "../../src/hedgers/sigformer-options.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { createPathBatch } from "../../src/data/path-batch.js";
import { pnlTensor } from "../../src/training/pnl-tensor.js";
import { hedgingLoss, resolveLossOptions } from "../../src/training/hedging-loss.js";
import { backward } from "../../src/tensor/backward.js";
import { tidy } from "../../src/tensor/tensor.js";
import { fit } from "../../src/training/fit.js";
import { expectCausal } from "./causality.js";
import { compareWithDelta } from "../../src/evaluation/delta-comparison.js";

const option = new EuropeanOption();
const dt = 1 / 252;
const allInputs = ["returns", "log-moneyness", "time-to-maturity"] as const;

describe("SigFormerHedger", () => {
  it("has the paper's configuration by default and a documented small one", () => {
    const paper = resolveSigFormerOptions({ assets: 1, steps: 30 });
    expect([paper.dim, paper.order, paper.heads, paper.blocks, paper.dropout]).toEqual([8, 3, 2, 2, 0]);
    expect(paper.inputs).toEqual(["returns"]);
    expect(paper.features).toBe(0);
    const small = resolveSigFormerOptions({ assets: 1, steps: 30, size: "small" });
    expect([small.dim, small.order, small.heads, small.blocks]).toEqual([4, 3, 2, 1]);
    // Level 3 of the paper's model: Q, K, V, O of 512 × 1024, the MLP 512 → 256 → 512, per block.
    expect(sigFormerMemory(paper).parameters).toBe(4_870_361);
  });

  it("gives holdings of shape [N, T, H], and its holdings and every level's features after every block are causal", () => {
    const paths = generateGbm({ n: 3, steps: 6, volatility: [0.2, 0.3] }, createRandom(1));
    for (const blocks of [1, 2]) {
      const model = new SigFormerHedger({
        assets: 2,
        steps: 6,
        dim: 2,
        order: 3,
        heads: 2,
        blocks,
        inputs: [...allInputs],
        dtype: "float64",
      });
      const context = { paths, option, dt };
      expect(model.holdings(context).length).toBe(3 * 6 * 2);
      expectCausal(model, context);
      // The features [N, T, 2 + 4 + 8] seen as a policy with 14 "assets": causal at every level.
      const features = { name: "features", holdings: (c: typeof context) => model.representation(c) };
      expectCausal(features, context, 14);
      model.dispose();
    }
  });

  it("has the gradient of the hedging loss in every weight (central finite differences, float64, with dropout)", () => {
    const paths = generateGbm({ n: 3, steps: 5, volatility: 0.3 }, createRandom(2));
    const model = new SigFormerHedger({
      assets: 1,
      steps: 5,
      dim: 3,
      order: 3,
      heads: 2,
      blocks: 2,
      dropout: 0.1,
      inputs: [...allInputs],
      dtype: "float64",
    });
    const loss = resolveLossOptions({ clip: null });
    const payoff = option.payoff(paths);
    const mark = model.randomMark();
    const evaluate = (): number => {
      model.rewindRandom(mark); // the same dropout masks in every evaluation
      return tidy(() =>
        hedgingLoss(pnlTensor(model.forward({ paths, option, dt }, "train"), paths, payoff), loss).item(),
      );
    };
    model.rewindRandom(mark);
    tidy(() => {
      const l = hedgingLoss(pnlTensor(model.forward({ paths, option, dt }, "train"), paths, payoff), loss);
      backward(l);
    });
    const step = 1e-6;
    let worst = 0;
    for (const p of model.parameters) {
      const analytic = p.grad!.toArray();
      for (const i of new Set([0, Math.floor(p.size / 2), p.size - 1])) {
        const v = p.values();
        const base = v[i]!;
        v[i] = base + step;
        const up = evaluate();
        p.values()[i] = base - step;
        const down = evaluate();
        p.values()[i] = base;
        const numeric = (up - down) / (2 * step);
        worst = Math.max(worst, Math.abs(analytic[i]! - numeric) / (1 + Math.abs(numeric)));
      }
    }
    expect(worst).toBeLessThan(1e-6);
    model.dispose();
  });

  it("learns the Black–Scholes delta on GBM: entropic risk ≤ 1.05 × delta's and holdings within RMS 0.1 on fresh paths", () => {
    // Known volatility, no drift, no costs. A tiny SigFormer (d = 3, m = 2, one head, one block)
    // that sees log-moneyness and time to maturity, as the delta does (examples/sigformer-learns-delta.ts
    // is the full-size version).
    const sigma = 0.2;
    const train = generateGbm({ n: 3000, volatility: sigma }, createRandom(1));
    const validation = generateGbm({ n: 1000, volatility: sigma }, createRandom(2));
    const test = generateGbm({ n: 4000, volatility: sigma }, createRandom(3));
    const model = new SigFormerHedger({
      assets: 1,
      steps: 30,
      dim: 3,
      order: 2,
      heads: 1,
      blocks: 1,
      inputs: [...allInputs],
    });
    fit(model, train, validation, option, {
      epochs: 6,
      batchSize: 128,
      learningRate: 0.01,
      loss: { clip: null },
      patience: 100,
    });
    const { rms, risk, deltaRisk } = compareWithDelta(model, test, option, sigma);
    expect(rms).toBeLessThan(0.1);
    expect(risk).toBeLessThanOrEqual(1.05 * deltaRisk);
    model.dispose();
  });

  it("sees the regime label one-hot", () => {
    const base = generateGbm({ n: 2, steps: 3 }, createRandom(3));
    const model = new SigFormerHedger({ assets: 1, steps: 3, size: "small", regimes: 3, dtype: "float64" });
    const at = (k: number): number[] =>
      Array.from(
        model.holdings({
          paths: createPathBatch(
            base.values,
            { n: 2, steps: 3, tickers: base.tickers },
            { regimes: new Int32Array(6).fill(k) },
          ),
          option,
          dt,
        }),
      );
    expect(at(0)).not.toEqual(at(2));
    expect(() => model.holdings({ paths: base, option, dt })).toThrow("expects regime labels");
    model.dispose();
  });

  it("reloads bit-identical holdings from its saved form, and refuses another kind or format in one line", () => {
    const paths = generateGbm({ n: 7, steps: 10 }, createRandom(4));
    const options = { assets: 1, steps: 10, size: "small" as const };
    const a = new SigFormerHedger({ ...options, seed: 1 });
    const b = new SigFormerHedger({ ...options, seed: 2 });
    const context = { paths, option, dt };
    expect(Array.from(a.holdings(context))).not.toEqual(Array.from(b.holdings(context)));
    const saved = JSON.parse(JSON.stringify(a.save()));
    b.load(saved);
    expect(Array.from(b.holdings(context))).toEqual(Array.from(a.holdings(context)));
    expect(() => b.load({ ...saved, kind: "rnn" })).toThrow(
      "cannot load a rnn model into the SigFormer hedger",
    );
    expect(() => b.load({ ...saved, version: SIGFORMER_FORMAT + 1 })).toThrow(
      `the saved SigFormer has format ${SIGFORMER_FORMAT + 1}, this hedgelab reads format ${SIGFORMER_FORMAT}`,
    );
    const other = new SigFormerHedger({ ...options, dim: 3 });
    expect(() => other.load(saved)).toThrow(/parameter .* has shape/);
    [a, b, other].forEach((m) => m.dispose());
  });

  it("rejects invalid options, and a configuration that would not fit in memory before allocating", () => {
    const make = (o: object) => () => new SigFormerHedger({ assets: 1, steps: 30, ...o });
    expect(make({ dim: 0 })).toThrow("invalid dim: 0 (must be a positive integer)");
    expect(make({ order: 5 })).toThrow("invalid order: 5 (must be 1, 2, 3 or 4)");
    expect(make({ heads: 1.5 })).toThrow("invalid heads: 1.5");
    expect(make({ blocks: 0 })).toThrow("invalid blocks: 0");
    expect(make({ dropout: 1 })).toThrow("invalid dropout: 1 (must be in [0, 1))");
    expect(make({ size: "huge" })).toThrow('invalid size: "huge"');
    expect(make({ inputs: ["returns", "volume"] })).toThrow("invalid inputs");
    expect(make({ features: -1 })).toThrow("invalid features: -1");
    expect(make({ dim: 16, order: 4 })).toThrow(
      /^invalid dim 16 with order 4: the SigFormer would need about [\d.]+ GiB .* more than its memory budget of 3\.0 GiB; lower dim, order or heads$/,
    );
    const model = new SigFormerHedger({ assets: 2, steps: 30, size: "small" });
    const paths = generateGbm({ n: 2, steps: 30 }, createRandom(5));
    expect(() => model.holdings({ paths, option, dt })).toThrow(
      "the SigFormer hedger was built for 2 hedge assets, the paths have 1",
    );
    model.dispose();
  });
});
