import { describe, expect, it } from "vitest";
import { tailSize } from "../../src/risk/tail-size.js";

describe("tailSize", () => {
  it("is N(1 − α), snapped to the integer a decimal level means", () => {
    expect(10 * (1 - 0.7)).not.toBe(3);
    expect(tailSize(10, 0.7)).toBe(3);
    expect(tailSize(10, 0.9)).toBe(1);
    expect(tailSize(1000, 0.95)).toBe(50);
    expect(tailSize(4, 0.7)).toBeCloseTo(1.2, 14);
    expect(tailSize(7, 0)).toBe(7);
  });

  it("rejects a level outside [0, 1)", () => {
    expect(() => tailSize(10, 1)).toThrow("invalid level: 1 (must be in [0, 1))");
  });
});
