import { describe, expect, it } from "vitest";
import { expectGradientsMatch, randomValues } from "./gradient-check.js";
import { dropout } from "../../src/tensor/ops/dropout.js";
import { createRandom } from "../../src/random/random-source.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";

describe("dropout", () => {
  it("has the gradient mask/(1 − p) of its own mask (central finite differences, float64)", () => {
    // The same seed in every evaluation: the same mask, so that the map is linear and differentiable.
    expectGradientsMatch(
      (x) => dropout(x, 0.3, createRandom(5)),
      [{ values: randomValues(40, 1), shape: [4, 10] }],
    );
  });

  it("keeps each element with probability 1 − p, scaled by 1/(1 − p), so the mean is preserved (3 standard errors)", () => {
    tidy(() => {
      const n = 100_000;
      const p = 0.25;
      const y = dropout(tensor(new Float64Array(n).fill(1), [n], "float64"), p, createRandom(2)).toArray();
      const kept = y.filter((value) => value !== 0);
      expect(kept.every((value) => Math.abs(value - 1 / (1 - p)) < 1e-12)).toBe(true);
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(kept.length / n - (1 - p))).toBeLessThan(3 * se);
    });
  });

  it("is the identity at p = 0 and rejects p outside [0, 1)", () => {
    tidy(() => {
      const x = tensor([1, 2, 3], [3]);
      expect(dropout(x, 0, createRandom(1))).toBe(x);
      expect(() => dropout(x, 1, createRandom(1))).toThrow("rate 1 must be in [0, 1)");
    });
  });
});
