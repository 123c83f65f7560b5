import { describe, expect, it } from "vitest";
import { arithmeticAsianCallPrice, geometricAsianCallPrice } from "../../src/math/asian-price.js";
import { upAndOutCallPrice } from "../../src/math/barrier-price.js";
import { blackScholesPrice } from "../../src/math/black-scholes.js";
import { digitalCallPrice } from "../../src/math/digital-price.js";
import { lookbackCallPrice } from "../../src/math/lookback-price.js";
import { createRandom } from "../../src/random/random-source.js";

const dt = 1 / 252;
const T = 30;

/** Mean and standard error of a sample. */
function meanAndError(x: Float64Array): { mean: number; error: number } {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return { mean, error: Math.sqrt(ss / (x.length - 1) / x.length) };
}

/**
 * Discounted payoffs of N Black–Scholes paths from S_0 = 100 with T daily log-normal steps (exact in
 * law at the dates). Between dates the path is a Brownian bridge in log price: its maximum is drawn
 * exactly (for continuous monitoring) and the chance of staying below a barrier is exact too.
 */
function simulate(n: number, sigma: number, rate: number, seed: number, barrier = Number.POSITIVE_INFINITY) {
  const random = createRandom(seed);
  const out = {
    arithmetic: new Float64Array(n),
    geometric: new Float64Array(n),
    terminal: new Float64Array(n),
    dailyMax: new Float64Array(n),
    continuousMax: new Float64Array(n),
    survival: new Float64Array(n),
  };
  const drift = (rate - 0.5 * sigma * sigma) * dt;
  const sd = sigma * Math.sqrt(dt);
  const logBarrier = Math.log(barrier);
  for (let i = 0; i < n; i++) {
    let x = Math.log(100);
    let sum = 0;
    let logs = 0;
    let dailyMax = x;
    let continuousMax = x;
    let survival = 1;
    for (let t = 1; t <= T; t++) {
      const next = x + drift + sd * random.normal();
      const bridgeMax =
        0.5 * (x + next + Math.sqrt((next - x) ** 2 - 2 * sd * sd * Math.log(1 - random.uniform())));
      continuousMax = Math.max(continuousMax, bridgeMax);
      if (next >= logBarrier) survival = 0;
      else if (survival > 0)
        survival *= 1 - Math.exp((-2 * (logBarrier - x) * (logBarrier - next)) / (sd * sd));
      x = next;
      sum += Math.exp(x);
      logs += x;
      dailyMax = Math.max(dailyMax, x);
    }
    out.arithmetic[i] = sum / T;
    out.geometric[i] = Math.exp(logs / T);
    out.terminal[i] = Math.exp(x);
    out.dailyMax[i] = Math.exp(dailyMax);
    out.continuousMax[i] = Math.exp(continuousMax);
    out.survival[i] = survival;
  }
  return out;
}

const cases = [
  { sigma: 0.25, rate: 0, strike: 100, barrier: 110 },
  { sigma: 0.4, rate: 0.05, strike: 95, barrier: 115 },
];

describe("exotic closed forms against Monte Carlo (100,000 exact Black–Scholes paths, 3 standard errors)", () => {
  for (const { sigma, rate, strike, barrier } of cases) {
    const n = 100_000;
    const paths = simulate(n, sigma, rate, 11, barrier);
    const discount = Math.exp(-rate * T * dt);
    const payoff = (f: (i: number) => number) =>
      meanAndError(Float64Array.from({ length: n }, (_, i) => discount * f(i)));
    const base = { spot: 100, strike, volatility: sigma, rate };
    const within = (price: number, mc: { mean: number; error: number }) =>
      expect(Math.abs(price - mc.mean)).toBeLessThan(3 * mc.error);

    it(`digital call at σ=${sigma}, r=${rate}: Q e^{−rτ} Φ(d₂)`, () => {
      within(
        digitalCallPrice({ ...base, maturity: T * dt }),
        payoff((i) => (paths.terminal[i]! > strike ? 1 : 0)),
      );
      expect(digitalCallPrice({ ...base, maturity: T * dt, payout: 5 })).toBeCloseTo(
        5 * digitalCallPrice({ ...base, maturity: T * dt }),
        12,
      );
    });

    it(`geometric-average call at σ=${sigma}, r=${rate}: exact`, () => {
      within(
        geometricAsianCallPrice({ ...base, fixings: T, remaining: T, dt }),
        payoff((i) => Math.max(paths.geometric[i]! - strike, 0)),
      );
    });

    it(`arithmetic-average call at σ=${sigma}, r=${rate}: Lévy within 0.5% of a control-variate estimate`, () => {
      const geometricPrice = geometricAsianCallPrice({ ...base, fixings: T, remaining: T, dt });
      const controlled = payoff(
        (i) =>
          Math.max(paths.arithmetic[i]! - strike, 0) -
          Math.max(paths.geometric[i]! - strike, 0) +
          geometricPrice / discount,
      );
      const levy = arithmeticAsianCallPrice({ ...base, fixings: T, remaining: T, dt });
      expect(controlled.error).toBeLessThan(0.002 * levy); // the control variate works
      expect(Math.abs(levy - controlled.mean)).toBeLessThan(3 * controlled.error + 0.005 * levy);
    });

    it(`lookback call at σ=${sigma}, r=${rate}: continuous closed form exact, daily correction within 1%`, () => {
      within(
        lookbackCallPrice({ ...base, maximum: 100, maturity: T * dt }),
        payoff((i) => Math.max(paths.continuousMax[i]! - strike, 0)),
      );
      const shift = Math.exp(0.5826 * sigma * Math.sqrt(dt));
      const corrected =
        lookbackCallPrice({ ...base, strike: strike * shift, maximum: 100 * shift, maturity: T * dt }) /
        shift;
      const daily = payoff((i) => Math.max(paths.dailyMax[i]! - strike, 0));
      expect(Math.abs(corrected - daily.mean)).toBeLessThan(3 * daily.error + 0.01 * daily.mean);
    });

    it(`up-and-out call at σ=${sigma}, r=${rate}, B=${barrier}: continuous closed form exact`, () => {
      within(
        upAndOutCallPrice({ ...base, barrier, maturity: T * dt }),
        payoff((i) => paths.survival[i]! * Math.max(paths.terminal[i]! - strike, 0)),
      );
    });
  }
});

