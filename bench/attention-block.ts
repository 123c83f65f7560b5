/**
 * Workload `attention-block` (W3 of ../shared/bench/reference/README.md): one causal self-attention
 * block of width 512, 2 heads of 256, LayerNorm and residual, forward + backward, B = 256, T = 30,
 * float32.
 */
import { createRandom } from "../src/random/random-source.js";
import { backward } from "../src/tensor/backward.js";
import { attention } from "../src/tensor/ops/attention.js";
import { add, mul } from "../src/tensor/ops/binary.js";
import { layerNorm } from "../src/tensor/ops/layer-norm.js";
import { linear } from "../src/tensor/ops/linear.js";
import { sum } from "../src/tensor/ops/reduce.js";
import { tidy, variable, type Tensor } from "../src/tensor/tensor.js";

/** One `attention-block` (W3) step (data and parameters made once). */
export function attentionBlockStep(): () => void {
  const [B, T, F, H] = [256, 30, 512, 2];
  const random = createRandom(0);
  const normal = (count: number, s = 1): Float64Array =>
    random.fillNormal(new Float64Array(count)).map((x) => s * x);
  const constant = (values: Float64Array, shape: number[]): Tensor => {
    const t = variable(values, shape);
    t.requiresGrad = false;
    return t;
  };
  const Z = constant(normal(B * T * F), [B, T, F]);
  const G = constant(normal(B * T * F), [B, T, F]);
  const lin = (name: string): [Tensor, Tensor] => [
    variable(normal(F * F, 1 / Math.sqrt(F)), [F, F], "float32", `${name}.weight`),
    variable(new Float64Array(F), [F], "float32", `${name}.bias`),
  ];
  const [Wq, bq] = lin("q");
  const [Wk, bk] = lin("k");
  const [Wv, bv] = lin("v");
  const [Wo, bo] = lin("o");
  const gamma = variable(new Float64Array(F).fill(1), [F]);
  const beta = variable(new Float64Array(F), [F]);
  const params = [Wq, Wk, Wv, Wo, bq, bk, bv, bo, gamma, beta];
  return () =>
    tidy(() => {
      for (const p of params) p.grad?.values().fill(0);
      const y = layerNorm(Z, gamma, beta);
      const o = attention(linear(y, Wq, bq), linear(y, Wk, bk), linear(y, Wv, bv), { heads: H });
      const out = add(Z, linear(o, Wo, bo));
      backward(sum(mul(out, G)));
    });
}
