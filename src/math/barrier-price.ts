import { assertOption } from "../errors.js";
import { blackScholesPrice } from "./black-scholes.js";
import { normalCdf } from "./normal.js";

/** Inputs of {@link upAndOutCallPrice}. Units as in `BlackScholesInput`. */
export interface BarrierInput {
  /** S, the underlying now; > 0. */
  spot: number;
  /** K; > 0. */
  strike: number;
  /** B, the knock-out level; > 0. */
  barrier: number;
  /** τ, years to maturity; ≥ 0. */
  maturity: number;
  /** σ, annualised; ≥ 0. */
  volatility: number;
  /** r, annualised, continuously compounded; default 0. */
  rate?: number;
}

/**
 * The Black–Scholes price of an up-and-out call (S_T − K)⁺ 1{max_{u ≤ T} S_u < B}, continuously
 * monitored, not yet knocked out: 0 when S ≥ B or K ≥ B, else c − c_ui with the up-and-in call
 *
 * c_ui = S Φ(x₁) − K e^{−rτ} Φ(x₁ − σ√τ) − S (B/S)^{2λ} [Φ(−y) − Φ(−y₁)]
 *        + K e^{−rτ} (B/S)^{2λ−2} [Φ(−y + σ√τ) − Φ(−y₁ + σ√τ)],
 *
 * λ = (r + σ²/2)/σ², x₁ = log(S/B)/(σ√τ) + λσ√τ, y = log(B²/(SK))/(σ√τ) + λσ√τ,
 * y₁ = log(B/S)/(σ√τ) + λσ√τ. For a barrier seen once a step of Δt, pass B e^{βσ√Δt}
 * (`monitoringShift`).
 *
 * Reference: M. Rubinstein and E. Reiner, "Breaking down the barriers", Risk 4 (1991) 28–35;
 * Hull, the exotic options chapter (barrier options, the case H > K).
 */
export function upAndOutCallPrice(input: BarrierInput): number {
  const { spot, strike, barrier, maturity, volatility, rate = 0 } = input;
  assertOption(spot > 0 && strike > 0 && barrier > 0, "spot", spot, "strike and barrier must be > 0");
  assertOption(maturity >= 0 && volatility >= 0, "maturity", maturity, "and volatility must be ≥ 0");
  if (spot >= barrier || strike >= barrier) return 0;
  const sd = volatility * Math.sqrt(maturity);
  const call = blackScholesPrice({ kind: "call", spot, strike, maturity, volatility, rate });
  if (sd === 0) return call; // below the barrier with no time or no volatility left to reach it
  const discount = Math.exp(-rate * maturity);
  const lambda = (rate + 0.5 * volatility ** 2) / volatility ** 2;
  const ratio = barrier / spot;
  const x1 = Math.log(spot / barrier) / sd + lambda * sd;
  const y = Math.log((barrier * barrier) / (spot * strike)) / sd + lambda * sd;
  const y1 = Math.log(ratio) / sd + lambda * sd;
  const upAndIn =
    spot * normalCdf(x1) -
    strike * discount * normalCdf(x1 - sd) -
    spot * ratio ** (2 * lambda) * (normalCdf(-y) - normalCdf(-y1)) +
    strike * discount * ratio ** (2 * lambda - 2) * (normalCdf(-y + sd) - normalCdf(-y1 + sd));
  return Math.max(call - upAndIn, 0);
}
