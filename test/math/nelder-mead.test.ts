import { describe, expect, it } from "vitest";
import { nelderMead } from "../../src/math/nelder-mead.js";

describe("nelderMead", () => {
  it("finds the minimum (1, 1) of Rosenbrock's function from (−1.2, 1)", () => {
    const rosenbrock = ([x, y]: readonly number[]): number => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const { x, value } = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 5000, tolerance: 1e-16 });
    expect(x[0]).toBeCloseTo(1, 4);
    expect(x[1]).toBeCloseTo(1, 4);
    expect(value).toBeLessThan(1e-8);
  });

  it("treats Infinity as a wall and names a bad start", () => {
    const { x } = nelderMead(([a]) => (a! < 0.5 ? Infinity : (a! - 0.2) ** 2), [2], { step: 0.5 });
    expect(x[0]).toBeCloseTo(0.5, 3);
    expect(() => nelderMead(() => 0, [])).toThrow("invalid start");
  });
});
