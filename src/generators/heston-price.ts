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
  const { c, d } = hestonExponents(asset, maturity, u);
  return cexp(cadd(c, cscale(d, asset.v0)));
}

/**
 * The exponents of {@link hestonCharacteristicFunction}, φ(u) = exp(C(u) + D(u)·v_0): C and D depend on
 * the parameters and the maturity, not on v_0, so one computation serves every path of a date.
 */
export function hestonExponents(
  asset: Omit<HestonAsset, "v0">,
  maturity: number,
  u: Complex,
): { c: Complex; d: Complex } {
  const { kappa, theta, xi, rho } = asset;
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
  return { c, d: cmul(cscale(minus, 1 / (xi * xi)), cdiv(csub(one, e), ge)) };
}

/**
 * Heston call prices of many (spot, strike, variance) states at one maturity, by Lewis's formula as
 * {@link hestonCallPrice} but with the exponents C, D of the characteristic function computed once on
 * the integration grid, and a grid of 1011 points instead of 4001: Simpson's rule with steps of 0.01
 * on [0, 4], where 1/(u² + 1/4) peaks, 0.125 on [4, 40] and 0.5 on [40, 200] (within 2e-6 of the fine default grid
 * for maturities of a week or more, test/generators/heston-price.test.ts). Zero rates.
 *
 * Shapes: `spots`, `strikes`, `variances` [M]; returns [M].
 */
export function hestonCallPrices(
  asset: Omit<HestonAsset, "v0">,
  spots: ArrayLike<number>,
  strikes: ArrayLike<number>,
  variances: ArrayLike<number>,
  maturity: number,
): Float64Array {
  // Composite Simpson on two panels: fine where 1/(u² + 1/4) peaks, coarse in the tail.
  const panels: [number, number, number][] = [
    [0, 4, 400],
    [4, 40, 288],
    [40, 200, 320],
  ];
  const u: number[] = [];
  const weight: number[] = [];
  for (const [from, to, intervals] of panels) {
    const step = (to - from) / intervals;
    for (let j = 0; j <= intervals; j++) {
      const x = from + j * step;
      const w = ((j === 0 || j === intervals ? 1 : j % 2 === 1 ? 4 : 2) * step) / 3 / (x * x + 0.25);
      u.push(x);
      weight.push(w);
    }
  }
  const m = u.length;
  const cRe = new Float64Array(m);
  const cIm = new Float64Array(m);
  const dRe = new Float64Array(m);
  const dIm = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const { c, d } = hestonExponents(asset, maturity, { re: u[j]!, im: -0.5 });
    cRe[j] = c.re;
    cIm[j] = c.im;
    dRe[j] = d.re;
    dIm[j] = d.im;
  }
  const out = new Float64Array(spots.length);
  for (let i = 0; i < spots.length; i++) {
    const spot = spots[i]!;
    const strike = strikes[i]!;
    const v = Math.max(variances[i]!, 0);
    const k = Math.log(spot / strike);
    let sum = 0;
    for (let j = 0; j < m; j++) {
      // Re[e^{iuk} exp(C + D v)] = e^{Re} cos(Im + uk)
      const re = cRe[j]! + dRe[j]! * v;
      const im = cIm[j]! + dIm[j]! * v + u[j]! * k;
      sum += weight[j]! * Math.exp(re) * Math.cos(im);
    }
    out[i] = spot - (Math.sqrt(spot * strike) / Math.PI) * sum;
  }
  return out;
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
