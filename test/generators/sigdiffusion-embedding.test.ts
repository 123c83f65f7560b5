import { describe, expect, it } from "vitest";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { resolveDateSpan } from "../../src/data/date-span.js";
import { rollingWindows } from "../../src/data/rolling-windows.js";
import { generateGbm } from "../../src/generators/gbm.js";
import {
  destandardize,
  embedLogSignatures,
  embedWindows,
  fitLogSignatureEmbedding,
  logPriceScales,
  trigGrid,
  windowLogSignatures,
  type LogSignatureEmbedding,
} from "../../src/generators/sigdiffusion-embedding.js";
import { fitDetail, invertLogSignatures } from "../../src/generators/sigdiffusion-inversion.js";
import {
  fourierEnergy,
  fourierValue,
  piecewiseLinearFourier,
} from "../../src/math/piecewise-linear-fourier.js";
import { quantile } from "../../src/math/quantile.js";
import { createRandom } from "../../src/random/random-source.js";
import { signatureToLogSignature } from "../../src/signature/log-signature.js";
import { smoothSignature } from "../signature/smooth-signature.js";

const TWO_PI = 2 * Math.PI;

/** 52 windows of 30 days of AAPL and MSFT from 2009 (embedded data). */
function aaplWindows(): ReturnType<typeof rollingWindows> {
  const table = loadEmbeddedPrices();
  const span = resolveDateSpan(table, { start: "2009-01-02", end: "2009-04-30" });
  return rollingWindows(table, { tickers: ["AAPL", "MSFT"], steps: 30, span });
}

/**
 * Per window and asset [N·H], the largest distance over the grid (scaled units) between the inversion
 * of the window's exact log-signature, with the trigonometric channels sampled `substeps` times a day,
 * and its best two-harmonic approximation computed in closed form: the projection of the bridge
 * y = x − x_T·t/2π on harmonics ≤ 2, plus x_T·t/2π.
 */
function projectionErrors(
  windows: ReturnType<typeof rollingWindows>,
  embedding: LogSignatureEmbedding,
  substeps: number,
): Float64Array {
  const { n, assets: h } = windows;
  const raw = windowLogSignatures(windows, embedding.scales, 4, substeps);
  const inverted = invertLogSignatures(embedding, raw, n, createRandom(1), { detail: "none" });
  expect(inverted.batch.n).toBe(n);
  const grid = trigGrid(30);
  const errors = new Float64Array(n * h);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < h; a++) {
      const x = Array.from(
        { length: 31 },
        (_, j) => Math.log(windows.values[(i * 31 + j) * h + a]! / 100) / embedding.scales[a]!,
      );
      const xT = x[30]!;
      const { a: ca, b: cb } = piecewiseLinearFourier(
        x.map((v, j) => v - (xT * j) / 30),
        2,
      );
      const at0 = fourierValue(ca, cb, 0);
      for (let j = 0; j <= 30; j++) {
        const expected = fourierValue(ca, cb, grid[j]!) - at0 + (xT * j) / 30;
        const got = Math.log(inverted.batch.values[(i * 31 + j) * h + a]! / 100) / embedding.scales[a]!;
        errors[i * h + a] = Math.max(errors[i * h + a]!, Math.abs(got - expected));
      }
    }
  }
  return errors;
}

