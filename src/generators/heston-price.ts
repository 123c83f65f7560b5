import {
  cadd,
  cdiv,
  cexp,
  clog,
  cmul,
  cscale,
  csqrt,
  csub,
  fourierCallPrice,
  type Complex,
  type FourierCallOptions,
} from "./fourier-call-price.js";

/** One asset's Heston parameters (annualised), as in {@link HestonParameters} but scalars. */
export interface HestonAsset {
  kappa: number;
  theta: number;
  xi: number;
  rho: number;
  v0: number;
}

/**
 * The characteristic function φ(u) = E[exp(i u ln(S_T/S_0))] of the Heston model with zero rates and
 * drift, in the "little Heston trap" form (H. Albrecher, P. Mayer, W. Schoutens and J. Tistaert, "The
 * little Heston trap", Wilmott Magazine, January 2007, eq. 3), continuous in u for every maturity:
 *
 *   d = √((ρξiu − κ)² + ξ²(iu + u²)),   g = (κ − ρξiu − d)/(κ − ρξiu + d),
 *   C = (κθ/ξ²)[(κ − ρξiu − d)T − 2 ln((1 − g e^{−dT})/(1 − g))],
 *   D = ((κ − ρξiu − d)/ξ²)·(1 − e^{−dT})/(1 − g e^{−dT}),   φ(u) = exp(C + D v_0).
 *
 * @param maturity - T in years.
 * @param u - the (complex) argument.
 */
export function hestonCharacteristicFunction(asset: HestonAsset, maturity: number, u: Complex): Complex {
  const { kappa, theta, xi, rho, v0 } = asset;
  const iu: Complex = { re: -u.im, im: u.re };
  const beta = csub({ re: kappa, im: 0 }, cscale(iu, rho * xi)); // κ − ρξiu
  const d = csqrt(cadd(cmul(beta, beta), cscale(cadd(iu, cmul(u, u)), xi * xi)));
  const minus = csub(beta, d);
  const g = cdiv(minus, cadd(beta, d));
  const e = cexp(cscale(d, -maturity));
  const one: Complex = { re: 1, im: 0 };
  const ge = csub(one, cmul(g, e));
  const c = cscale(
    csub(cscale(minus, maturity), cscale(clog(cdiv(ge, csub(one, g))), 2)),
    (kappa * theta) / (xi * xi),
  );
  const dd = cmul(cscale(minus, 1 / (xi * xi)), cdiv(csub(one, e), ge));
  return cexp(cadd(c, cscale(dd, v0)));
}

/**
 * The Heston (1993) price of a European call with zero rates, by {@link fourierCallPrice} (Lewis's
 * formula) on {@link hestonCharacteristicFunction}. Units: currency (`spot`, `strike`), years.
 *
 * @example hestonCallPrice({ kappa: 2, theta: 0.04, xi: 0.5, rho: -0.7, v0: 0.04 }, 100, 100, 0.5)
 */
export function hestonCallPrice(
  asset: HestonAsset,
  spot: number,
  strike: number,
  maturity: number,
  options: FourierCallOptions = {},
): number {
  return fourierCallPrice((u) => hestonCharacteristicFunction(asset, maturity, u), spot, strike, options);
}
