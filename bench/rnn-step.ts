/**
 * Workload `rnn-step` (W1 of ../shared/bench/reference/README.md): one training step of the recurrent MLP hedger
 * (B = 1024 paths, T = 30, n assets; input n lagged log-returns + n previous holdings + time to
 * maturity; hidden 64, 64, ReLU; clamped entropic loss λ = 1.3; backward; Adam), float32.
 */
import { createRandom } from "../src/random/random-source.js";
import { Adam } from "../src/tensor/adam.js";
import { backward } from "../src/tensor/backward.js";
import { glorotUniform } from "../src/tensor/init.js";
import { add, mul, sub } from "../src/tensor/ops/binary.js";
import { linear } from "../src/tensor/ops/linear.js";
import { logSumExp, sum } from "../src/tensor/ops/reduce.js";
import { concat } from "../src/tensor/ops/shape.js";
import { addScalar, clamp, scale } from "../src/tensor/ops/unary.js";
import { tidy, variable, zeros, type Tensor } from "../src/tensor/tensor.js";

const T = 30;
const LAMBDA = 1.3;

/** Returns one `rnn-step` (W1) training step for `n` assets (data and parameters made once). */
export function rnnStep(n: number): { step: () => number; dispose: () => void } {
  const B = 1024;
  const H = 64;
  const random = createRandom(1);
  // GBM paths as the reference: S_t = 100·exp(Σ 0.02 z − 0.0002), [B, T+1, n].
  const S = new Float64Array(B * (T + 1) * n);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < n; h++) {
      let log = 0;
      S[b * (T + 1) * n + h] = 100;
      for (let t = 1; t <= T; t++) {
        log += 0.02 * random.normal() - 0.5 * 0.02 ** 2;
        S[(b * (T + 1) + t) * n + h] = 100 * Math.exp(log);
      }
    }
  }
  const keep: Tensor[] = [];
  const constant = (values: ArrayLike<number>, shape: number[]): Tensor => {
    const t = variable(values, shape);
    t.requiresGrad = false;
    keep.push(t);
    return t;
  };
  const lagged: Tensor[] = [];
  const dS: Tensor[] = [];
  const ttm: Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const lr = new Float32Array(B * n);
    const ds = new Float32Array(B * n);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < n; h++) {
        const at = (u: number): number => S[(b * (T + 1) + u) * n + h]!;
        if (t > 0) lr[b * n + h] = Math.log(at(t) / at(t - 1));
        ds[b * n + h] = at(t + 1) - at(t);
      }
    }
    lagged.push(constant(lr, [B, n]));
    dS.push(constant(ds, [B, n]));
    ttm.push(constant(new Float32Array(B).fill((T - t) / T), [B, 1]));
  }
  const payoff = constant(
    Float32Array.from({ length: B }, (_, b) => Math.max(S[(b * (T + 1) + T) * n]! - 100, 0)),
    [B],
  );
  const inputs = 2 * n + 1;
  const params = [
    variable(glorotUniform(inputs, H, random), [inputs, H], "float32", "w1"),
    variable(new Float32Array(H), [H], "float32", "b1"),
    variable(glorotUniform(H, H, random), [H, H], "float32", "w2"),
    variable(new Float32Array(H), [H], "float32", "b2"),
    variable(glorotUniform(H, n, random), [H, n], "float32", "w3"),
    variable(new Float32Array(n), [n], "float32", "b3"),
  ];
  const [W1, b1, W2, b2, W3, b3] = params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const adam = new Adam(params, { learningRate: 1e-3 });
  const step = (): number =>
    tidy(() => {
      let hold = zeros([B, n]);
      let pnl = zeros([B]);
      for (let t = 0; t < T; t++) {
        const x = concat([lagged[t]!, hold, ttm[t]!], 1);
        const h1 = linear(x, W1, b1, "relu");
        const h2 = linear(h1, W2, b2, "relu");
        hold = linear(h2, W3, b3);
        pnl = add(pnl, sum(mul(hold, dS[t]!), 1));
      }
      const c = clamp(sub(pnl, payoff), -50, 50);
      const loss = scale(addScalar(logSumExp(scale(c, -LAMBDA)), -Math.log(B)), 1 / LAMBDA);
      adam.zeroGrad();
      backward(loss);
      adam.step();
      return loss.item();
    });
  return { step, dispose: () => [...keep, ...params].forEach((t) => t.dispose()) };
}
