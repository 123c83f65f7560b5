import { describe, expect, it } from "vitest";
import { generateMerton, mertonPathChunks, type MertonParameters } from "../../src/generators/merton.js";
import { mertonCallPrice } from "../../src/generators/merton-price.js";
import { fourierCallPrice, cexp, type Complex } from "../../src/generators/fourier-call-price.js";
import { joinPaths } from "../../src/data/path-batch.js";
import { createRandom } from "../../src/random/random-source.js";

const ONE: MertonParameters = {
  tickers: ["M"],
  volatility: [0.2],
  intensity: [5],
  jumpMean: [-0.05],
  jumpStd: [0.1],
  drift: [0],
};

describe("mertonCallPrice", () => {
  it("equals the Fourier price of Merton's characteristic function to 1e-6", () => {
    const [sigma, lambda, m, s, t] = [0.2, 5, -0.05, 0.1, 0.25];
    const k = Math.exp(m + (s * s) / 2) - 1;
    // ψ(u) = iu(−σ²/2 − λk) − σ²u²/2 + λ(e^{ium − s²u²/2} − 1), times t.
    const phi = (u: Complex): Complex => {
      const iu = { re: -u.im, im: u.re };
      const u2 = { re: u.re * u.re - u.im * u.im, im: 2 * u.re * u.im };
      const jump = cexp({ re: iu.re * m - (s * s * u2.re) / 2, im: iu.im * m - (s * s * u2.im) / 2 });
      const drift = (-sigma * sigma) / 2 - lambda * k;
      return cexp({
        re: t * (iu.re * drift - (sigma * sigma * u2.re) / 2 + lambda * (jump.re - 1)),
        im: t * (iu.im * drift - (sigma * sigma * u2.im) / 2 + lambda * jump.im),
      });
    };
    for (const strike of [90, 100, 115]) {
      const series = mertonCallPrice(
        { volatility: sigma, intensity: lambda, jumpMean: m, jumpStd: s },
        100,
        strike,
        t,
      );
      expect(Math.abs(series - fourierCallPrice(phi, 100, strike))).toBeLessThan(1e-6);
    }
  });
});

describe("generateMerton", () => {
  it("prices a 30-day call at Merton's series price within three standard errors (100,000 paths)", () => {
    const paths = generateMerton(ONE, { n: 100_000, steps: 30 }, createRandom(1));
    for (const strike of [95, 100]) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < paths.n; i++) {
        const x = Math.max(paths.values[i * 31 + 30]! - strike, 0);
        s += x;
        s2 += x * x;
      }
      const mean = s / paths.n;
      const error = Math.sqrt((s2 / paths.n - mean * mean) / (paths.n - 1));
      const exact = mertonCallPrice(
        { volatility: 0.2, intensity: 5, jumpMean: -0.05, jumpStd: 0.1 },
        100,
        strike,
        30 / 252,
      );
      expect(Math.abs(mean - exact)).toBeLessThan(3 * error);
    }
  });

  it("is reproducible, and its chunks joined equal one batch", () => {
    const params = {
      ...ONE,
      tickers: ["A", "B"],
      volatility: [0.2, 0.3],
      intensity: [5, 50],
      jumpMean: [-0.05, 0],
      jumpStd: [0.1, 0.02],
      drift: [0, 0.1],
      correlation: [1, 0.4, 0.4, 1],
    };
    const one = generateMerton(params, { n: 9, steps: 4 }, createRandom(5));
    const again = generateMerton(params, { n: 9, steps: 4 }, createRandom(5));
    const chunks = joinPaths([...mertonPathChunks(params, { n: 9, steps: 4 }, createRandom(5), 4)], 4, [
      "A",
      "B",
    ]);
    expect(Array.from(again.values)).toEqual(Array.from(one.values));
    expect(Array.from(chunks.values)).toEqual(Array.from(one.values));
  });

  it("names a bad parameter", () => {
    expect(() => generateMerton({ ...ONE, intensity: [-1] }, { n: 1 }, createRandom(1))).toThrow(
      "invalid intensity: -1",
    );
  });
});
