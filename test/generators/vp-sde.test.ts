import { describe, expect, it } from "vitest";
import { HedgelabError } from "../../src/errors.js";
import { createRandom } from "../../src/random/random-source.js";
import { ScoreNetwork } from "../../src/generators/score-network.js";
import { tokenMoments } from "../../src/generators/token-moments.js";
import {
  DEFAULT_VP_SCHEDULE,
  denoisingLoss,
  sampleProbabilityFlow,
  vpBeta,
  vpMarginalMoments,
  vpMean,
  type GaussianMoments,
  type ScoreModel,
} from "../../src/generators/vp-sde.js";
import { cholesky } from "../../src/math/cholesky.js";
import { symmetricEigen } from "../../src/math/symmetric-matrix.js";
import { scale } from "../../src/tensor/ops/unary.js";
import { tensor, tidy, type Tensor } from "../../src/tensor/tensor.js";

/** The exact score of the VP marginal of N(0, s²) data: −y / (m²s² + 1 − m²). */
function gaussianScore(s: number): ScoreModel {
  return {
    forward: (y: Tensor, times: ArrayLike<number>): Tensor => {
      const m = vpMean(times[0]!);
      return scale(y, -1 / (m * m * s * s + 1 - m * m));
    },
  };
}

/**
 * A 3-D Gaussian N(μ, Σ) with Σ = V diag(λ) Vᵀ, λ = (0.05, 1, 20) (V a rotation), and the exact score
 * of its VP marginal at t, −(m²Σ + (1 − m²)I)⁻¹(y − mμ) = −V diag(1/(m²λ + 1 − m²)) Vᵀ(y − mμ).
 */
function anisotropicGaussian(): { data: GaussianMoments; lambda: number[]; score: ScoreModel } {
  const lambda = [0.05, 1, 20];
  const [c1, s1, c2, s2] = [Math.cos(0.7), Math.sin(0.7), Math.cos(-0.4), Math.sin(-0.4)];
  // V = R_xy(0.7)·R_yz(−0.4), row-major; its columns are the eigenvectors.
  const v = [c1, -s1 * c2, s1 * s2, s1, c1 * c2, -c1 * s2, 0, s2, c2];
  const covariance = Float64Array.from({ length: 9 }, (_, k) =>
    lambda.reduce((sum, l, j) => sum + v[Math.floor(k / 3) * 3 + j]! * l * v[(k % 3) * 3 + j]!, 0),
  );
  const mean = Float64Array.from([1.5, -1, 0.5]);
  const score: ScoreModel = {
    forward: (y: Tensor, times: ArrayLike<number>): Tensor => {
      const m = vpMean(times[0]!);
      const values = y.values();
      const out = new Float32Array(values.length);
      for (let b = 0; b < values.length / 3; b++) {
        for (let j = 0; j < 3; j++) {
          let w = 0;
          for (let p = 0; p < 3; p++) w += v[p * 3 + j]! * (values[b * 3 + p]! - m * mean[p]!);
          w /= m * m * lambda[j]! + 1 - m * m;
          for (let p = 0; p < 3; p++) out[b * 3 + p]! -= v[p * 3 + j]! * w;
        }
      }
      return tensor(out, [...y.shape]);
    },
  };
  return { data: { mean, covariance }, lambda, score };
}

