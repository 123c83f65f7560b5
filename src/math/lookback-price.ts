import { assertOption } from "../errors.js";
import { blackScholesPrice } from "./black-scholes.js";
import { normalCdf, normalPdf } from "./normal.js";

/** Inputs of {@link lookbackCallPrice}. Units as in `BlackScholesInput`. */
export interface LookbackInput {
  /** S_t, the underlying now; > 0. */
  spot: number;
  /** K; > 0. */
  strike: number;
  /** M_t ≥ S_t, the highest price seen so far (S_t itself included). */
  maximum: number;
  /** τ, years to maturity; ≥ 0. */
  maturity: number;
  /** σ, annualised; ≥ 0. */
  volatility: number;
  /** r, annualised, continuously compounded; default 0. */
  rate?: number;
}

/**
 * The Black–Scholes price of a fixed-strike lookback call (max_{u ≤ T} S_u − K)⁺ under continuous
 * monitoring, with the running maximum M. With H = max(K, M) and d₁ = (log(S/H) + (r + σ²/2)τ)/(σ√τ):
 *
 * V = e^{−rτ}(M − K)⁺ + BS_call(S, H) + S e^{−rτ} (σ²/2r) [e^{rτ} Φ(d₁) − (S/H)^{−2r/σ²} Φ(d₁ − 2r√τ/σ)],
 *
 * whose limit at r = 0 (used when |r| < 1e-9) is BS_call(S, H) + (M − K)⁺ + S σ√τ [d₁ Φ(d₁) + φ(d₁)].
 * For prices seen once a step of Δt, evaluate it at M e^{βσ√Δt} and K e^{βσ√Δt} and scale by
 * e^{−βσ√Δt} (`monitoringShift`).
 *
 * Reference: A. Conze and Viswanathan, "Path dependent options: the case of lookback options",
 * J. Finance 46 (1991) 1893–1907; Hull, the exotic options chapter (lookback options).
 */
export function lookbackCallPrice(input: LookbackInput): number {
  const { spot, strike, maximum, maturity, volatility, rate = 0 } = input;
  assertOption(spot > 0 && strike > 0, "spot", spot, "and strike must be > 0");
  assertOption(maximum >= spot * (1 - 1e-12), "maximum", maximum, "must be ≥ spot");
  assertOption(maturity >= 0 && volatility >= 0, "maturity", maturity, "and volatility must be ≥ 0");
  const discount = Math.exp(-rate * maturity);
  const high = Math.max(strike, maximum);
  const intrinsic = discount * Math.max(maximum - strike, 0);
  const call = blackScholesPrice({ kind: "call", spot, strike: high, maturity, volatility, rate });
  const sd = volatility * Math.sqrt(maturity);
  if (sd === 0) return intrinsic + call;
  const d1 = (Math.log(spot / high) + (rate + 0.5 * volatility ** 2) * maturity) / sd;
  let excess: number;
  if (Math.abs(rate) < 1e-9) {
    excess = spot * sd * (d1 * normalCdf(d1) + normalPdf(d1));
  } else {
    const k = (2 * rate) / volatility ** 2;
    excess =
      spot *
      discount *
      (1 / k) *
      (Math.exp(rate * maturity) * normalCdf(d1) -
        (spot / high) ** -k * normalCdf(d1 - (2 * rate * Math.sqrt(maturity)) / volatility));
  }
  return intrinsic + call + excess;
}