describe("the log-signature embedding", () => {
  const windows = aaplWindows();
  const embedding = fitLogSignatureEmbedding(windows);

  it("whitens the 58 varying coordinates of each asset to uncorrelated unit-variance tokens; the 32 words in t, sin t, cos t only are constant", () => {
    expect(embedding.tokens).toBe(90);
    const z = embedWindows(embedding, windows);
    const constant = Array.from(embedding.std).filter((s) => s === 0).length;
    expect(constant).toBe(2 * 32);
    const moments = (c: number, k: number, l: number): number[] => {
      let [s, s2, cross] = [0, 0, 0];
      for (let i = 0; i < windows.n; i++) {
        const v = z[(i * 90 + k) * 2 + c]!;
        s += v;
        s2 += v * v;
        cross += v * z[(i * 90 + l) * 2 + c]!;
      }
      return [s / windows.n, s2 / windows.n, cross / windows.n];
    };
    for (const c of [0, 1]) {
      const [m, second, cross] = moments(c, 0, 1);
      expect(Math.abs(m!)).toBeLessThan(1e-6);
      expect(second).toBeCloseTo(1, 5);
      expect(Math.abs(cross!)).toBeLessThan(1e-5);
      expect(moments(c, 70, 70)[1]).toBe(0);
    }
  });

  it("inverts a real window back to its best two-harmonic approximation (the projection of y = x − x_T·t/2π) to 2e-3", () => {
    // The accuracy the truncation allows at depth 4: harmonics ≤ 2 of the bridge plus the exact
    // drift, up to the O(h²) error of sampling sin t and cos t at h = 2π/(8T), amplified by the
    // inversion's Chebyshev weights (measured here, in scaled units: median 2.9e-4, largest 9.2e-4;
    // see the next test). The distance to the window itself is its residual y − Py: up to 0.12 in
    // log-price here.
    const raw = windowLogSignatures(windows, embedding.scales, 4);
    const inverted = invertLogSignatures(embedding, raw, windows.n, createRandom(1), { detail: "none" });
    expect(inverted.batch.n).toBe(windows.n);
    let worstPath = 0;
    for (let i = 0; i < windows.n; i++) {
      for (let a = 0; a < 2; a++) {
        const x = Array.from(
          { length: 31 },
          (_, j) => Math.log(windows.values[(i * 31 + j) * 2 + a]! / 100) / embedding.scales[a]!,
        );
        for (let j = 0; j <= 30; j++) {
          const got = Math.log(inverted.batch.values[(i * 31 + j) * 2 + a]! / 100) / embedding.scales[a]!;
          worstPath = Math.max(worstPath, Math.abs(got - x[j]!) * embedding.scales[a]!);
        }
        // Both ends are exact: x(0) = 0 and x(2π) = x_T (the level-1 coordinate).
        expect(
          Math.log(inverted.batch.values[(i * 31 + 30) * 2 + a]! / 100) / embedding.scales[a]!,
        ).toBeCloseTo(x[30]!, 8);
      }
    }
    expect(Math.max(...projectionErrors(windows, embedding, 8))).toBeLessThan(2e-3);
    expect(worstPath).toBeGreaterThan(0);
    expect(worstPath).toBeLessThan(0.15);
  });

  it("inverts to the two-harmonic approximation with a median error of 2.9e-4 (scaled units) at 8 trigonometric sub-steps a day, an error that falls as h²", () => {
    // Measured on these 104 window-assets: 8 sub-steps median 2.87e-4, 90% 6.1e-4, largest 9.2e-4;
    // 16 sub-steps median 7.2e-5. Halving h divides every window's error by 4.00 (the error is the
    // O(h²) chord error of sin t and cos t, read through the Fourier weights).
    const eight = projectionErrors(windows, embedding, 8);
    const sixteen = projectionErrors(windows, embedding, 16);
    const median = quantile(eight, 0.5);
    expect(median).toBeGreaterThan(2e-4);
    expect(median).toBeLessThan(4e-4);
    const ratio = median / quantile(sixteen, 0.5);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5);
    const ratios = Array.from(eight, (e, k) => e / sixteen[k]!);
    expect(Math.min(...ratios)).toBeGreaterThan(3);
    expect(Math.max(...ratios)).toBeLessThan(5);
  });

  it("refuses a number of trigonometric sub-steps that is not a positive integer", () => {
    expect(() => windowLogSignatures(windows, embedding.scales, 4, 0)).toThrow(
      /^invalid substeps: 0 \(must be a positive integer\)/,
    );
  });

  it("fits and embeds the same from log-signatures computed once as from the windows (bit for bit)", () => {
    const raw = windowLogSignatures(windows, logPriceScales(windows), 4);
    const shared = fitLogSignatureEmbedding(windows, { logSignatures: raw });
    expect(shared.scales).toEqual(embedding.scales);
    expect(Array.from(shared.mean)).toEqual(Array.from(embedding.mean));
    expect(Array.from(shared.components![1]!.vectors)).toEqual(Array.from(embedding.components![1]!.vectors));
    for (const assets of [[0], [1], [0, 1]]) {
      expect(Array.from(embedLogSignatures(shared, raw, windows.n, assets))).toEqual(
        Array.from(embedWindows(embedding, windows, assets)),
      );
    }
    expect(() => fitLogSignatureEmbedding(windows, { logSignatures: raw.subarray(1) })).toThrow(
      /^fitLogSignatureEmbedding: \d+ log-signature values for \[/,
    );
  });

  it("comes back exactly through destandardize for the coordinates inside the clip bounds", () => {
    const z = embedWindows(embedding, windows);
    const back = destandardize(embedding, z, windows.n, [0, 1]);
    const raw = windowLogSignatures(windows, embedding.scales, 4);
    let worst = 0;
    for (let k = 0; k < raw.length; k++) {
      const c = k % (2 * 90);
      if (raw[k]! >= embedding.lower[c]! && raw[k]! <= embedding.upper[c]!) {
        worst = Math.max(worst, Math.abs(raw[k]! - back[k]!) / (1 + Math.abs(raw[k]!)));
      }
    }
    expect(worst).toBeLessThan(1e-5); // float32 storage of the tokens
  });
});

