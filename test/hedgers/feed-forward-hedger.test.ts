import { describe, expect, it } from "vitest";
import { FeedForwardHedger } from "../../src/hedgers/feed-forward-hedger.js";
import { ResidualHedger } from "../../src/hedgers/residual-hedger.js";
import { DeltaHedge } from "../../src/hedgers/delta-hedge.js";
import { DELTA_FEATURE_COUNT } from "../../src/hedgers/delta-features.js";
import { restoreModel } from "../../src/models/registry.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { createPathBatch } from "../../src/data/path-batch.js";
import { fit } from "../../src/training/fit.js";
import { hedgingLoss, resolveLossOptions } from "../../src/training/hedging-loss.js";
import { pnlTensor } from "../../src/training/pnl-tensor.js";
import { compareWithDelta } from "../../src/evaluation/delta-comparison.js";
import { backward } from "../../src/tensor/backward.js";
import { tidy } from "../../src/tensor/tensor.js";
import { expectCausal } from "./causality.js";

const option = new EuropeanOption();
const dt = 1 / 252;

describe("FeedForwardHedger", () => {
  it("gives T tensors [N, H] from forward and holdings [N, T, H], with inputs H + 1 + K + F", () => {
    const paths = generateGbm({ n: 5, steps: 6, volatility: [0.2, 0.3] }, createRandom(1));
    const ff = new FeedForwardHedger({ assets: 2, steps: 6, dtype: "float64" });
    expect(ff.inputWidth).toBe(3);
    expect(ff.options.hidden).toEqual([32, 32]);
    expect(ff.options.activation).toBe("relu");
    const forward = tidy(() => ff.forward({ paths, option, dt }, "train").map((h) => [...h.shape]));
    expect(forward).toEqual(Array.from({ length: 6 }, () => [5, 2]));
    const holdings = ff.holdings({ paths, option, dt });
    expect(holdings.length).toBe(5 * 6 * 2);
    // holdings is forward laid out as [N, T, H].
    const t3 = tidy(() => Array.from(ff.forward({ paths, option, dt }, "eval")[3]!.values()));
    expect([holdings[(1 * 6 + 3) * 2], holdings[(1 * 6 + 3) * 2 + 1]]).toEqual(t3.slice(2, 4));
    expect(String(ff)).toBe("FeedForwardHedger(hidden=[32, 32], relu, inputs=3, 1250 parameters)");
    ff.dispose();
  });

  it("is causal, and its holdings do not depend on the previous date's prices given S_t and t", () => {
    const paths = generateGbm({ n: 4, steps: 7, volatility: [0.2, 0.3] }, createRandom(2));
    const ff = new FeedForwardHedger({
      assets: 2,
      steps: 7,
      hidden: [8],
      activation: "tanh",
      dtype: "float64",
    });
    expectCausal(ff, { paths, option, dt });
    // Markov in x_t: moving S_1 alone (asset 0) changes only the holdings on date 1.
    const values = Float64Array.from(paths.values);
    for (let i = 0; i < 4; i++) values[(i * 8 + 1) * 2]! *= 1.1;
    const moved = createPathBatch(values, { n: 4, steps: 7, tickers: paths.tickers });
    const [a, b] = [ff.holdings({ paths, option, dt }), ff.holdings({ paths: moved, option, dt })];
    for (let k = 0; k < a.length; k++) {
      const t = Math.floor(k / 2) % 7;
      if (t === 1) expect(b[k]).not.toBe(a[k]);
      else expect(b[k]).toBe(a[k]);
    }
    ff.dispose();
  });

  it("sees the regime one-hot and the context features, and names what is missing", () => {
    const base = generateGbm({ n: 2, steps: 3 }, createRandom(3));
    const labels = (k: number): Int32Array => Int32Array.from({ length: 6 }, () => k);
    const ff = new FeedForwardHedger({ assets: 1, steps: 3, regimes: 3, features: 2, dtype: "float64" });
    const features = Float64Array.from({ length: 12 }, (_, k) => k / 12);
    const at = (k: number, f = features): Float64Array =>
      ff.holdings({
        paths: createPathBatch(
          base.values,
          { n: 2, steps: 3, tickers: base.tickers },
          { regimes: labels(k) },
        ),
        option,
        dt,
        features: f,
      });
    expect(Array.from(at(0))).not.toEqual(Array.from(at(2)));
    expect(
      Array.from(
        at(
          0,
          features.map((x) => -x),
        ),
      ),
    ).not.toEqual(Array.from(at(0)));
    expect(() => ff.holdings({ paths: base, option, dt, features })).toThrow("expects regime labels");
    expect(() => at(3)).toThrow("built for 3 regimes, path 0 has label 3 on date 0");
    expect(() => at(0, new Float64Array(6))).toThrow("expects 2 features per date");
    ff.dispose();
  });

  it("saves and restores (restoreModel, through JSON) to bit-identical holdings", () => {
    const paths = generateGbm({ n: 64, steps: 8 }, createRandom(4));
    const a = new FeedForwardHedger({ assets: 1, steps: 8, hidden: [8, 8], seed: 1 });
    fit(a, paths, undefined, option, { epochs: 1, batchSize: 16, learningRate: 1e-2 });
    const saved = JSON.parse(JSON.stringify(a.save())) as ReturnType<FeedForwardHedger["save"]>;
    expect(saved.kind).toBe("feed-forward");
    const b = new FeedForwardHedger({ assets: 1, steps: 8, hidden: [8, 8], seed: 2 });
    expect(Array.from(b.holdings({ paths, option, dt }))).not.toEqual(
      Array.from(a.holdings({ paths, option, dt })),
    );
    b.load(saved);
    const restored = restoreModel(saved);
    expect(restored).toBeInstanceOf(FeedForwardHedger);
    for (const copy of [b, restored])
      expect(Array.from(copy.holdings({ paths, option, dt }))).toEqual(
        Array.from(a.holdings({ paths, option, dt })),
      );
    expect(() => b.load({ ...saved, kind: "rnn" })).toThrow(
      "cannot load a rnn model into the feed-forward hedger",
    );
    [a, b, restored].forEach((p) => p.dispose());
  });

  it("has the gradient of the hedging loss wrt its parameters (central finite differences, float64)", () => {
    const paths = generateGbm({ n: 16, steps: 5, volatility: [0.3, 0.2] }, createRandom(5));
    const ff = new FeedForwardHedger({ assets: 2, steps: 5, hidden: [6, 5], dtype: "float64", seed: 3 });
    const payoff = option.payoff(paths);
    const lossOptions = resolveLossOptions({ clip: null });
    const loss = (): number =>
      tidy(() =>
        hedgingLoss(pnlTensor(ff.forward({ paths, option, dt }, "train"), paths, payoff), lossOptions).item(),
      );
    tidy(() =>
      backward(
        hedgingLoss(pnlTensor(ff.forward({ paths, option, dt }, "train"), paths, payoff), lossOptions),
      ),
    );
    const step = 1e-6;
    let checked = 0;
    for (const p of ff.parameters) {
      const analytic = p.grad!.toArray();
      const values = p.values();
      for (const k of [0, Math.floor(p.size / 2), p.size - 1]) {
        const original = values[k]!;
        values[k] = original + step;
        const up = loss();
        values[k] = original - step;
        const down = loss();
        values[k] = original;
        const numeric = (up - down) / (2 * step);
        expect(Math.abs(analytic[k]! - numeric), `${p.name}[${k}]`).toBeLessThan(
          1e-6 * (1 + Math.abs(numeric)),
        );
        checked++;
      }
    }
    expect(checked).toBe(6 * 3);
    ff.dispose();
  });

  it("learns the Black–Scholes delta on GBM (RMS < 0.1, entropic risk ≤ 1.1 × delta's)", () => {
    const sigma = 0.2;
    const train = generateGbm({ n: 8000, volatility: sigma }, createRandom(1));
    const validation = generateGbm({ n: 1000, volatility: sigma }, createRandom(2));
    const test = generateGbm({ n: 2000, volatility: sigma }, createRandom(3));
    const ff = new FeedForwardHedger({ assets: 1, steps: 30 });
    const result = fit(ff, train, validation, option, {
      epochs: 10,
      learningRate: 1e-2,
      loss: { clip: null },
      patience: 100,
    });
    expect(result.history[9]!.validationRisk).toBeLessThan(result.history[0]!.validationRisk);
    const { rms, risk, deltaRisk } = compareWithDelta(ff, test, option, sigma);
    expect(rms).toBeLessThan(0.1);
    expect(risk).toBeLessThanOrEqual(1.1 * deltaRisk);
    ff.dispose();
  });

  it("can be wrapped by ResidualHedger with the delta features: it starts as the delta hedge", () => {
    const paths = generateGbm({ n: 64, steps: 8, volatility: 0.3 }, createRandom(6));
    const validation = generateGbm({ n: 32, steps: 8, volatility: 0.3 }, createRandom(7));
    const network = new FeedForwardHedger({
      assets: 1,
      steps: 8,
      hidden: [8],
      features: DELTA_FEATURE_COUNT,
    });
    const residual = new ResidualHedger(network, { assets: 1, volatility: 0.25, inputs: "delta" });
    expect(residual.name).toBe("feed-forward-residual");
    const context = { paths: validation, option, dt };
    const delta = new DeltaHedge({ volatility: 0.25 }).holdings(context);
    expect(residual.holdings(context)).toEqual(delta);
    fit(residual, paths, validation, option, { epochs: 2, batchSize: 16, learningRate: 1e-2, seed: 1 });
    expect(residual.holdings(context)).not.toEqual(delta);
    expectCausal(residual, context);
    const restored = restoreModel(JSON.parse(JSON.stringify(residual.save())));
    expect(restored.holdings(context)).toEqual(residual.holdings(context));
    residual.dispose();
    restored.dispose();
  });

  it("rejects paths of another shape and invalid options with one line", () => {
    const ff = new FeedForwardHedger({ assets: 2, steps: 30 });
    expect(() =>
      ff.holdings({ paths: generateGbm({ n: 2, steps: 30 }, createRandom(8)), option, dt }),
    ).toThrow("built for 2 hedge assets, the paths have 1");
    expect(() =>
      ff.holdings({ paths: generateGbm({ n: 2, steps: 5, assets: 2 }, createRandom(8)), option, dt }),
    ).toThrow("built for T = 30 steps, the paths have 5");
    expect(() => new FeedForwardHedger({ assets: 0, steps: 30 })).toThrow("invalid assets: 0");
    expect(() => new FeedForwardHedger({ assets: 1, steps: 30, hidden: [] })).toThrow("invalid hidden");
    expect(() => new FeedForwardHedger({ assets: 1, steps: 30, hidden: [4, 0] })).toThrow("invalid hidden");
    expect(() => new FeedForwardHedger({ assets: 1, steps: 30, regimes: -1 })).toThrow("invalid regimes: -1");
    expect(() => new FeedForwardHedger({ assets: 1, steps: 30, features: 1.5 })).toThrow(
      "invalid features: 1.5",
    );
    expect(
      () => new FeedForwardHedger({ assets: 1, steps: 30, activation: "gelu" as unknown as "relu" }),
    ).toThrow('invalid activation: "gelu"');
    ff.dispose();
  });
});
