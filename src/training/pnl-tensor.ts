import { assertOption } from "../errors.js";
import type { PathBatch } from "../data/path-batch.js";
import { empty, gradOf, record, type Tensor } from "../tensor/tensor.js";

/** Options of {@link pnlTensor}. */
export interface PnlTensorOptions {
  /** Proportional transaction cost c; default 0. */
  cost?: number;
  /** Premium p0; default 0. */
  premium?: number;
}

/**
 * The differentiable terminal P&L of hedging a short claim (paper, eq. 1), as one op over the
 * T holdings tensors: PnL_i = p0 + Σ_t ⟨δ_t, S_{t+1} − S_t⟩ − c Σ_t ⟨|δ_t − δ_{t−1}|, S_t⟩ − payoff_i
 * (δ_{−1} = 0), matching `hedgePnl`. The gradient w.r.t. δ_t[i, h] is
 * g_i (ΔS_t − c S_t sign(δ_t − δ_{t−1}) + c S_{t+1} sign(δ_{t+1} − δ_t)).
 *
 * @param holdings - T tensors δ_t of shape [N, H].
 * @param paths - prices, [N, T + 1, H].
 * @param payoff - the claim's payoff per path, [N].
 * @returns P&L, a tensor [N] of the holdings' dtype.
 */
export function pnlTensor(
  holdings: readonly Tensor[],
  paths: PathBatch,
  payoff: ArrayLike<number>,
  options: PnlTensorOptions = {},
): Tensor {
  const { cost = 0, premium = 0 } = options;
  assertOption(Number.isFinite(cost) && cost >= 0, "cost", cost, "must be ≥ 0");
  const { n, steps, assets, values } = paths;
  if (holdings.length !== steps)
    throw new Error(`pnlTensor: ${holdings.length} holdings for T = ${steps} steps`);
  const dtype = holdings[0]!.dtype;
  const out = empty([n], dtype);
  const price = (i: number, t: number, h: number): number => values[(i * (steps + 1) + t) * assets + h]!;
  const views = holdings.map((h) => h.values());
  const pv = out.values();
  for (let i = 0; i < n; i++) {
    let total = premium - payoff[i]!;
    for (let t = 0; t < steps; t++) {
      const d = views[t]!;
      for (let h = 0; h < assets; h++) {
        const delta = d[i * assets + h]!;
        total += delta * (price(i, t + 1, h) - price(i, t, h));
        if (cost > 0) {
          const before = t === 0 ? 0 : views[t - 1]![i * assets + h]!;
          total -= cost * Math.abs(delta - before) * price(i, t, h);
        }
      }
    }
    pv[i] = total;
  }
  return record(out, holdings, (g) => {
    const grads = holdings.map((h) => (h.requiresGrad ? gradOf(h) : undefined));
    const gv = g.values();
    const hv = holdings.map((h) => h.values());
    for (let t = 0; t < steps; t++) {
      const target = grads[t];
      if (!target) continue;
      const dv = target.grad.values();
      for (let i = 0; i < n; i++) {
        for (let h = 0; h < assets; h++) {
          const k = i * assets + h;
          let d = price(i, t + 1, h) - price(i, t, h);
          if (cost > 0) {
            const delta = hv[t]![k]!;
            const before = t === 0 ? 0 : hv[t - 1]![k]!;
            d -= cost * price(i, t, h) * Math.sign(delta - before);
            if (t + 1 < steps) d += cost * price(i, t + 1, h) * Math.sign(hv[t + 1]![k]! - delta);
          }
          const v = gv[i]! * d;
          dv[k] = target.fresh ? v : dv[k]! + v;
        }
      }
    }
  });
}
