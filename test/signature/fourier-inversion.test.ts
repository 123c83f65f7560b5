import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";
import {
  chebyshevCoefficients,
  fourierCoefficients,
  fourierSeries,
  invertSignature,
  timeAugmentedTrigPath,
} from "../../src/signature/fourier-inversion.js";
import {
  concatenateSeries,
  linearFunctional,
  shufflePower,
  shuffleSeries,
  wordSeries,
} from "../../src/signature/shuffle.js";
import { signature } from "../../src/signature/signature.js";
import { smoothSignature } from "./smooth-signature.js";
import { maxDifference, pathOf } from "./paths.js";

const TWO_PI = 2 * Math.PI;

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_n; exact for degree ≤ 2n − 1). */
function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let [p0, p1] = [1, x];
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
      derivative = (n * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * derivative * derivative));
  }
  return { nodes, weights };
}

const GAUSS = gaussLegendre(12);

/**
 * ∫ f(X̃) dX̃^time along the piecewise-linear path through `points` (rows of d), where X̃ = X − X_0,
 * by exact Gauss–Legendre quadrature on each segment (f polynomial of degree ≤ 22 in the parameter).
 */
function integrateAlong(points: number[][], time: number, f: (x: number[]) => number): number {
  const start = points[0]!;
  let total = 0;
  for (let s = 0; s + 1 < points.length; s++) {
    const [p, q] = [points[s]!, points[s + 1]!];
    const dt = q[time]! - p[time]!;
    GAUSS.nodes.forEach((node, i) => {
      const u = (node + 1) / 2;
      const x = p.map((pc, c) => pc + u * (q[c]! - pc) - start[c]!);
      total += (GAUSS.weights[i]! / 2) * f(x) * dt;
    });
  }
  return total;
}

/** The trigonometric test path: frequencies ≤ 3, x(0) = 0, and its derivative. */
const trig = {
  x: (t: number): number =>
    0.5 * Math.sin(t) + 0.3 * (Math.cos(2 * t) - 1) + 0.2 * Math.sin(3 * t) - 0.1 * (Math.cos(3 * t) - 1),
  dx: (t: number): number =>
    0.5 * Math.cos(t) - 0.6 * Math.sin(2 * t) + 0.6 * Math.cos(3 * t) + 0.3 * Math.sin(3 * t),
  a: [-0.4, 0, 0.3, -0.1],
  b: [0, 0.5, 0, 0.2],
};

/** The exact signature of (t, sin t, cos t − 1, x(t)) on [0, 2π] by RK4 in the tensor algebra. */
function trigSignature(dx: (t: number) => number, depth: number, steps: number): Float64Array {
  return smoothSignature(
    (t, out) => {
      out[0] = 1;
      out[1] = Math.cos(t);
      out[2] = -Math.sin(t);
      out[3] = dx(t);
    },
    4,
    depth,
    0,
    TWO_PI,
    steps,
  );
}

describe("chebyshevCoefficients", () => {
  it("expands cos kt = T_k(1 + c) and sin kt = sin t·U_{k−1}(1 + c) in powers of c = cos t − 1", () => {
    const { cosine, sine } = chebyshevCoefficients(8);
    expect(cosine[3]).toEqual([1, 9, 12, 4]);
    expect(sine[3]).toEqual([3, 8, 4]);
    for (const t of [0.3, 1.7, 2.9, 4.4, 6]) {
      const c = Math.cos(t) - 1;
      for (let k = 0; k <= 8; k++) {
        const poly = (coefficients: number[]): number => coefficients.reduce((s, a, q) => s + a * c ** q, 0);
        expect(poly(cosine[k]!)).toBeCloseTo(Math.cos(k * t), 9);
        expect(Math.sin(t) * poly(sine[k]!)).toBeCloseTo(Math.sin(k * t), 9);
      }
    }
  });

  it("matches the closed forms k/(k+q)·C(k+q, 2q)·2^q and C(k+q, 2q+1)·2^q", () => {
    const binomial = (n: number, r: number): number => {
      let b = 1;
      for (let i = 1; i <= r; i++) b = (b * (n - r + i)) / i;
      return b;
    };
    const { cosine, sine } = chebyshevCoefficients(10);
    for (let k = 1; k <= 10; k++) {
      cosine[k]!.forEach((a, q) => expect(a).toBeCloseTo((k / (k + q)) * binomial(k + q, 2 * q) * 2 ** q, 9));
      sine[k]!.forEach((b, q) => expect(b).toBe(binomial(k - 1 + q + 1, 2 * q + 1) * 2 ** q));
    }
  });
});

