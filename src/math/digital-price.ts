import { assertOption } from "../errors.js";
import { normalCdf } from "./normal.js";

/** Inputs of {@link digitalCallPrice}: units as in `BlackScholesInput` (years, annualised rates). */
export interface DigitalInput {
  /** S, the underlying now; > 0. */
  spot: number;
  /** K; > 0. */
  strike: number;
  /** τ, years to maturity; ≥ 0. */
  maturity: number;
  /** σ, annualised; ≥ 0. */
  volatility: number;
  /** r, annualised, continuously compounded; default 0. */
  rate?: number;
  /** Q, the cash paid when S_T > K; default 1. */
  payout?: number;
}

/**
 * The Black–Scholes price of a cash-or-nothing digital call, Q·1{S_T > K}:
 * Q e^{−rτ} Φ(d₂), d₂ = (log(S/K) + (r − σ²/2)τ)/(σ√τ). At σ√τ = 0 it is the discounted payoff
 * of the forward (Q/2 at the money, the limit of Φ(d₂)).
 *
 * Reference: J. C. Hull, Options, Futures, and Other Derivatives, the exotic options chapter
 * (binary options).
 */
export function digitalCallPrice(input: DigitalInput): number {
  const { spot, strike, maturity, volatility, rate = 0, payout = 1 } = input;
  assertOption(spot > 0 && strike > 0, "spot", spot, "and strike must be > 0");
  assertOption(maturity >= 0 && volatility >= 0, "maturity", maturity, "and volatility must be ≥ 0");
  const discount = Math.exp(-rate * maturity);
  const stdDev = volatility * Math.sqrt(maturity);
  const logForward = Math.log(spot / strike) + rate * maturity;
  if (stdDev === 0) return payout * discount * (logForward > 0 ? 1 : logForward < 0 ? 0 : 0.5);
  return payout * discount * normalCdf(logForward / stdDev - 0.5 * stdDev);
}
