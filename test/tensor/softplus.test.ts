import { describe, expect, it } from "vitest";
import { expectGradientsMatch, randomValues } from "./gradient-check.js";
import { softplus } from "../../src/tensor/ops/softplus.js";
import { backward } from "../../src/tensor/backward.js";
import { sum } from "../../src/tensor/ops/reduce.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";

describe("softplus", () => {
  it("equals log(1 + eˣ) for moderate x, and stays finite (x, or e^x) for |x| = 800", () => {
    const xs = [-30, -2, -0.5, 0, 0.3, 4, 25];
    const y = tidy(() => Array.from(softplus(tensor(xs, [xs.length], "float64")).toArray()));
    xs.forEach((x, k) => expect(y[k]).toBeCloseTo(Math.log1p(Math.exp(x)), 14));
    const far = tidy(() => Array.from(softplus(tensor([800, -800], [2], "float64")).toArray()));
    expect(far).toEqual([800, 0]);
  });

  it("has the gradient of central finite differences, and the sigmoid ½ at x = 0 exactly", () => {
    expectGradientsMatch((x) => softplus(x), [{ values: randomValues(12, 3, 3), shape: [3, 4] }]);
    const grad = tidy(() => {
      const x = tensor([0, 2], [2], "float64");
      x.requiresGrad = true;
      backward(sum(softplus(x)));
      return Array.from(x.grad!.toArray());
    });
    expect(grad[0]).toBe(0.5);
    expect(grad[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 14);
  });
});
