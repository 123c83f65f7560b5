import { beforeAll, describe, expect, it } from "vitest";
import { HedgelabError } from "../../src/errors.js";
import { generateGbm, TRADING_DAYS_PER_YEAR } from "../../src/generators/gbm.js";
import {
  fitSigDiffusion,
  generateSigDiffusionPaths,
  loadSigDiffusionModel,
  saveSigDiffusionModel,
  type SigDiffusionModel,
} from "../../src/generators/sigdiffusion.js";
import { symmetricEigen } from "../../src/math/symmetric-matrix.js";
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

  it("records its whitened tokens' mean 0 and covariance I (0 for the constant tokens) and saves them; a file saved without them samples the same paths from N(0, I)", () => {
    const moments = model.tokenMoments![0]!;
    expect(moments.mean).toHaveLength(90);
    expect(Math.max(...Array.from(moments.mean, Math.abs))).toBeLessThan(1e-5);
    const diagonal = Array.from({ length: 90 }, (_, l) => moments.covariance[l * 91]!);
    const varying = model.embedding.components![0]!.scales.filter((v) => v > 0).length;
    expect(varying).toBeGreaterThan(40);
    diagonal.forEach((v, l) => expect(v).toBeCloseTo(l < varying ? 1 : 0, 4));
    const saved = saveSigDiffusionModel(model);
    const loaded = loadSigDiffusionModel(JSON.parse(JSON.stringify(saved)) as typeof saved);
    expect(Array.from(loaded.tokenMoments![0]!.covariance)).toEqual(Array.from(moments.covariance));
    const { tokenMoments: _, ...before } = saved;
    const old = loadSigDiffusionModel(before);
    expect(old.tokenMoments).toBeUndefined();
    const a = generateSigDiffusionPaths(model, { paths: 6, odeSteps: 3 }, createRandom(9));
    const b = generateSigDiffusionPaths(old, { paths: 6, odeSteps: 3 }, createRandom(9));
    expect(Array.from(b.batch.values)).toEqual(Array.from(a.batch.values));
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
    // Each asset is whitened, not the pair: the same token of the two assets is correlated, so the
    // sampler starts from the recorded moments (D = 90·2), not from N(0, I).
    const { covariance } = model.tokenMoments![0]!;
    expect(covariance).toHaveLength(180 * 180);
    expect(covariance[0 * 180 + 1]).toBeGreaterThan(0.5);
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

describe("SigDiffusion with per-coordinate tokens", () => {
  it("records the correlated tokens' covariance for the sampler's start and refuses, in one line, a model saved without it", () => {
    const windows = generateGbm({ n: 64, volatility: 0.3 }, createRandom(5));
    const model = fitSigDiffusion(
      windows,
      { standardize: "coordinates", epochs: 1, batchSize: 32, network: TINY },
      createRandom(3),
    );
    const { covariance } = model.tokenMoments![0]!;
    // Unit variances, but correlations near 1 between coordinates: N(0, I) is not the marginal at t = 1.
    const l = model.embedding.std.findIndex((sd) => sd > 0);
    expect(covariance[l * 91]).toBeCloseTo(1, 4);
    expect(symmetricEigen(covariance, 90).values[89]).toBeGreaterThan(5);
    const { tokenMoments: _, ...before } = saveSigDiffusionModel(model);
    expect(() => loadSigDiffusionModel(before, "model.json")).toThrow(HedgelabError);
    expect(() => loadSigDiffusionModel(before, "model.json")).toThrow(
      /^model\.json has no mean and covariance of its training tokens \(saved before hedgelab recorded them\), and its per-asset "coordinates" tokens do not start from N\(0, I\): fit it again$/,
    );
    const { tokenMoments: __, ...bare } = model;
    expect(() => generateSigDiffusionPaths(bare, { paths: 2, odeSteps: 2 }, createRandom(1))).toThrow(
      /^the SigDiffusion model has no mean and covariance of its training tokens/,
    );
  });
});
