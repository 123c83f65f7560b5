import { assertOption } from "../errors.js";
import { normalCdf, normalPdf } from "./normal.js";

/** The right an option gives: to buy ("call") or to sell ("put") the underlying at the strike. */
export type OptionKind = "call" | "put";

/**
 * A European option on a non-dividend-paying underlying in the Black–Scholes model.
 *
 * Units: `spot` and `strike` in the same currency units; `maturity` in years; `volatility`
 * annualised (0.2 = 20 % a year); `rate` annualised and continuously compounded.
 */
export interface BlackScholesInput {
  /** "call" or "put". */
  kind: OptionKind;
  /** S, the price of the underlying now; > 0. */
  spot: number;
  /** K, the strike; > 0. */
  strike: number;
  /** T, the time to maturity in years; ≥ 0 (0 means at expiry). */
  maturity: number;
  /** σ, the annualised volatility; ≥ 0. */
  volatility: number;
  /** r, the annualised continuously compounded risk-free rate; default 0. */
  rate?: number;
}

/** The validated inputs with d₁, d₂ and the discount factor, or the degenerate case σ√T = 0. */
interface Terms {
  readonly kind: OptionKind;
  readonly spot: number;
  readonly strike: number;
  readonly maturity: number;
  readonly discount: number;
  /** σ√T. */
  readonly stdDev: number;
  readonly d1: number;
  readonly d2: number;
}

function terms(input: BlackScholesInput): Terms {
  const { kind, spot, strike, maturity, volatility } = input;
  const rate = input.rate ?? 0;
  assertOption(kind === "call" || kind === "put", "kind", kind, 'must be "call" or "put"');
  assertOption(spot > 0 && Number.isFinite(spot), "spot", spot, "must be > 0 and finite");
  assertOption(strike > 0 && Number.isFinite(strike), "strike", strike, "must be > 0 and finite");
  assertOption(maturity >= 0 && Number.isFinite(maturity), "maturity", maturity, "must be ≥ 0 and finite");
  assertOption(
    volatility >= 0 && Number.isFinite(volatility),
    "volatility",
    volatility,
    "must be ≥ 0 and finite",
  );
  assertOption(Number.isFinite(rate), "rate", rate, "must be finite");
  const stdDev = volatility * Math.sqrt(maturity);
  const discount = Math.exp(-rate * maturity);
  // log(F/K) with F = S·e^{rT} the forward.
  const logMoneyness = Math.log(spot / strike) + rate * maturity;
  let d1: number;
  let d2: number;
  if (stdDev > 0) {
    d1 = logMoneyness / stdDev + 0.5 * stdDev;
    d2 = d1 - stdDev;
  } else {
    // The limits as σ√T → 0: ±∞ away from the forward, 0 at it (so that Φ(d₁) = 1/2 there).
    d1 = logMoneyness > 0 ? Number.POSITIVE_INFINITY : logMoneyness < 0 ? Number.NEGATIVE_INFINITY : 0;
    d2 = d1;
  }
  return { kind, spot, strike, maturity, discount, stdDev, d1, d2 };
}

/**
 * The Black–Scholes price of a European call or put.
 *
 * Formula: with F = S e^{rT}, d₁ = (log(S/K) + (r + σ²/2)T)/(σ√T), d₂ = d₁ − σ√T,
 * call = S Φ(d₁) − K e^{−rT} Φ(d₂), put = K e^{−rT} Φ(−d₂) − S Φ(−d₁).
 *
 * Edge cases: when σ√T = 0 (maturity 0 or volatility 0) the price is the discounted intrinsic
 * value of the forward, e^{−rT} max(F − K, 0) for a call and e^{−rT} max(K − F, 0) for a put;
 * at maturity 0 that is the payoff max(S − K, 0) or max(K − S, 0).
 *
 * Units: the currency of `spot` and `strike`.
 *
 * Reference: F. Black and M. Scholes, "The pricing of options and corporate liabilities",
 * J. Political Economy 81 (1973) 637–654; J. C. Hull, Options, Futures, and Other Derivatives,
 * the Black–Scholes–Merton chapter (its worked example: S = 42, K = 40, r = 0.1, σ = 0.2,
 * T = 0.5 gives call 4.76, put 0.81).
 */
export function blackScholesPrice(input: BlackScholesInput): number {
  const { kind, spot, strike, discount, stdDev, d1, d2 } = terms(input);
  if (stdDev === 0) {
    const forwardValue = spot - strike * discount; // e^{−rT}(F − K)
    return kind === "call" ? Math.max(forwardValue, 0) : Math.max(-forwardValue, 0);
  }
  return kind === "call"
    ? spot * normalCdf(d1) - strike * discount * normalCdf(d2)
    : strike * discount * normalCdf(-d2) - spot * normalCdf(-d1);
}

/**
 * The Black–Scholes delta ∂V/∂S: units of the underlying held to hedge one option.
 *
 * Formula: call Φ(d₁), put Φ(d₁) − 1 = −Φ(−d₁); in [0, 1] for a call, [−1, 0] for a put.
 *
 * Edge cases: when σ√T = 0 (at expiry, or zero volatility) the price is a kinked function of S
 * and the delta is its slope: for a call 1 when F > K and 0 when F < K (F = S at expiry); at the
 * kink F = K (at the money at expiry) we return 1/2, the average of the one-sided slopes and the
 * limit of Φ(d₁) as σ√T → 0. A put's delta is the call's minus 1 (−1/2 at the kink).
 *
 * Reference: Hull, Options, Futures, and Other Derivatives, the Greek letters chapter (its example: a call
 * with S = 49, K = 50, r = 0.05, σ = 0.2, T = 20/52 has delta 0.522).
 */
export function blackScholesDelta(input: BlackScholesInput): number {
  const { kind, d1 } = terms(input);
  return kind === "call" ? normalCdf(d1) : -normalCdf(-d1);
}

/**
 * The Black–Scholes gamma ∂²V/∂S², the same for a call and a put.
 *
 * Formula: Γ = φ(d₁)/(S σ√T). Units: per unit of the underlying's price.
 *
 * Edge cases: when σ√T = 0 (at expiry, or zero volatility) we return 0: the price is piecewise
 * linear in S, and at the kink F = K its second derivative is a Dirac mass, which no number
 * represents.
 *
 * Reference: Hull, Options, Futures, and Other Derivatives, the Greek letters chapter (gamma).
 */
export function blackScholesGamma(input: BlackScholesInput): number {
  const { spot, stdDev, d1 } = terms(input);
  if (stdDev === 0) return 0;
  return normalPdf(d1) / (spot * stdDev);
}

/**
 * The Black–Scholes vega ∂V/∂σ, the same for a call and a put.
 *
 * Formula: ν = S φ(d₁) √T. Units: currency per unit of volatility (per 1.00 = 100 vol points;
 * divide by 100 for the change per vol point).
 *
 * Edge cases: 0 at maturity 0. With volatility 0 and T > 0 it is the right derivative at σ = 0:
 * 0 away from the forward and S√T φ(0) when F = K.
 *
 * Reference: Hull, Options, Futures, and Other Derivatives, the Greek letters chapter (vega).
 */
export function blackScholesVega(input: BlackScholesInput): number {
  const { spot, maturity, d1 } = terms(input);
  return spot * normalPdf(d1) * Math.sqrt(maturity);
}
