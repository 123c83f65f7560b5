import { describe, expect, it } from "vitest";
import { normalCdf, normalPdf, normalQuantile } from "../../src/math/normal.js";

const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.abs(expected);

// Reference values from mpmath (40 digits, rounded to double): mp.ncdf(x), mp.npdf(x).
const REFERENCE: readonly [x: number, cdf: number, pdf: number][] = [
  [-37, 5.725571222524577e-300, 2.1200065515246056e-298],
  [-20, 2.7536241186062337e-89, 5.520948362159764e-88],
  [-10, 7.619853024160525e-24, 7.694598626706419e-23],
  [-8, 6.220960574271784e-16, 5.052271083536892e-15],
  [-5, 2.866515718791939e-7, 0.0000014867195147342977],
  [-3, 0.0013498980316300946, 0.0044318484119380075],
  [-1, 0.15865525393145705, 0.24197072451914334],
  [-0.5, 0.3085375387259869, 0.35206532676429947],
  [0.3, 0.6179114221889527, 0.3813878154605241],
  [2.5, 0.9937903346742238, 0.017528300493568537],
  [6, 0.9999999990134123, 6.075882849823285e-9],
];

describe("normalCdf", () => {
  it("matches the textbook values Φ(1.96), Φ(−5), Φ(−10) to 1e-15 relative", () => {
    expect(relativeError(normalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15);
    expect(relativeError(normalCdf(-5), 2.866515718791939e-7)).toBeLessThan(1e-15);
    expect(relativeError(normalCdf(-10), 7.619853024160527e-24)).toBeLessThan(1e-15);
  });

  it("matches 40-digit references to 1e-15 relative, deep into the lower tail", () => {
    for (const [x, cdf] of REFERENCE)
      expect(relativeError(normalCdf(x), cdf), `x = ${x}`).toBeLessThan(1e-15);
  });

  it("is 1/2 at 0 and satisfies Φ(x) + Φ(−x) = 1", () => {
    expect(normalCdf(0)).toBe(0.5);
    for (const x of [0.1, 0.7, 1.5, 3, 6]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it("saturates at 0 and 1 and propagates NaN", () => {
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(9)).toBe(1);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe("normalPdf", () => {
  it("matches 40-digit references to 1e-15 relative", () => {
    for (const [x, , pdf] of REFERENCE)
      expect(relativeError(normalPdf(x), pdf), `x = ${x}`).toBeLessThan(1e-15);
    expect(normalPdf(0)).toBe(1 / Math.sqrt(2 * Math.PI));
  });

  it("is the derivative of normalCdf (central finite difference)", () => {
    const h = 1e-5;
    for (const x of [-4, -1.3, 0.2, 2.2]) {
      const slope = (normalCdf(x + h) - normalCdf(x - h)) / (2 * h);
      expect(relativeError(slope, normalPdf(x))).toBeLessThan(1e-8);
    }
  });

  it("is 0 far out and symmetric", () => {
    expect(normalPdf(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalPdf(-50)).toBe(0);
    expect(normalPdf(-2.7)).toBe(normalPdf(2.7));
  });
});

describe("normalQuantile", () => {
  it("matches known quantiles to 1e-15 relative", () => {
    expect(relativeError(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-15);
    expect(relativeError(normalQuantile(0.05), -1.6448536269514722)).toBeLessThan(1e-15);
    expect(relativeError(normalQuantile(1e-10), -6.361340902404056)).toBeLessThan(1e-15);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it("inverts normalCdf: Φ(Φ⁻¹(p)) = p and Φ⁻¹(Φ(x)) = x", () => {
    for (const p of [1e-300, 1e-50, 1e-12, 1e-4, 0.01, 0.075, 0.2, 0.5, 0.6, 0.925, 0.99]) {
      // Φ amplifies a relative error δ of z into ≈ z²δ, so the round trip is allowed that much.
      const z = normalQuantile(p);
      expect(relativeError(normalCdf(z), p), `p = ${p}`).toBeLessThan(1e-15 * (4 + z * z));
    }
    for (const x of [-35, -20, -7, -3, -1, -0.1, 0.4, 1]) {
      expect(relativeError(normalQuantile(normalCdf(x)), x), `x = ${x}`).toBeLessThan(1e-14);
    }
  });

  it("gives ∓∞ at p = 0 and p = 1", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects p outside [0, 1] with an `invalid p` message", () => {
    expect(() => normalQuantile(-0.1)).toThrow("invalid p: -0.1 (must be in [0, 1])");
    expect(() => normalQuantile(Number.NaN)).toThrow("invalid p: NaN");
  });
});