describe("exotic closed forms at their limits", () => {
  const base = { spot: 97, strike: 100, volatility: 0.3, rate: 0.02 };
  it("a geometric or arithmetic average with one fixing left is a European call on it", () => {
    const call = blackScholesPrice({ kind: "call", ...base, maturity: dt });
    expect(geometricAsianCallPrice({ ...base, fixings: 1, remaining: 1, dt })).toBeCloseTo(call, 12);
    expect(arithmeticAsianCallPrice({ ...base, fixings: 1, remaining: 1, dt })).toBeCloseTo(call, 12);
  });
  it("an average whose fixings are all past is its payoff", () => {
    expect(arithmeticAsianCallPrice({ ...base, fixings: 3, remaining: 0, dt, past: 330 })).toBeCloseTo(
      10,
      12,
    );
    expect(geometricAsianCallPrice({ ...base, fixings: 2, remaining: 0, dt, past: 2 * Math.log(90) })).toBe(
      0,
    );
  });
  it("an average already sure to end above the strike is linear: e^{−rτ}(E A − K)", () => {
    const past = 29 * 120;
    const price = arithmeticAsianCallPrice({ ...base, fixings: 30, remaining: 1, dt, past });
    expect(price).toBeCloseTo(
      Math.exp(-base.rate * dt) * ((past + 97 * Math.exp(base.rate * dt)) / 30 - 100),
      10,
    );
  });
  it("the lookback's r → 0 limit joins the general formula", () => {
    const at = (rate: number) => lookbackCallPrice({ ...base, rate, maximum: 104, maturity: 0.25 });
    expect(at(1e-7)).toBeCloseTo(at(0), 5);
    expect(at(-1e-7)).toBeCloseTo(at(0), 5);
  });
  it("a lookback whose maximum is far above the spot is the intrinsic value plus a little", () => {
    const price = lookbackCallPrice({ ...base, rate: 0, maximum: 200, maturity: 0.1 });
    expect(price).toBeGreaterThan(100);
    expect(price).toBeLessThan(100 + 1e-9);
  });
  it("a barrier far away leaves the call; a barrier at the strike or spot leaves nothing", () => {
    const call = blackScholesPrice({ kind: "call", ...base, maturity: 0.1 });
    expect(upAndOutCallPrice({ ...base, barrier: 1e4, maturity: 0.1 })).toBeCloseTo(call, 10);
    expect(upAndOutCallPrice({ ...base, barrier: 100, maturity: 0.1 })).toBe(0);
    expect(upAndOutCallPrice({ ...base, barrier: 96, maturity: 0.1 })).toBe(0);
  });
  it("refuses impossible inputs with one line", () => {
    expect(() => digitalCallPrice({ ...base, spot: -1, maturity: 1 })).toThrow(/invalid spot: -1/);
    expect(() => geometricAsianCallPrice({ ...base, fixings: 3, remaining: 4, dt })).toThrow(
      /invalid remaining: 4/,
    );
    expect(() => lookbackCallPrice({ ...base, maximum: 90, maturity: 1 })).toThrow(/invalid maximum: 90/);
  });
});
