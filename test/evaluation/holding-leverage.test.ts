import { describe, expect, it } from "vitest";
import { holdingLeverage } from "../../src/evaluation/holding-leverage.js";

describe("holdingLeverage", () => {
  it("gives the range, the mean |δ| and the share outside [0, 1] (0 and 1 inside)", () => {
    expect(holdingLeverage([0.5, 1.5, -0.5, 0.5])).toEqual({
      min: -0.5,
      max: 1.5,
      meanAbsolute: 0.75,
      outsideUnit: 0.5,
    });
    expect(holdingLeverage(Float64Array.from([0, 1, 0.25, 1])).outsideUnit).toBe(0);
    expect(holdingLeverage([]).meanAbsolute).toBeNaN();
  });
});
