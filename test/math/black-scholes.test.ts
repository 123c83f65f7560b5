import { describe, expect, it } from "vitest";
import {
  blackScholesDelta,
  blackScholesGamma,
  blackScholesPrice,
  blackScholesVega,
  type BlackScholesInput,
  type OptionKind,
} from "../../src/math/black-scholes.js";
import { normalPdf } from "../../src/math/normal.js";

const hull = { spot: 42, strike: 40, maturity: 0.5, volatility: 0.2, rate: 0.1 };
const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.abs(expected);

/** A grid of calls and puts across moneyness, maturity, volatility and rate. */
function grid(): BlackScholesInput[] {
  const inputs: BlackScholesInput[] = [];
  for (const kind of ["call", "put"] as const) {
    for (const spot of [70, 95, 100, 104, 140]) {
      for (const [maturity, volatility, rate] of [
        [0.1, 0.2, 0],
        [1, 0.35, 0.03],
        [2.5, 0.1, -0.01],
      ] as const) {
        inputs.push({ kind, spot, strike: 100, maturity, volatility, rate });
      }
    }
  }
  return inputs;
}

describe("blackScholesPrice", () => {
  it("gives Hull's textbook values: S=42, K=40, r=0.1, σ=0.2, T=0.5 → call 4.7594, put 0.8086", () => {
    expect(blackScholesPrice({ kind: "call", ...hull })).toBeCloseTo(4.7594, 4);
    expect(blackScholesPrice({ kind: "put", ...hull })).toBeCloseTo(0.8086, 4);
    // 30-digit references (mpmath) of the same formula
    expect(relativeError(blackScholesPrice({ kind: "call", ...hull }), 4.759422392871533)).toBeLessThan(
      1e-14,
    );
    expect(relativeError(blackScholesPrice({ kind: "put", ...hull }), 0.8085993729000936)).toBeLessThan(
      1e-13,
    );
  });

  it("satisfies put–call parity C − P = S − K e^{−rT}", () => {
    for (const input of grid()) {
      const rate = input.rate ?? 0;
      const call = blackScholesPrice({ ...input, kind: "call" });
      const put = blackScholesPrice({ ...input, kind: "put" });
      const forward = input.spot - input.strike * Math.exp(-rate * input.maturity);
      expect(call - put).toBeCloseTo(forward, 11);
    }
  });

  it("defaults the rate to 0", () => {
    const { rate: _rate, ...noRate } = hull;
    expect(blackScholesPrice({ kind: "call", ...noRate })).toBe(
      blackScholesPrice({ kind: "call", ...noRate, rate: 0 }),
    );
  });

  it("is the payoff at maturity 0", () => {
    expect(blackScholesPrice({ kind: "call", spot: 110, strike: 100, maturity: 0, volatility: 0.2 })).toBe(
      10,
    );
    expect(blackScholesPrice({ kind: "call", spot: 90, strike: 100, maturity: 0, volatility: 0.2 })).toBe(0);
    expect(
      blackScholesPrice({ kind: "put", spot: 90, strike: 100, maturity: 0, volatility: 0.2, rate: 0.05 }),
    ).toBe(10);
  });

  it("is the discounted intrinsic value of the forward at volatility 0, and continuous there", () => {
    const input = { spot: 100, strike: 100, maturity: 1, volatility: 0, rate: 0.05 };
    const call = blackScholesPrice({ kind: "call", ...input });
    expect(call).toBeCloseTo(100 - 100 * Math.exp(-0.05), 13);
    expect(blackScholesPrice({ kind: "put", ...input })).toBe(0);
    expect(blackScholesPrice({ kind: "call", ...input, volatility: 1e-9 })).toBeCloseTo(call, 12);
  });

  it("rejects invalid inputs with an `invalid …` message naming the field", () => {
    expect(() => blackScholesPrice({ kind: "call", ...hull, spot: -1 })).toThrow(
      "invalid spot: -1 (must be > 0 and finite)",
    );
    expect(() => blackScholesPrice({ kind: "call", ...hull, strike: 0 })).toThrow("invalid strike: 0");
    expect(() => blackScholesPrice({ kind: "call", ...hull, maturity: -0.5 })).toThrow(
      "invalid maturity: -0.5",
    );
    expect(() => blackScholesPrice({ kind: "call", ...hull, volatility: Number.NaN })).toThrow(
      "invalid volatility: NaN",
    );
    expect(() => blackScholesPrice({ kind: "call", ...hull, rate: Number.POSITIVE_INFINITY })).toThrow(
      "invalid rate",
    );
    const kind = "straddle" as unknown as OptionKind;
    expect(() => blackScholesPrice({ kind, ...hull })).toThrow('invalid kind: "straddle"');
  });
});

