import { describe, expect, it } from "vitest";
import { expectGradientsMatch, randomValues } from "./gradient-check.js";
import { clampBetween } from "../../src/tensor/ops/clamp-between.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";

describe("clampBetween", () => {
  it("equals max(lower, min(x, upper)) with tensor bounds, x itself inside, broadcasting [N, 1] bounds", () => {
    const x = [-1, 0.2, 0.5, 3, 0.45, 0.55];
    const lower = [0.1, 0.4];
    const upper = [0.3, 0.6];
    const y = tidy(() =>
      Array.from(
        clampBetween(
          tensor(x, [2, 3], "float64"),
          tensor(lower, [2, 1], "float64"),
          tensor(upper, [2, 1], "float64"),
        ).toArray(),
      ),
    );
    const expected = x.map((v, k) => Math.max(lower[k >= 3 ? 1 : 0]!, Math.min(v, upper[k >= 3 ? 1 : 0]!)));
    expected.forEach((e, k) => expect(y[k]).toBeCloseTo(e, 15));
    // Inside the band the value is x itself, bit for bit.
    expect([y[1], y[4], y[5]]).toEqual([0.2, 0.45, 0.55]);
  });

  it("has the gradient of central finite differences in x and both bounds (away from the kinks)", () => {
    // x spread over [−3, 3], the band [−0.5 + ε, 0.5 + ε']: some below, inside and above.
    const x = randomValues(10, 1, 1.5).map((v) => (Math.abs(Math.abs(v) - 0.5) < 0.05 ? v + 0.2 : v));
    const lower = randomValues(10, 2, 0.05).map((v) => v - 0.5);
    const upper = randomValues(10, 3, 0.05).map((v) => v + 0.5);
    expectGradientsMatch(
      (a, l, u) => clampBetween(a, l, u),
      [
        { values: x, shape: [10] },
        { values: lower, shape: [10] },
        { values: upper, shape: [10] },
      ],
    );
  });
});
