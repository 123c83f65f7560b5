import { beforeAll, describe, expect, it } from "vitest";
import { HedgelabError } from "../../src/errors.js";
import { generateGbm, TRADING_DAYS_PER_YEAR } from "../../src/generators/gbm.js";
import {
  fitSigDiffusion,
  generateSigDiffusionPaths,
  type SigDiffusionModel,
} from "../../src/generators/sigdiffusion.js";
import { createRandom } from "../../src/random/random-source.js";

const TINY = { hidden: 16, layers: 1, heads: 2, feedForward: 32 };

describe("SigDiffusion on GBM windows with one known volatility", () => {
  const sigma = 0.3;
  const windows = generateGbm({ n: 512, volatility: sigma }, createRandom(1));
  let model: SigDiffusionModel;
  // About 25 s of CPU on one core: 960 steps of the tiny network (the heaviest test of the generator).
  beforeAll(() => {
    model = fitSigDiffusion(
      windows,
      { epochs: 60, batchSize: 32, learningRate: 2e-3, network: TINY },
      createRandom(3),
    );
  }, 240_000);

  it("the score-matching loss falls on a fixed seed", () => {
    const history = model.networks[0]!.history;
    expect(history).toHaveLength(60);
    expect(history[59]!.loss).toBeLessThan(0.75 * history[0]!.loss);
  });

  it("generates paths whose mean realised volatility is within 10% of σ and mean log-return within two standard errors of (μ − σ²/2)T", () => {
    const { batch, drawn, rejected } = generateSigDiffusionPaths(
      model,
      { paths: 200, odeSteps: 12 },
      createRandom(4),
    );
    expect(batch.n).toBe(200);
    expect(drawn - batch.n).toBe(rejected.bessel + rejected["non-finite"]);
    let [vol, sum, squares] = [0, 0, 0];
    for (let i = 0; i < batch.n; i++) {
      let q = 0;
      for (let j = 1; j <= 30; j++)
        q += Math.log(batch.values[i * 31 + j]! / batch.values[i * 31 + j - 1]!) ** 2;
      vol += Math.sqrt((q / 30) * TRADING_DAYS_PER_YEAR);
      const r = Math.log(batch.values[i * 31 + 30]! / 100);
      sum += r;
      squares += r * r;
    }
    const n = batch.n;
    const mean = sum / n;
    const standardError = Math.sqrt((squares / n - mean * mean) / (n - 1));
    expect(Math.abs(vol / n / sigma - 1)).toBeLessThan(0.1);
    expect(Math.abs(mean - (-0.5 * sigma * sigma * 30) / TRADING_DAYS_PER_YEAR)).toBeLessThan(
      2 * standardError,
    );
  });

  it("samples the same paths for the same seed", () => {
    const a = generateSigDiffusionPaths(model, { paths: 6, odeSteps: 3 }, createRandom(9));
    const b = generateSigDiffusionPaths(model, { paths: 6, odeSteps: 3 }, createRandom(9));
    expect(Array.from(a.batch.values)).toEqual(Array.from(b.batch.values));
  });

  it("refuses fewer training windows than the batch size, and a non-finite weight before sampling, with one line", () => {
    expect(() =>
      fitSigDiffusion(generateGbm({ n: 20 }, createRandom(1)), { batchSize: 32 }, createRandom(1)),
    ).toThrow(/^too few training windows: 20 for a batch size of 32/);
    const broken = {
      ...model,
      networks: model.networks.map((net) => ({
        ...net,
        ema: net.ema.map((w, k) =>
          k === 0
            ? {
                name: w.name,
                shape: w.shape,
                dtype: w.dtype,
                values: new Array<number>(w.shape[0]! * w.shape[1]!).fill(Number.NaN),
              }
            : w,
        ),
      })),
    };
    expect(() => generateSigDiffusionPaths(broken, { paths: 2, odeSteps: 2 }, createRandom(1))).toThrow(
      HedgelabError,
    );
    expect(() => generateSigDiffusionPaths(broken, { paths: 2, odeSteps: 2 }, createRandom(1))).toThrow(
      /^non-finite value reaching the sampler: parameter input.weight/,
    );
  });
});

describe("SigDiffusion in joint mode", () => {
  it("trains one network whose tokens carry every asset as a channel and samples correlated assets", () => {
    const windows = generateGbm(
      { n: 64, volatility: [0.2, 0.3], correlation: [1, 0.8, 0.8, 1] },
      createRandom(5),
    );
    const model = fitSigDiffusion(
      windows,
      { mode: "joint", epochs: 2, batchSize: 32, network: TINY },
      createRandom(3),
    );
    expect(model.networks).toHaveLength(1);
    expect(model.networks[0]!.network.channels).toBe(2);
    expect(model.detail.correlation[1]).toBeGreaterThan(0.6);
    const perAsset = fitSigDiffusion(windows, { epochs: 1, batchSize: 32, network: TINY }, createRandom(3));
    expect(perAsset.networks.map((n) => n.assets)).toEqual([[0], [1]]);
    expect(perAsset.detail.correlation).toEqual([1, 0, 0, 1]);
    const { batch } = generateSigDiffusionPaths(
      model,
      { paths: 4, odeSteps: 2, maxRejectionRate: 1 },
      createRandom(2),
    );
    expect(batch.assets).toBe(2);
    expect(batch.values[0]).toBe(100);
  });
});
