import { describe, expect, it } from "vitest";
import {
  fourierEnergy,
  fourierValue,
  piecewiseLinearFourier,
} from "../../src/math/piecewise-linear-fourier.js";
import { createRandom } from "../../src/random/random-source.js";

const TWO_PI = 2 * Math.PI;

/** ∫_0^{2π} f(t) g(t) dt by the composite Simpson rule on each segment (exact for cubics). */
function simpson(f: (t: number) => number, segments: number, per = 64): number {
  const h = TWO_PI / (segments * per);
  let total = 0;
  for (let i = 0; i < segments * per; i++) {
    const [a, b] = [i * h, (i + 1) * h];
    total += (h / 6) * (f(a) + 4 * f((a + b) / 2) + f(b));
  }
  return total;
}

describe("piecewiseLinearFourier", () => {
  const values = createRandom(3).fillNormal(new Float64Array(31));
  const segments = values.length - 1;
  const f = (t: number): number => {
    const u = (t / TWO_PI) * segments;
    const j = Math.min(Math.floor(u), segments - 1);
    return values[j]! + (u - j) * (values[j + 1]! - values[j]!);
  };

  it("matches quadrature of the interpolant against cos kt and sin kt, and its energy ∫f²", () => {
    const { a, b, energy } = piecewiseLinearFourier(values, 4);
    for (let k = 0; k <= 4; k++) {
      expect(a[k]).toBeCloseTo(simpson((t) => f(t) * Math.cos(k * t), segments) / Math.PI, 8);
      expect(b[k]).toBeCloseTo(simpson((t) => f(t) * Math.sin(k * t), segments) / Math.PI, 8);
    }
    expect(energy).toBeCloseTo(
      simpson((t) => f(t) ** 2, segments),
      10,
    );
  });

  it("obeys Bessel's inequality and is exact for the samples of a linear function", () => {
    const { a, b, energy } = piecewiseLinearFourier(values, 6);
    expect(fourierEnergy(a, b)).toBeLessThanOrEqual(energy);
    // f(t) = t: a_0 = 2π, a_k = 0, b_k = −2/k.
    const line = piecewiseLinearFourier(
      Array.from({ length: 11 }, (_, j) => (TWO_PI * j) / 10),
      3,
    );
    expect(line.a[0]).toBeCloseTo(TWO_PI, 12);
    for (let k = 1; k <= 3; k++) {
      expect(line.a[k]).toBeCloseTo(0, 12);
      expect(line.b[k]).toBeCloseTo(-2 / k, 12);
    }
    expect(fourierValue([2, 0], [0, 1], Math.PI / 2)).toBeCloseTo(2, 12);
  });
});