describe("Fourier inversion: exactness of the algebra on piecewise-linear paths", () => {
  const random = createRandom(17);
  // A random 4-channel piecewise-linear path with 6 points (channels t, s, c, x all arbitrary).
  const points = Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => random.normal()));
  const depth = 7;
  const sig = signature(pathOf(points), { depth });

  it("⟨(e_x ⧢ e_s^{⧢j} ⧢ e_c^{⧢q})·e_t, S⟩ = ∫ x̃ s̃^j c̃^q dt̃ (Gauss–Legendre, 1e-10)", () => {
    for (let j = 0; j <= 2; j++) {
      for (let q = 0; j + q + 2 <= depth; q++) {
        const series = concatenateSeries(
          shuffleSeries(wordSeries([3]), shuffleSeries(shufflePower([1], j), shufflePower([2], q))),
          wordSeries([0]),
        );
        const functional = linearFunctional(series, sig, 4, depth)[0]!;
        const integral = integrateAlong(points, 0, (x) => x[3]! * x[1]! ** j * x[2]! ** q);
        expect(Math.abs(functional - integral)).toBeLessThan(1e-10 * Math.max(1, Math.abs(integral)));
      }
    }
  });

  it("a_k = (1/π)∫ x̃ T_k(1 + c̃) dt̃ and b_k = (1/π)∫ x̃ s̃ U_{k−1}(1 + c̃) dt̃ along the path", () => {
    const terms = 5;
    const { a, b } = fourierCoefficients(sig, { terms, depth });
    const { cosine, sine } = chebyshevCoefficients(terms);
    const poly = (coefficients: number[], c: number): number =>
      coefficients.reduce((s, v, q) => s + v * c ** q, 0);
    for (let k = 0; k <= terms; k++) {
      const ak = integrateAlong(points, 0, (x) => x[3]! * poly(cosine[k]!, x[2]!)) / Math.PI;
      const bk = integrateAlong(points, 0, (x) => x[3]! * x[1]! * poly(sine[k]!, x[2]!)) / Math.PI;
      expect(Math.abs(a[k]! - ak)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ak)));
      expect(Math.abs(b[k]! - bk)).toBeLessThan(1e-10 * Math.max(1, Math.abs(bk)));
    }
  });

  it("reads the channels where `channels` says: a permuted path gives the same coefficients", () => {
    const order = [2, 4, 0, 1, 3]; // new channel i holds old channel order[i]; old 4 is a second value
    const five = points.map((p, i) => [...p, Math.sin(i)]);
    const permuted = five.map((p) => order.map((c) => p[c]!));
    const reference = fourierCoefficients(signature(pathOf(five), { depth: 5 }), {
      terms: 3,
      depth: 5,
      dimension: 5,
    });
    const moved = fourierCoefficients(signature(pathOf(permuted), { depth: 5 }), {
      terms: 3,
      depth: 5,
      dimension: 5,
      channels: { time: 2, sine: 3, cosine: 0, values: [4, 1] },
    });
    expect(moved.channels).toBe(2);
    expect(maxDifference(moved.a, reference.a)).toBeLessThan(1e-12);
    expect(maxDifference(moved.b, reference.b)).toBeLessThan(1e-12);
  });
});

