import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";

describe("createRandom", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it("draws uniforms in [0, 1) with mean 1/2 and variance 1/12 within three standard errors", () => {
    const random = createRandom(1);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(3 * Math.sqrt(1 / 12 / n));
    // Var of U² is 4/45; the variance estimate's standard error is about sqrt((1/80 − 1/144)/n).
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(3 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it("draws normals with mean 0, variance 1 and kurtosis 3 within three standard errors", () => {
    const random = createRandom(2);
    const n = 200_000;
    const x = random.fillNormal(new Float64Array(n));
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const v of x) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
    }
    m1 /= n;
    m2 /= n;
    m4 /= n;
    expect(Math.abs(m1)).toBeLessThan(3 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(3 * Math.sqrt(2 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(3 * Math.sqrt(96 / n));
  });

  it("draws integers uniformly: each of 10 values has frequency 1/10 within three standard errors", () => {
    const random = createRandom(3);
    const n = 100_000;
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) counts[random.integer(10)]!++;
    const se = Math.sqrt((0.1 * 0.9) / n);
    for (const count of counts) expect(Math.abs(count / n - 0.1)).toBeLessThan(3 * se);
  });

  it("forks reproducible, distinct streams that do not depend on earlier draws", () => {
    const a = createRandom(5);
    const b = createRandom(5);
    b.uniform();
    b.normal();
    expect(a.fork(1).uniform()).toBe(b.fork(1).uniform());
    expect(a.fork(1).uniform()).not.toBe(a.fork(2).uniform());
    expect(a.fork(1).fork(1).uniform()).not.toBe(a.fork(1).uniform());
  });

  it("rejects a seed that is not a non-negative integer with a message naming it", () => {
    expect(() => createRandom(-1)).toThrow("invalid seed: -1");
    expect(() => createRandom(1.5)).toThrow("invalid seed: 1.5");
  });
});
