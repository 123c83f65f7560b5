import { assertOption } from "../errors.js";
import type { PathBatch } from "../data/path-batch.js";

/** Options of {@link hedgePnl}. */
export interface HedgePnlOptions {
  /** Proportional transaction cost c: trading x units at price S costs c·|x|·S; default 0. */
  cost?: number;
  /** Premium p0 received for the option at t = 0; default 0 (the P&L of the hedge alone). */
  premium?: number;
}

/**
 * Terminal profit and loss of a short option hedged with `holdings` (paper, eq. 1):
 *
 * PnL = p0 + Σ_{t=0}^{T−1} ⟨δ_t, S_{t+1} − S_t⟩ − Σ_{t=0}^{T−1} c ⟨|δ_t − δ_{t−1}|, S_t⟩ − payoff(S_T),
 *
 * with δ_{−1} = 0 (the initial purchase pays costs too; the position is not unwound at T). Zero
 * interest rate: cash is not discounted.
 *
 * @param paths - prices, shape [N, T + 1, H].
 * @param holdings - δ, shape [N, T, H].
 * @param payoff - the option's payoff on each path, shape [N].
 * @returns P&L per path, shape [N], in the paths' price units.
 */
export function hedgePnl(
  paths: PathBatch,
  holdings: Float64Array,
  payoff: ArrayLike<number>,
  options: HedgePnlOptions = {},
): Float64Array {
  const { cost = 0, premium = 0 } = options;
  assertOption(Number.isFinite(cost) && cost >= 0, "cost", cost, "must be ≥ 0");
  assertOption(Number.isFinite(premium), "premium", premium, "must be finite");
  const { n, steps, assets, values } = paths;
  if (holdings.length !== n * steps * assets) {
    throw new Error(`holdings have length ${holdings.length}, expected ${n}×${steps}×${assets}`);
  }
  if (payoff.length !== n) throw new Error(`payoff has length ${payoff.length}, expected ${n}`);
  const pnl = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let gains = 0;
    let costs = 0;
    for (let t = 0; t < steps; t++) {
      const now = (i * (steps + 1) + t) * assets;
      const hold = (i * steps + t) * assets;
      for (let h = 0; h < assets; h++) {
        const delta = holdings[hold + h]!;
        const spot = values[now + h]!;
        gains += delta * (values[now + assets + h]! - spot);
        if (cost > 0) {
          const previous = t === 0 ? 0 : holdings[hold - assets + h]!;
          costs += cost * Math.abs(delta - previous) * spot;
        }
      }
    }
    pnl[i] = premium + gains - costs - payoff[i]!;
  }
  return pnl;
}
