import { describe, expect, it } from "vitest";
import { EuropeanOption, europeanPayoff } from "../../src/instruments/european-option.js";
import { createPathBatch } from "../../src/data/path-batch.js";

describe("europeanPayoff", () => {
  it("pays (S_T − K)⁺ for a call and (K − S_T)⁺ for a put", () => {
    expect(Array.from(europeanPayoff([90, 100, 115], "call", 100))).toEqual([0, 0, 15]);
    expect(Array.from(europeanPayoff([90, 100, 115], "put", 100))).toEqual([10, 0, 0]);
  });
});

describe("EuropeanOption", () => {
  it("pays on the last price of the first asset of each path", () => {
    // Two paths, two steps, two assets: the second asset must not matter.
    const paths = createPathBatch(
      Float64Array.from([100, 100, 104, 50, 108, 500, 100, 100, 97, 1, 93, 900]),
      {
        n: 2,
        steps: 2,
        tickers: ["A", "B"],
      },
    );
    expect(Array.from(new EuropeanOption({ strike: 100 }).payoff(paths))).toEqual([8, 0]);
    expect(Array.from(new EuropeanOption({ kind: "put", strike: 95 }).payoff(paths))).toEqual([0, 2]);
  });

  it("defaults to an at-the-money call on rebased paths and prints itself", () => {
    expect(String(new EuropeanOption())).toBe("EuropeanOption(call, strike=100)");
  });

  it("rejects a non-positive strike and an unknown kind", () => {
    expect(() => new EuropeanOption({ strike: 0 })).toThrow("invalid strike: 0 (must be > 0)");
    // @ts-expect-error an invalid kind on purpose
    expect(() => new EuropeanOption({ kind: "digital" })).toThrow('invalid kind: "digital"');
  });
});
