import { describe, expect, it } from "vitest";
import { HedgelabError } from "../../src/errors.js";
import { cholesky } from "../../src/math/cholesky.js";
import { createRandom } from "../../src/random/random-source.js";

describe("cholesky", () => {
  it("factors the textbook 3×3 example exactly", () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    expect(Array.from(cholesky(a, 3))).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it("returns a lower-triangular L with L Lᵀ = A for a random positive definite A", () => {
    const n = 6;
    const random = createRandom(11);
    const b = random.fillNormal(new Float64Array(n * n));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? 0.5 : 0;
        for (let k = 0; k < n; k++) s += b[i * n + k]! * b[j * n + k]!;
        a[i * n + j] = s;
      }
    }
    const l = cholesky(a, n);
    for (let i = 0; i < n; i++) {
      expect(l[i * n + i]!).toBeGreaterThan(0);
      for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += l[i * n + k]! * l[j * n + k]!;
        expect(s).toBeCloseTo(a[i * n + j]!, 12);
      }
    }
  });

  it("throws a HedgelabError naming the pivot when A is not positive definite", () => {
    const indefinite = Float64Array.of(1, 2, 2, 1);
    expect(() => cholesky(indefinite, 2)).toThrow(HedgelabError);
    expect(() => cholesky(indefinite, 2)).toThrow("matrix is not positive definite: pivot 1 is -3");
    expect(() => cholesky(Float64Array.of(0), 1)).toThrow("pivot 0 is 0");
  });

  it("handles n = 0 and rejects a length that is not n²", () => {
    expect(cholesky(new Float64Array(0), 0)).toEqual(new Float64Array(0));
    expect(() => cholesky(new Float64Array(3), 2)).toThrow("invalid matrix length: 3 (must be n² = 4)");
    expect(() => cholesky(new Float64Array(4), -2)).toThrow("invalid n: -2");
  });
});
