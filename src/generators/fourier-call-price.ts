import { assertOption } from "../errors.js";

/** A complex number re + i·im. */
export interface Complex {
  re: number;
  im: number;
}

/** The characteristic function u ↦ E[exp(i u X_T)] of X_T = ln(S_T/S_0), at complex u. */
export type CharacteristicFunction = (u: Complex) => Complex;

/** Options of {@link fourierCallPrice}. */
export interface FourierCallOptions {
  /** Upper limit of the integral in u; default 200 (the integrand decays like exp(−c·u)). */
  limit?: number;
  /** Intervals of the composite Simpson rule on [0, limit] (made even); default 4000. */
  intervals?: number;
}

/**
 * The price of a European call with zero rates from the characteristic function of the log-return,
 * by Lewis's formula (A. Lewis, Option Valuation under Stochastic Volatility, 2000, ch. 2; also
 * Gatheral, The Volatility Surface, 2006, eq. 5.6 with r = 0):
 *
 *   C = S − (√(S K)/π) ∫₀^∞ Re[e^{i u k} φ(u − i/2)] du / (u² + 1/4),   k = ln(S/K),
 *
 * integrated by the composite Simpson rule on [0, `limit`]. Units: `spot` and `strike` in currency.
 *
 * @example fourierCallPrice((u) => hestonCharacteristicFunction(params, 1, u), 100, 100)
 */
export function fourierCallPrice(
  phi: CharacteristicFunction,
  spot: number,
  strike: number,
  options: FourierCallOptions = {},
): number {
  const { limit = 200 } = options;
  const intervals = 2 * Math.ceil((options.intervals ?? 4000) / 2);
  assertOption(spot > 0 && strike > 0, "spot/strike", [spot, strike], "must be > 0");
  assertOption(limit > 0, "limit", limit, "must be > 0");
  const k = Math.log(spot / strike);
  const f = (u: number): number => {
    const value = phi({ re: u, im: -0.5 });
    // Re[e^{iuk}·φ] = cos(uk)·Re φ − sin(uk)·Im φ.
    return (Math.cos(u * k) * value.re - Math.sin(u * k) * value.im) / (u * u + 0.25);
  };
  const step = limit / intervals;
  let sum = f(0) + f(limit);
  for (let j = 1; j < intervals; j++) sum += (j % 2 === 1 ? 4 : 2) * f(j * step);
  return spot - ((Math.sqrt(spot * strike) / Math.PI) * (sum * step)) / 3;
}

/** a + b. */
export const cadd = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
/** a − b. */
export const csub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
/** a · b. */
export const cmul = (a: Complex, b: Complex): Complex => ({
  re: a.re * b.re - a.im * b.im,
  im: a.re * b.im + a.im * b.re,
});
/** a / b. */
export function cdiv(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
}
/** s · a for a real s. */
export const cscale = (a: Complex, s: number): Complex => ({ re: s * a.re, im: s * a.im });
/** exp(a). */
export function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}
/** The principal logarithm of a. */
export const clog = (a: Complex): Complex => ({
  re: Math.log(Math.hypot(a.re, a.im)),
  im: Math.atan2(a.im, a.re),
});
/** The principal square root of a (Re ≥ 0). */
export function csqrt(a: Complex): Complex {
  const r = Math.hypot(a.re, a.im);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sqrt(Math.max(0, (r - a.re) / 2));
  return { re, im: a.im < 0 ? -im : im };
}