describe("blackScholesDelta", () => {
  it("gives Hull's delta example: S=49, K=50, r=0.05, σ=0.2, T=20/52 → call delta 0.522", () => {
    const input = {
      kind: "call",
      spot: 49,
      strike: 50,
      maturity: 20 / 52,
      volatility: 0.2,
      rate: 0.05,
    } as const;
    expect(blackScholesDelta(input)).toBeCloseTo(0.522, 3);
    expect(blackScholesPrice(input)).toBeCloseTo(2.4, 2);
  });

  it("is the central finite difference of the price in the spot", () => {
    for (const input of grid()) {
      const h = 1e-5 * input.spot;
      const slope =
        (blackScholesPrice({ ...input, spot: input.spot + h }) -
          blackScholesPrice({ ...input, spot: input.spot - h })) /
        (2 * h);
      expect(blackScholesDelta(input)).toBeCloseTo(slope, 7);
    }
  });

  it("call delta − put delta = 1", () => {
    for (const input of grid()) {
      const call = blackScholesDelta({ ...input, kind: "call" });
      const put = blackScholesDelta({ ...input, kind: "put" });
      expect(call - put).toBeCloseTo(1, 15);
    }
  });

  it("at maturity 0 is 1 in the money, 0 out of the money and 1/2 at the money (put: call − 1)", () => {
    const expiry = { strike: 100, maturity: 0, volatility: 0.2 };
    expect(blackScholesDelta({ kind: "call", spot: 101, ...expiry })).toBe(1);
    expect(blackScholesDelta({ kind: "call", spot: 99, ...expiry })).toBe(0);
    expect(blackScholesDelta({ kind: "call", spot: 100, ...expiry })).toBe(0.5);
    expect(blackScholesDelta({ kind: "put", spot: 100, ...expiry })).toBe(-0.5);
    expect(blackScholesDelta({ kind: "put", spot: 99, ...expiry })).toBe(-1);
  });

  it("at volatility 0 is the indicator of the forward above the strike", () => {
    const flat = { strike: 100, maturity: 1, volatility: 0, rate: 0.05 };
    expect(blackScholesDelta({ kind: "call", spot: 96, ...flat })).toBe(1); // F = 100.92 > 100
    expect(blackScholesDelta({ kind: "call", spot: 95, ...flat })).toBe(0); // F = 99.87 < 100
  });
});

describe("blackScholesGamma", () => {
  it("is the central finite difference of the delta in the spot, the same for calls and puts", () => {
    for (const input of grid()) {
      const h = 1e-5 * input.spot;
      const slope =
        (blackScholesDelta({ ...input, spot: input.spot + h }) -
          blackScholesDelta({ ...input, spot: input.spot - h })) /
        (2 * h);
      expect(blackScholesGamma(input)).toBeCloseTo(slope, 8);
      expect(blackScholesGamma({ ...input, kind: "put" })).toBe(
        blackScholesGamma({ ...input, kind: "call" }),
      );
    }
  });

  it("is 0 at maturity 0 and at volatility 0", () => {
    expect(blackScholesGamma({ kind: "call", spot: 100, strike: 100, maturity: 0, volatility: 0.2 })).toBe(0);
    expect(blackScholesGamma({ kind: "put", spot: 100, strike: 100, maturity: 1, volatility: 0 })).toBe(0);
  });
});

describe("blackScholesVega", () => {
  it("is the central finite difference of the price in the volatility", () => {
    for (const input of grid()) {
      const h = 1e-5;
      const slope =
        (blackScholesPrice({ ...input, volatility: input.volatility + h }) -
          blackScholesPrice({ ...input, volatility: input.volatility - h })) /
        (2 * h);
      expect(blackScholesVega(input)).toBeCloseTo(slope, 6);
    }
  });

  it("is 0 at maturity 0 and S√T φ(0) at the money forward with volatility 0", () => {
    expect(blackScholesVega({ kind: "call", spot: 100, strike: 100, maturity: 0, volatility: 0.2 })).toBe(0);
    expect(
      blackScholesVega({ kind: "call", spot: 100, strike: 100, maturity: 4, volatility: 0 }),
    ).toBeCloseTo(200 * normalPdf(0), 12);
    expect(blackScholesVega({ kind: "call", spot: 90, strike: 100, maturity: 4, volatility: 0 })).toBe(0);
  });
});