describe("the Fourier inversion inside the generator", () => {
  it("is exact for a trigonometric path with drift: x(t) = 0.3 sin t + 0.2(1 − cos 2t) + 0.05t", () => {
    const x = (t: number): number => 0.3 * Math.sin(t) + 0.2 * (1 - Math.cos(2 * t)) + 0.05 * t;
    const dx = (t: number, out: Float64Array): void => {
      out[0] = 1;
      out[1] = Math.cos(t);
      out[2] = -Math.sin(t);
      out[3] = 0.3 * Math.cos(t) + 0.4 * Math.sin(2 * t) + 0.05;
    };
    const signature = smoothSignature(dx, 4, 4, 0, TWO_PI, 4000);
    const logSignature = signatureToLogSignature(signature, 4, 4);
    const embedding: LogSignatureEmbedding = {
      tickers: ["X"],
      steps: 30,
      depth: 4,
      tokens: 90,
      scales: [1],
      clipQuantile: 0,
      lower: new Float64Array(90),
      upper: new Float64Array(90),
      mean: new Float64Array(90),
      std: new Float64Array(90),
      standardize: "coordinates",
    };
    const { batch, rejected } = invertLogSignatures(embedding, logSignature, 1, createRandom(1), {
      detail: "none",
    });
    expect(rejected).toEqual({ "non-finite": 0, bessel: 0 });
    const grid = trigGrid(30);
    for (let j = 0; j <= 30; j++) expect(Math.log(batch.values[j]! / 100)).toBeCloseTo(x(grid[j]!), 9);
  });
});

describe("the detail above the truncation", () => {
  it("restores the daily volatility of GBM windows from their exact log-signatures (within 3%)", () => {
    const windows = generateGbm({ n: 400, volatility: 0.3 }, createRandom(2));
    const embedding = fitLogSignatureEmbedding(windows);
    const detail = fitDetail(embedding, windows);
    const raw = windowLogSignatures(windows, embedding.scales, 4);
    const realised = (values: Float64Array, n: number): number => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        let q = 0;
        for (let j = 1; j <= 30; j++) q += Math.log(values[i * 31 + j]! / values[i * 31 + j - 1]!) ** 2;
        total += Math.sqrt((q / 30) * 252);
      }
      return total / n;
    };
    const smooth = invertLogSignatures(embedding, raw, 400, createRandom(3), { detail: "none" });
    const full = invertLogSignatures(embedding, raw, 400, createRandom(3), { detailEnergy: detail.energy });
    const truth = realised(windows.values, 400);
    for (let i = 0; i < 400; i++) {
      expect(full.batch.values[i * 31]).toBe(100);
      expect(full.batch.values[i * 31 + 30]).toBeCloseTo(windows.values[i * 31 + 30]!, 8);
    }
    expect(realised(smooth.batch.values, 400)).toBeLessThan(0.5 * truth);
    expect(Math.abs(realised(full.batch.values, 400) / truth - 1)).toBeLessThan(0.03);
    expect(fourierEnergy([0], [0])).toBe(0);
  });

  it("rejects and counts a log-signature that breaks Bessel's inequality or is not finite", () => {
    const windows = generateGbm({ n: 40, volatility: 0.3 }, createRandom(2));
    const embedding = fitLogSignatureEmbedding(windows);
    const raw = windowLogSignatures(windows, embedding.scales, 4);
    raw[5 * 90 + 6] = Number.NaN;
    // Huge first harmonic with the path's energy unchanged: the series would hold more than the path.
    raw[7 * 90 + 5 + 1] = 1e3;
    const { batch, rejected, accepted } = invertLogSignatures(embedding, raw, 40, createRandom(1), {
      detail: "none",
    });
    expect(rejected["non-finite"]).toBe(1);
    expect(rejected.bessel).toBeGreaterThanOrEqual(1);
    expect(batch.n).toBe(40 - rejected["non-finite"] - rejected.bessel);
    expect(accepted[5]).toBe(0);
  });
});
