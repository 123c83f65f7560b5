/**
 * Workload `sigformer-step` (W5 of ../shared/bench/reference/README.md): one training step of the SigFormer hedger in
 * the paper's configuration (dim 8, order 3, 2 heads of full level width, 2 blocks, MLP 4·dim²,
 * readout), B = 256 paths, T = 30, n hedge assets, float32: the lagged log-returns in, forward,
 * P&L of the short at-the-money call on asset 0, the clipped entropic loss (λ = 1.3, clip −10),
 * backward and an Adam step (learning rate 1e-3), as `workloads_torch.py`'s `w5`.
 */
import { createPathBatch } from "../src/data/path-batch.js";
import { SigFormerHedger } from "../src/hedgers/sigformer-hedger.js";
import { EuropeanOption } from "../src/instruments/european-option.js";
import { createRandom } from "../src/random/random-source.js";
import { Adam } from "../src/tensor/adam.js";
import { backward } from "../src/tensor/backward.js";
import { tidy } from "../src/tensor/tensor.js";
import { hedgingLoss, resolveLossOptions } from "../src/training/hedging-loss.js";
import { pnlTensor } from "../src/training/pnl-tensor.js";

/** One `sigformer-step` (W5) step (paths and model made once) with the model, for its parameter count. */
export function sigformerStep(n: number): { step: () => number; model: SigFormerHedger } {
  const [B, T] = [256, 30];
  // GBM with 2% daily volatility from 100, as the reference's gbm(B, n).
  const random = createRandom(1);
  const values = new Float64Array(B * (T + 1) * n);
  for (let i = 0; i < B; i++) {
    for (let h = 0; h < n; h++) {
      let s = 100;
      values[i * (T + 1) * n + h] = s;
      for (let t = 1; t <= T; t++) {
        s *= Math.exp(0.02 * random.normal() - 0.5 * 0.02 ** 2);
        values[(i * (T + 1) + t) * n + h] = s;
      }
    }
  }
  const paths = createPathBatch(values, {
    n: B,
    steps: T,
    tickers: Array.from({ length: n }, (_, h) => `S${h}`),
  });
  const option = new EuropeanOption({ strike: 100 });
  const payoff = option.payoff(paths);
  const model = new SigFormerHedger({ assets: n, steps: T, size: "paper" });
  const adam = new Adam(model.parameters, { learningRate: 1e-3 });
  const loss = resolveLossOptions({ riskAversion: 1.3, clip: -10 });
  const step = (): number =>
    tidy(() => {
      const holdings = model.forward({ paths, option, dt: 1 / 252 }, "train");
      const l = hedgingLoss(pnlTensor(holdings, paths, payoff), loss);
      adam.zeroGrad();
      backward(l);
      adam.step();
      return l.item();
    });
  return { step, model };
}