describe("the VP-SDE", () => {
  it("has m(t) = exp(−¼t²(β_max − β_min) − ½tβ_min) and β(t) linear from 0.1 to 5", () => {
    expect(vpMean(0)).toBe(1);
    expect(vpMean(1)).toBeCloseTo(Math.exp(-0.25 * 4.9 - 0.05), 14);
    expect(vpBeta(0)).toBeCloseTo(0.1, 14);
    expect(vpBeta(1)).toBeCloseTo(5, 14);
    // d log m / dt = −½β(t).
    const h = 1e-6;
    expect((Math.log(vpMean(0.3 + h)) - Math.log(vpMean(0.3 - h))) / (2 * h)).toBeCloseTo(
      -0.5 * vpBeta(0.3),
      6,
    );
    expect(DEFAULT_VP_SCHEDULE).toEqual({ betaMin: 0.1, betaMax: 5 });
  });

  it("samples by the probability-flow ODE: with the exact score of N(0, s²) data, y(ε) = y(1)·√(v(ε)/v(1))", () => {
    const s = 2.5;
    const v = (t: number): number => vpMean(t) ** 2 * s * s + 1 - vpMean(t) ** 2;
    for (const [solver, tolerance] of [
      ["rk4", 1e-5],
      ["heun", 2e-3],
    ] as const) {
      const start = createRandom(4).fillNormal(new Float64Array(3 * 5 * 2));
      const y = sampleProbabilityFlow(gaussianScore(s), [3, 5, 2], createRandom(4), { steps: 128, solver });
      const factor = Math.sqrt(v(0.01) / v(1));
      for (let i = 0; i < y.length; i++)
        expect(Math.abs(y[i]! - start[i]! * factor)).toBeLessThan(tolerance * factor * 3);
    }
  });

  it("Heun's error falls as steps⁻² and RK4's as steps⁻⁴ (the slope of log error against log steps), and at equal cost RK4 with 32 steps beats Heun with 64", () => {
    // N(0, 0.2²) data: the flow y(t) = y(1)·√(v(t)/v(1)), v(t) = m(t)²s² + 1 − m(t)², contracts by 12×
    // between t = 1 and t_ε = 0.01 and has curvature enough for the errors to stay above float32's
    // rounding of the state (about 5·10⁻⁷ relative, reached by RK4 from 64 steps).
    const s = 0.2;
    const v = (t: number): number => vpMean(t) ** 2 * s * s + 1 - vpMean(t) ** 2;
    const factor = Math.sqrt(v(0.01) / v(1));
    const n = 64;
    const start = createRandom(4).fillNormal(new Float64Array(n));
    const error = (solver: "heun" | "rk4", steps: number): number => {
      const y = sampleProbabilityFlow(gaussianScore(s), [n, 1, 1], createRandom(4), { steps, solver });
      let [num, den] = [0, 0];
      for (let i = 0; i < n; i++) {
        num += (y[i]! - start[i]! * factor) ** 2;
        den += (start[i]! * factor) ** 2;
      }
      return Math.sqrt(num / den); // relative RMS error of y(ε)
    };
    const order = (solver: "heun" | "rk4", steps: number[]): number => {
      const [x, e] = [steps.map(Math.log), steps.map((k) => Math.log(error(solver, k)))];
      const [mx, me] = [x.reduce((a, b) => a + b) / x.length, e.reduce((a, b) => a + b) / e.length];
      const sxy = x.reduce((sum, xi, i) => sum + (xi - mx) * (e[i]! - me), 0);
      const sxx = x.reduce((sum, xi) => sum + (xi - mx) ** 2, 0);
      return -sxy / sxx;
    };
    // Measured: Heun 16..128 steps 2.2·10⁻², 5.6·10⁻³, 1.4·10⁻³, 3.6·10⁻⁴ (order 1.97); RK4 8..32
    // steps 1.2·10⁻³, 8.4·10⁻⁵, 4.1·10⁻⁶ (order 4.08).
    expect(Math.abs(order("heun", [16, 32, 64, 128]) - 2)).toBeLessThan(0.15);
    expect(Math.abs(order("rk4", [8, 16, 32]) - 4)).toBeLessThan(0.4);
    // 128 score evaluations each: RK4's error is 300 times smaller.
    expect(error("rk4", 32)).toBeLessThan(1e-5);
    expect(error("heun", 64)).toBeGreaterThan(1e-3);
    expect(error("rk4", 32)).toBeLessThan(error("heun", 64) / 100);
    // RK4 with 32 steps (128 evaluations) is even below Heun with 128 (256 evaluations).
    expect(error("rk4", 32)).toBeLessThan(error("heun", 128) / 10);
  });

  it("is deterministic for a seed and stops with one line when a value is not finite", () => {
    const net = new ScoreNetwork({ channels: 2, tokens: 6, hidden: 8, layers: 1, heads: 2, feedForward: 16 });
    try {
      const a = sampleProbabilityFlow(net, [4, 6, 2], createRandom(7), { steps: 4 });
      const b = sampleProbabilityFlow(net, [4, 6, 2], createRandom(7), { steps: 4 });
      const c = sampleProbabilityFlow(net, [4, 6, 2], createRandom(8), { steps: 4 });
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
      net.parameters[0]!.values()[0] = Number.NaN;
      expect(() => sampleProbabilityFlow(net, [4, 6, 2], createRandom(7), { steps: 4 })).toThrow(
        HedgelabError,
      );
      expect(() => sampleProbabilityFlow(net, [4, 6, 2], createRandom(7), { steps: 4 })).toThrow(
        /^non-finite value reached the sampler at t = /,
      );
    } finally {
      net.dispose();
    }
  });

  it("samples N paths in one batch exactly as one at a time, in blocks or in groups (batchSize) from the same stream (bit for bit), from N(0, I) and from data moments", () => {
    const net = new ScoreNetwork({ channels: 2, tokens: 6, hidden: 8, layers: 2, heads: 2, feedForward: 16 });
    try {
      const d = 6 * 2;
      const data: GaussianMoments = {
        mean: Float64Array.from({ length: d }, (_, i) => 0.1 * i),
        covariance: Float64Array.from({ length: d * d }, (_, k) => (Math.floor(k / d) === k % d ? 1.5 : 0.3)),
      };
      for (const solver of ["heun", "rk4"] as const) {
        for (const start of [{}, { data }]) {
          const options = { steps: 5, solver, ...start };
          const batch = sampleProbabilityFlow(net, [9, 6, 2], createRandom(3), options);
          // Sample b's start is the stream's b-th block of D normals, so one stream read one path at a
          // time gives each path the same start, and the network treats every path on its own.
          const stream = createRandom(3);
          const single = Array.from({ length: 9 }, () =>
            Array.from(sampleProbabilityFlow(net, [1, 6, 2], stream, options)),
          ).flat();
          expect(Array.from(batch)).toEqual(single);
          // Blocks of 4, 4 and 1 paths: the same paths again.
          const blocks = createRandom(3);
          const parts = [4, 4, 1].flatMap((n) =>
            Array.from(sampleProbabilityFlow(net, [n, 6, 2], blocks, options)),
          );
          expect(Array.from(batch)).toEqual(parts);
          // Integrated in groups of 2 (and of 1): the same paths.
          for (const batchSize of [1, 2]) {
            const grouped = sampleProbabilityFlow(net, [9, 6, 2], createRandom(3), { ...options, batchSize });
            expect(Array.from(grouped)).toEqual(Array.from(batch));
          }
        }
      }
    } finally {
      net.dispose();
    }
  });

  it("denoising score matching: the loss of the exact score is the irreducible E‖σ·s + ε‖²/D, and a random network's is larger", () => {
    const s = 2.5;
    const random = createRandom(3);
    const data = Float32Array.from(random.fillNormal(new Float64Array(64 * 5 * 1)).map((z) => s * z));
    const exact = tidy(() => denoisingLoss(gaussianScore(s), data, [64, 5, 1], createRandom(5)).item());
    const net = new ScoreNetwork({ channels: 1, tokens: 5, hidden: 8, layers: 1, heads: 2, feedForward: 16 });
    const untrained = tidy(() => denoisingLoss(net, data, [64, 5, 1], createRandom(5)).item());
    net.dispose();
    expect(exact).toBeGreaterThan(0);
    expect(exact).toBeLessThan(untrained);
  });

  it("has the marginal N(m(t)μ, m(t)²Σ + (1 − m(t)²)I); at t = 1, m = e^(−1.275) ≈ 0.2794", () => {
    const m = vpMean(1);
    expect(m).toBeCloseTo(0.2794, 4);
    expect(m).toBeCloseTo(Math.exp(-0.5 * (0.1 + 0.5 * 4.9)), 14); // exp(−½∫₀¹β)
    const { mean, covariance } = vpMarginalMoments(1, {
      mean: Float64Array.from([2, -1]),
      covariance: Float64Array.from([4, 1, 1, 0]),
    });
    expect(Array.from(mean)).toEqual([2 * m, -m]);
    const expected = [4 * m * m + 1 - m * m, m * m, m * m, 1 - m * m];
    expected.forEach((value, k) => expect(covariance[k]).toBeCloseTo(value, 15));
  });

  it("with the exact score of Gaussian data N(μ, Σ) (top eigenvalue 20), the sampler started from the marginal at t = 1 draws mean and covariance within three standard errors; the old N(0, I) start gives v(ε)/v(1) ≈ 8, v(t) = m(t)²·20 + 1 − m(t)²", () => {
    const { data, lambda, score } = anisotropicGaussian();
    const n = 4000;
    const target = vpMarginalMoments(0.01, data); // the law at t_ε = 0.01: μ, Σ to 0.2%
    const top = (moments: GaussianMoments): number => symmetricEigen(moments.covariance, 3).values[2]!;
    const topStandardError = top(target) * Math.sqrt(2 / n);
    for (const solver of ["heun", "rk4"] as const) {
      const y = sampleProbabilityFlow(score, [n, 3, 1], createRandom(11), { steps: 32, solver, data });
      const sample = tokenMoments(y, n);
      for (let j = 0; j < 3; j++) {
        const standardError = Math.sqrt(target.covariance[j * 4]! / n);
        expect(Math.abs(sample.mean[j]! - target.mean[j]!)).toBeLessThan(3 * standardError);
      }
      expect(Math.abs(top(sample) - top(target))).toBeLessThan(3 * topStandardError);
    }
    // The bug this guards against: from N(0, I) the flow maps each principal variance 1 at t = 1 to
    // v(ε)/v(1) ≈ λ/(m(1)²λ + 1 − m(1)²) instead of λ, v(t) = m(t)²λ + 1 − m(t)² (the variance of the
    // marginal along that axis), since N(0, I) is not the marginal at t = 1 of these data.
    const old = tokenMoments(sampleProbabilityFlow(score, [n, 3, 1], createRandom(11), { steps: 32 }), n);
    const v = (t: number): number => vpMean(t) ** 2 * lambda[2]! + 1 - vpMean(t) ** 2;
    const shrunk = v(0.01) / v(1);
    expect(shrunk).toBeCloseTo(8.04, 2);
    expect(Math.abs(top(old) - shrunk)).toBeLessThan(3 * shrunk * Math.sqrt(2 / n));
    expect(top(target) - top(old)).toBeGreaterThan(20 * topStandardError);
  });

  it("draws the start as m(1)μ + L·z with z the seed's normals in order, and N(0, I) itself without data moments", () => {
    const { data } = anisotropicGaussian();
    const z = createRandom(5).fillNormal(new Float64Array(2 * 3));
    const start = vpMarginalMoments(1, data);
    const lower = cholesky(start.covariance, 3);
    // The start read through a zero score: dy/dt = −½β·y, so y(ε) = y(1)·m(ε)/m(1) up to RK4's error.
    const still: ScoreModel = { forward: (y) => scale(y, 0) };
    const plain = sampleProbabilityFlow(still, [2, 3, 1], createRandom(5), { steps: 64, solver: "rk4" });
    const shaped = sampleProbabilityFlow(still, [2, 3, 1], createRandom(5), {
      steps: 64,
      solver: "rk4",
      data,
    });
    const factor = vpMean(0.01) / vpMean(1);
    for (let b = 0; b < 2; b++) {
      for (let p = 0; p < 3; p++) {
        let expected = start.mean[p]!;
        for (let q = 0; q <= p; q++) expected += lower[p * 3 + q]! * z[b * 3 + q]!;
        expect(plain[b * 3 + p]! / factor).toBeCloseTo(z[b * 3 + p]!, 4);
        expect(shaped[b * 3 + p]! / factor).toBeCloseTo(expected, 4);
      }
    }
  });
});
