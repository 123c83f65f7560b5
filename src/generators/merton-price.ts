import { blackScholesPrice } from "../math/black-scholes.js";

/** One asset's Merton parameters (annualised), as in {@link MertonParameters} but scalars. */
export interface MertonAsset {
  volatility: number;
  intensity: number;
  jumpMean: number;
  jumpStd: number;
}

/**
 * Merton's (1976) series price of a European call with zero rates (R. C. Merton, "Option pricing when
 * underlying stock returns are discontinuous", J. Financial Economics 3, 1976, eq. 19): a Poisson
 * mixture of Black–Scholes prices,
 *
 *   C = Σ_{n ≥ 0} e^{−λ'T} (λ'T)ⁿ/n! · BS(S, K, T; σ_n, r_n),
 *   λ' = λ(1 + k),  k = e^{m + s²/2} − 1,  σ_n² = σ² + n s²/T,  r_n = −λk + n ln(1 + k)/T,
 *
 * summed until the Poisson weights left are below 1e-15. Units: currency, years.
 *
 * @example mertonCallPrice({ volatility: 0.2, intensity: 1, jumpMean: -0.1, jumpStd: 0.15 }, 100, 100, 0.25)
 */
export function mertonCallPrice(asset: MertonAsset, spot: number, strike: number, maturity: number): number {
  const { volatility, intensity, jumpMean, jumpStd } = asset;
  const k = Math.exp(jumpMean + 0.5 * jumpStd * jumpStd) - 1;
  const lt = intensity * (1 + k) * maturity;
  let weight = Math.exp(-lt);
  let left = 1 - weight;
  let price = 0;
  for (let n = 0; n < 1000; n++) {
    if (n > 0) {
      weight *= lt / n;
      left -= weight;
    }
    const vol = Math.sqrt(volatility * volatility + (n * jumpStd * jumpStd) / maturity);
    const rate = -intensity * k + (n * Math.log(1 + k)) / maturity;
    price += weight * blackScholesPrice({ kind: "call", spot, strike, maturity, volatility: vol, rate });
    if (n > lt && left < 1e-15) break;
  }
  return price;
}
