import { assertOption } from "../errors.js";
import { normalCdf } from "./normal.js";

/**
 * The state of an average-price call with n equally spaced fixings S_{t+1}, …, S_{t+m} still to come
 * (m ≤ n), in the Black–Scholes model. Units as in `BlackScholesInput`.
 */
export interface AsianInput {
  /** S_t, the underlying now; > 0. */
  spot: number;
  /** K; > 0. */
  strike: number;
  /** n, the number of fixings of the average in all; ≥ 1. */
  fixings: number;
  /** m, the fixings still to come, the first one step from now; 0 ≤ m ≤ n. */
  remaining: number;
  /** Years between fixings (1/252 for daily); > 0. */
  dt: number;
  /** σ, annualised; ≥ 0. */
  volatility: number;
  /** r, annualised, continuously compounded; default 0. */
  rate?: number;
  /**
   * What the n − m past fixings contribute: their sum for the arithmetic average, the sum of their
   * logarithms for the geometric one; default 0 (none past).
   */
  past?: number;
}

function checked(input: AsianInput): Required<AsianInput> {
  const { spot, strike, fixings, remaining, dt, volatility, rate = 0, past = 0 } = input;
  assertOption(spot > 0 && strike > 0, "spot", spot, "and strike must be > 0");
  assertOption(Number.isInteger(fixings) && fixings >= 1, "fixings", fixings, "must be an integer ≥ 1");
  assertOption(
    Number.isInteger(remaining) && remaining >= 0 && remaining <= fixings,
    "remaining",
    remaining,
    `must be an integer in 0..${fixings}`,
  );
  assertOption(dt > 0 && volatility >= 0, "dt", dt, "must be > 0 (and volatility ≥ 0)");
  return { spot, strike, fixings, remaining, dt, volatility, rate, past };
}

/** Black's formula e^{−rτ}(F Φ(d₁) − K Φ(d₂)) for a lognormal F with log-variance v, or the intrinsic value at v = 0. */
function black(forward: number, strike: number, variance: number, discount: number): number {
  if (strike <= 0) return discount * (forward - strike);
  if (variance <= 0) return discount * Math.max(forward - strike, 0);
  const sd = Math.sqrt(variance);
  const d1 = (Math.log(forward / strike) + 0.5 * variance) / sd;
  return discount * (forward * normalCdf(d1) - strike * normalCdf(d1 - sd));
}

/**
 * The exact Black–Scholes price of a geometric-average call (G − K)⁺, G = (Π S_{t_j})^{1/n}: log G is
 * normal with mean (L + m log S + (r − σ²/2) Δt m(m+1)/2)/n and variance σ² Δt m(m+1)(2m+1)/(6n²),
 * L the sum of the past fixings' logarithms. The control variate of the arithmetic average.
 *
 * Reference: A. Kemna and A. Vorst, "A pricing method for options based on average asset values",
 * J. Banking & Finance 14 (1990) 113–129 (here with discrete fixings and a running average).
 */
export function geometricAsianCallPrice(input: AsianInput): number {
  const { spot, strike, fixings: n, remaining: m, dt, volatility, rate, past } = checked(input);
  const mean = (past + m * Math.log(spot) + (rate - 0.5 * volatility ** 2) * dt * ((m * (m + 1)) / 2)) / n;
  const variance = (volatility ** 2 * dt * m * (m + 1) * (2 * m + 1)) / (6 * n * n);
  return black(Math.exp(mean + 0.5 * variance), strike, variance, Math.exp(-rate * m * dt));
}

/**
 * The price of an arithmetic-average call (A − K)⁺, A = (1/n) Σ S_{t_j}, by Lévy's lognormal
 * approximation: the future part X = (1/n) Σ_{j=1}^{m} S_{t+j} is taken lognormal with its exact
 * first two moments under the Black–Scholes model,
 * E X = (S/n) Σ_j e^{r j Δt}, E X² = (S²/n²) Σ_{j,l} e^{r (j+l) Δt + σ² min(j,l) Δt},
 * and priced by Black's formula against the strike less the past fixings' share, K − (past sum)/n
 * (linear when that is ≤ 0: the option is then sure to be exercised). Exact at m = 0; within a few
 * tenths of a percent of Monte Carlo for 30 daily fixings at 20–40% volatility (test/math/asian-price.test.ts).
 *
 * Reference: E. Lévy, "Pricing European average rate currency options", J. International Money
 * and Finance 11 (1992) 474–491.
 */
export function arithmeticAsianCallPrice(input: AsianInput): number {
  const { spot, strike, fixings: n, remaining: m, dt, volatility, rate, past } = checked(input);
  const discount = Math.exp(-rate * m * dt);
  const residual = strike - past / n;
  if (m === 0) return Math.max(-residual, 0);
  const a = Math.exp(rate * dt);
  const b = Math.exp(volatility * volatility * dt);
  // Σ_j a^j, and Σ_{j,l} a^{j+l} b^{min(j,l)} = Σ_j a^{2j} b^j + 2 Σ_j a^j b^j Σ_{l>j} a^l, in O(m).
  let first = 0;
  let second = 0;
  let suffix = 0; // Σ_{l>j} a^l, built from the last fixing backwards
  for (let j = m; j >= 1; j--) {
    const aj = a ** j;
    const bj = b ** j;
    first += aj;
    second += aj * aj * bj + 2 * aj * bj * suffix;
    suffix += aj;
  }
  const m1 = (spot * first) / n;
  const m2 = (spot * spot * second) / (n * n);
  return black(m1, residual, Math.log(m2 / (m1 * m1)), discount);
}
