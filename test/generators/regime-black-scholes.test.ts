import { describe, expect, it } from "vitest";
import {
  countRegimePaths,
  generateRegimePaths,
  regimePathChunks,
  type RegimePathOptions,
} from "../../src/generators/regime-black-scholes.js";
import type { RegimeDynamics } from "../../src/generators/regime-dynamics.js";
import { cholesky } from "../../src/math/cholesky.js";
import { createRandom } from "../../src/random/random-source.js";

// Two assets, two regimes: calm (low vol, high correlation) and turbulent.
const sigma = [Float64Array.from([1e-4, 5e-5, 5e-5, 2e-4]), Float64Array.from([9e-4, -2e-4, -2e-4, 4e-4])];
const dynamics: RegimeDynamics = {
  tickers: ["A", "B"],
  regimes: 2,
  drift: [3e-4, -1e-4],
  covariances: sigma,
  cholesky: sigma.map((s) => cholesky(s, 2)),
  repairs: ["", ""],
  counts: [700, 300],
  proportions: [0.7, 0.3],
  transition: Float64Array.from([0.9, 0.1, 0.3, 0.7]),
};

/** Daily log-returns of the paths, grouped by the regime in force. */
function returnsByRegime(options: Parameters<typeof generateRegimePaths>[1], seed: number): number[][][] {
  const paths = generateRegimePaths(dynamics, options, createRandom(seed));
  const out: number[][][] = [[], []];
  for (let i = 0; i < paths.n; i++) {
    for (let t = 0; t < paths.steps; t++) {
      const k = paths.regimes![i * paths.steps + t]!;
      const at = (u: number, a: number): number => paths.values[(i * (paths.steps + 1) + u) * 2 + a]!;
      out[k]!.push([Math.log(at(t + 1, 0) / at(t, 0)), Math.log(at(t + 1, 1) / at(t, 1))]);
    }
  }
  return out;
}