describe("smoothSignature (RK4 test helper)", () => {
  it("gives the segment signature exp(Δ) for a straight line", () => {
    const velocity = [0.4, -1.2, 0.7];
    const sig = smoothSignature((_, out) => out.set(velocity), 3, 5, 0, 2, 2000);
    const path = pathOf([[0, 0, 0], velocity.map((v) => 2 * v)]);
    expect(maxDifference(sig, signature(path, { depth: 5 }))).toBeLessThan(1e-13);
  });

  it("converges to the piecewise-linear signature of a fine discretisation (error O(h²) of the chords)", () => {
    const depth = 4;
    const sig = trigSignature(trig.dx, depth, 2000);
    const errors = [250, 1000].map((points) => {
      const times = Array.from({ length: points + 1 }, (_, j) => (TWO_PI * j) / points);
      const x = { values: Float64Array.from(times, trig.x), n: 1, length: times.length, dimension: 1 };
      return maxDifference(signature(timeAugmentedTrigPath(x, times), { depth }), sig);
    });
    expect(errors[1]!).toBeLessThan(5e-4); // on entries up to (2π)⁴/4! ≈ 65
    // four times the points, about a sixteenth of the error
    expect(errors[0]! / errors[1]!).toBeGreaterThan(12);
    expect(errors[0]! / errors[1]!).toBeLessThan(20);
  });

  it("has fourth-order error: doubling the steps divides the change by about 16", () => {
    const [coarse, medium, fine] = [100, 200, 400].map((steps) => trigSignature(trig.dx, 4, steps));
    const ratio = maxDifference(coarse!, medium!) / maxDifference(medium!, fine!);
    expect(ratio).toBeGreaterThan(14);
    expect(ratio).toBeLessThan(18);
  });
});

describe("fourierCoefficients and invertSignature on smooth paths", () => {
  it("recovers a trigonometric path (frequencies ≤ 3) to 1e-9 from its exact signature", () => {
    const terms = 3;
    const sig = trigSignature(trig.dx, terms + 2, 3000);
    const grid = Array.from({ length: 41 }, (_, g) => (TWO_PI * g) / 40);
    const { coefficients, path } = invertSignature(sig, { terms, depth: terms + 2 }, grid);
    expect(maxDifference(coefficients.a, trig.a)).toBeLessThan(1e-9);
    expect(maxDifference(coefficients.b, trig.b)).toBeLessThan(1e-9);
    expect(maxDifference(path.values, grid.map(trig.x))).toBeLessThan(1e-9);
    expect([path.n, path.length, path.dimension]).toEqual([1, 41, 1]);
  });

  it("recovers x(t) = t(2π − t)/10 to the accuracy of its truncated Fourier series", () => {
    // Closed form: t(2π − t) = 2π²/3 − Σ 4 cos(kt)/k², so a_0 = 4π²/30, a_k = −0.4/k², b_k = 0.
    const terms = 4;
    const sig = trigSignature((t) => (TWO_PI - 2 * t) / 10, terms + 2, 3000);
    const grid = Array.from({ length: 61 }, (_, g) => (TWO_PI * g) / 60);
    const { coefficients, path } = invertSignature(sig, { terms, depth: terms + 2 }, grid);
    const a = Array.from({ length: terms + 1 }, (_, k) =>
      k === 0 ? (4 * Math.PI ** 2) / 30 : -0.4 / k ** 2,
    );
    expect(maxDifference(coefficients.a, a)).toBeLessThan(1e-9);
    expect(maxDifference(coefficients.b, new Float64Array(terms + 1))).toBeLessThan(1e-9);
    // The truncated series, evaluated from the closed-form coefficients, is what comes back …
    const truncated = grid.map(
      (t) => a[0]! / 2 + a.slice(1).reduce((s, ak, i) => s + ak * Math.cos((i + 1) * t), 0),
    );
    expect(maxDifference(path.values, truncated)).toBeLessThan(1e-8);
    // … and it is within the tail bound Σ_{k>n} 0.4/k² of the path itself.
    let tail = (0.4 * Math.PI ** 2) / 6;
    for (let k = 1; k <= terms; k++) tail -= 0.4 / k ** 2;
    const error = maxDifference(
      path.values,
      grid.map((t) => (t * (TWO_PI - t)) / 10),
    );
    expect(error).toBeLessThanOrEqual(tail + 1e-9);
    expect(error).toBeGreaterThan(tail / 2); // the truncation error, not a failure to invert
  });

  it("inverts the signature of a finely sampled path (timeAugmentedTrigPath) to the chords' accuracy", () => {
    const times = Array.from({ length: 2001 }, (_, j) => (TWO_PI * j) / 2000);
    const samples = Float64Array.from(times, (t) => trig.x(t) + 5); // x(0) = 5: subtracted
    const x = { values: samples, n: 1, length: times.length, dimension: 1 };
    const sig = signature(timeAugmentedTrigPath(x, times), { depth: 5 });
    const { path } = invertSignature(sig, { terms: 3, depth: 5 }, times.slice(0, 50));
    expect(maxDifference(path.values, times.slice(0, 50).map(trig.x))).toBeLessThan(1e-4);
  });
});

