import { expect } from "vitest";
import { backward } from "../../src/tensor/backward.js";
import { tensor, tidy, type Tensor } from "../../src/tensor/tensor.js";
import { sum } from "../../src/tensor/ops/reduce.js";
import { mul } from "../../src/tensor/ops/binary.js";
import { createRandom } from "../../src/random/random-source.js";

/**
 * Checks the autodiff gradient of `f` against central finite differences in float64:
 * L = Σ f(inputs) ⊙ W for a fixed random W (so every output element matters), at `values`.
 * Relative tolerance `tolerance` on max |analytic − numeric| / (1 + max |numeric|).
 */
export function expectGradientsMatch(
  f: (...inputs: Tensor[]) => Tensor,
  values: { values: number[]; shape: number[] }[],
  options: { step?: number; tolerance?: number; seed?: number } = {},
): void {
  const { step = 1e-6, tolerance = 1e-6, seed = 7 } = options;
  tidy(() => {
    const random = createRandom(seed);
    const inputs = values.map((v) => {
      const t = tensor(v.values, v.shape, "float64");
      t.requiresGrad = true;
      return t;
    });
    const probe = f(...inputs);
    const weights = tensor(
      Array.from({ length: probe.size }, () => random.normal()),
      [...probe.shape],
      "float64",
    );
    const loss = (ts: Tensor[]): Tensor => sum(mul(f(...ts), weights));
    backward(loss(inputs));
    inputs.forEach((input, k) => {
      const analytic = input.grad!.toArray();
      const numeric = new Float64Array(input.size);
      const base = values[k]!.values;
      for (let i = 0; i < input.size; i++) {
        const at = (delta: number): number =>
          tidy(() => {
            const shifted = values.map((v, j) => {
              const copy = [...v.values];
              if (j === k) copy[i] = base[i]! + delta;
              return tensor(copy, v.shape, "float64");
            });
            return loss(shifted).item();
          });
        numeric[i] = (at(step) - at(-step)) / (2 * step);
      }
      let maxDiff = 0;
      let scale = 0;
      for (let i = 0; i < numeric.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(analytic[i]! - numeric[i]!));
        scale = Math.max(scale, Math.abs(numeric[i]!));
      }
      expect(maxDiff / (1 + scale), `input ${k}: max |analytic − numeric| = ${maxDiff}`).toBeLessThan(
        tolerance,
      );
    });
  });
}

/** `count` seeded normal values scaled by `scale`. */
export function randomValues(count: number, seed: number, scale = 1): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => scale * random.normal());
}