describe("generateRegimePaths", () => {
  it("draws daily log-returns with mean μ − ½ diag Σ_k and covariance Σ_k in each regime (three standard errors)", () => {
    const byRegime = returnsByRegime({ pathsPerRegime: 2000, steps: 10 }, 1);
    for (let k = 0; k < 2; k++) {
      const r = byRegime[k]!;
      const n = r.length;
      const s = sigma[k]!;
      for (let a = 0; a < 2; a++) {
        const mean = r.reduce((acc, x) => acc + x[a]!, 0) / n;
        expect(Math.abs(mean - (dynamics.drift[a]! - 0.5 * s[a * 2 + a]!))).toBeLessThan(
          3 * Math.sqrt(s[a * 2 + a]! / n),
        );
      }
      const m = [0, 1].map((a) => r.reduce((acc, x) => acc + x[a]!, 0) / n);
      for (const [a, b] of [
        [0, 0],
        [1, 1],
        [0, 1],
      ] as const) {
        const cov = r.reduce((acc, x) => acc + (x[a]! - m[a]!) * (x[b]! - m[b]!), 0) / (n - 1);
        // Var of the product of two normals: Σ_aa Σ_bb + Σ_ab².
        const se = Math.sqrt((s[a * 2 + a]! * s[b * 2 + b]! + s[a * 2 + b]! ** 2) / n);
        expect(Math.abs(cov - s[a * 2 + b]!)).toBeLessThan(3 * se);
      }
    }
  });

  it("starts every path at the spot and labels each step, M paths per regime by default", () => {
    const paths = generateRegimePaths(dynamics, { pathsPerRegime: 5, steps: 4 }, createRandom(2));
    expect(paths.n).toBe(10);
    expect(Array.from(paths.values.slice(0, 2))).toEqual([100, 100]);
    expect(Array.from(paths.regimes!.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(paths.regimes!.slice(36, 40))).toEqual([1, 1, 1, 1]);
  });

  it("draws regimes as often as the training days visit them with the empirical allocation (issue 23's frequency draw; three binomial standard errors) and exactly M per regime with the equal draw", () => {
    // Three regimes with unequal shares, a rare one among them (like the embedded data's crisis regime).
    const covariances = [...sigma, Float64Array.from([4e-3, 1e-3, 1e-3, 3e-3])];
    const three: RegimeDynamics = {
      ...dynamics,
      regimes: 3,
      covariances,
      cholesky: covariances.map((s) => cholesky(s, 2)),
      repairs: ["", "", ""],
      counts: [600, 340, 60],
      proportions: [0.6, 0.34, 0.06],
      transition: Float64Array.from([0.9, 0.08, 0.02, 0.2, 0.75, 0.05, 0.3, 0.3, 0.4]),
    };
    const shares = (options: RegimePathOptions, seed: number): number[] => {
      const paths = generateRegimePaths(three, { ...options, steps: 3 }, createRandom(seed));
      const counts = [0, 0, 0];
      for (let i = 0; i < paths.n; i++) {
        // Fixed switching: a path keeps the regime it starts in.
        const k = paths.regimes![i * 3]!;
        expect([paths.regimes![i * 3 + 1], paths.regimes![i * 3 + 2]]).toEqual([k, k]);
        counts[k]!++;
      }
      return counts;
    };
    const n = 20_000;
    const frequency = shares({ allocation: "empirical", paths: n }, 3);
    expect(frequency.reduce((a, b) => a + b, 0)).toBe(n);
    three.proportions.forEach((p, k) => {
      expect(Math.abs(frequency[k]! / n - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / n));
    });
    // Without `paths`, the frequency draw makes the equal draw's total, K·M.
    expect(shares({ allocation: "empirical", pathsPerRegime: 70 }, 3).reduce((a, b) => a + b, 0)).toBe(210);
    expect(shares({ pathsPerRegime: 70 }, 3)).toEqual([70, 70, 70]);
    expect(countRegimePaths(3, { pathsPerRegime: 70 })).toBe(210);
    expect(countRegimePaths(3, { allocation: "empirical", pathsPerRegime: 70 })).toBe(210);
    expect(countRegimePaths(3, { allocation: "empirical", paths: 5 })).toBe(5);
  });

  it("moves between regimes with the transition matrix under Markov switching (three standard errors)", () => {
    const paths = generateRegimePaths(
      dynamics,
      { pathsPerRegime: 2000, steps: 20, switching: "markov" },
      createRandom(4),
    );
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < paths.n; i++) {
      for (let t = 1; t < 20; t++)
        counts[paths.regimes![i * 20 + t - 1]! * 2 + paths.regimes![i * 20 + t]!]!++;
    }
    for (const a of [0, 1]) {
      const row = counts[a * 2]! + counts[a * 2 + 1]!;
      const p = dynamics.transition[a * 2 + 1]!;
      expect(Math.abs(counts[a * 2 + 1]! / row - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / row));
    }
  });

  it("gives the same paths in chunks as in one batch (streaming generation)", () => {
    const whole = generateRegimePaths(dynamics, { pathsPerRegime: 30 }, createRandom(5));
    const chunks = [...regimePathChunks(dynamics, { pathsPerRegime: 30 }, createRandom(5), 7)];
    expect(chunks.map((c) => c.n)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 4]);
    const joined = chunks.flatMap((c) => Array.from(c.values));
    expect(joined).toEqual(Array.from(whole.values));
  });

  it("rejects invalid options with one line", () => {
    expect(() => generateRegimePaths(dynamics, { pathsPerRegime: 0 }, createRandom(1))).toThrow(
      "invalid pathsPerRegime: 0",
    );
    expect(() =>
      generateRegimePaths(dynamics, { allocation: "empirical", paths: 2.5 }, createRandom(1)),
    ).toThrow("invalid paths: 2.5");
    // @ts-expect-error an invalid allocation on purpose
    expect(() => countRegimePaths(2, { allocation: "frequency" })).toThrow('invalid allocation: "frequency"');
    // @ts-expect-error an invalid switching on purpose
    expect(() => generateRegimePaths(dynamics, { switching: "sometimes" }, createRandom(1))).toThrow(
      'invalid switching: "sometimes"',
    );
  });
});
