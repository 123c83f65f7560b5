import { describe, expect, it } from "vitest";
import { driverCorrelation } from "../../src/generators/world-correlation.js";

describe("driverCorrelation", () => {
  it("is C itself when every ρ is equal, and C_ab/(ρ_aρ_b + √(1−ρ_a²)(1−ρ_b²)) otherwise", () => {
    expect(Array.from(driverCorrelation([1, 0.5, 0.5, 1], [-0.7, -0.7]).drivers)).toEqual([1, 0.5, 0.5, 1]);
    const { drivers } = driverCorrelation([1, 0.5, 0.5, 1], [-0.5, 0]);
    expect(drivers[1]).toBeCloseTo(0.5 / Math.sqrt(1 - 0.25), 12);
  });

  it("refuses a driver matrix that is not positive definite, with a readable line", () => {
    expect(() => driverCorrelation([1, 0.9, 0.9, 1], [-0.95, 0.95])).toThrow(/not positive definite/);
    expect(() => driverCorrelation([1, 0.5, 0.4, 1], [0, 0])).toThrow(/symmetric/);
  });
});
