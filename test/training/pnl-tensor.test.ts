import { describe, expect, it } from "vitest";
import { pnlTensor } from "../../src/training/pnl-tensor.js";
import { hedgePnl } from "../../src/hedgers/hedge-pnl.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";
import { expectGradientsMatch, randomValues } from "../tensor/gradient-check.js";

const paths = generateGbm({ n: 6, steps: 4, volatility: [0.3, 0.2] }, createRandom(1));
const payoff = Float64Array.from({ length: 6 }, (_, i) => i % 3);

describe("pnlTensor", () => {
  it("equals hedgePnl on the same holdings, with costs and a premium", () => {
    tidy(() => {
      const values = randomValues(6 * 4 * 2, 2);
      const holdings = Array.from({ length: 4 }, (_, t) =>
        tensor(
          Array.from({ length: 12 }, (_, k) => values[(Math.floor(k / 2) * 4 + t) * 2 + (k % 2)]!),
          [6, 2],
          "float64",
        ),
      );
      const options = { cost: 0.01, premium: 1.5 };
      const expected = hedgePnl(paths, Float64Array.from(values), payoff, options);
      const got = pnlTensor(holdings, paths, payoff, options).values();
      for (let i = 0; i < 6; i++) expect(got[i]).toBeCloseTo(expected[i]!, 10);
    });
  });

  it("has the gradient of its formula (finite differences), costs included", () => {
    const inputs = Array.from({ length: 4 }, (_, t) => ({ values: randomValues(12, 10 + t), shape: [6, 2] }));
    expectGradientsMatch((...h) => pnlTensor(h, paths, payoff, { cost: 0.02 }), inputs);
  });
});