describe("fourierSeries and timeAugmentedTrigPath", () => {
  it("evaluates a_0/2 + Σ a_k cos kt + b_k sin kt for each path and channel", () => {
    const coefficients = {
      n: 2,
      channels: 1,
      terms: 1,
      a: Float64Array.of(2, 3, 0, -1),
      b: Float64Array.of(0, 4, 0, 0),
    };
    const series = fourierSeries(coefficients, [0, Math.PI / 2]);
    expect(Array.from(series.values)).toEqual([1 + 3, 1 + 4, -1, 0].map((v) => expect.closeTo(v, 14)));
  });

  it("builds [t, sin t, cos t − 1, x − x(0)] with x(0) subtracted", () => {
    const times = [0, Math.PI, TWO_PI];
    const x = { values: Float64Array.of(2, 7, 3, 1, 4, 0), n: 1, length: 3, dimension: 2 };
    const path = timeAugmentedTrigPath(x, times);
    expect(path.dimension).toBe(5);
    const expected = [0, 0, 0, 0, 0, Math.PI, 0, -2, 1, -6, TWO_PI, 0, 0, 2, -7];
    expect(Array.from(path.values)).toEqual(expected.map((v) => expect.closeTo(v, 14)));
  });

  it("rejects a too shallow signature, bad terms, bad channels and times off [0, 2π], naming them", () => {
    const sig = new Float64Array(4 + 16 + 64 + 256);
    expect(() => fourierCoefficients(sig, { terms: 3, depth: 4 })).toThrow(
      "invalid depth: 4 (must be an integer ≥ terms + 2 = 5: a_n and b_n read words of length n + 2)",
    );
    expect(() => fourierCoefficients(sig, { terms: -1, depth: 4 })).toThrow(
      "invalid terms: -1 (must be a non-negative integer)",
    );
    expect(() =>
      fourierCoefficients(sig, {
        terms: 1,
        depth: 4,
        channels: { time: 0, sine: 1, cosine: 1, values: [3] },
      }),
    ).toThrow('invalid channels: {"time":0,"sine":1,"cosine":1,"values":[3]}');
    expect(() => fourierCoefficients(new Float64Array(10), { terms: 1, depth: 4 })).toThrow(
      "invalid signatures: 10 (length must be a multiple of d + … + d^m = 340)",
    );
    const x = { values: Float64Array.of(0, 1, 2), n: 1, length: 3, dimension: 1 };
    expect(() => timeAugmentedTrigPath(x, [0, 1, 2])).toThrow("invalid times: 2 (must end at 2π)");
    expect(() => timeAugmentedTrigPath(x, [0.5, 1, TWO_PI])).toThrow("invalid times: 0.5 (must start at 0)");
    expect(() => timeAugmentedTrigPath(x, [0, TWO_PI])).toThrow(
      "invalid times: 2 (must have one time per point (3))",
    );
  });
});
