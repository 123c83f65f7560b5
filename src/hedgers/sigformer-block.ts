import type { RandomSource } from "../random/random-source.js";
import { linearUniform } from "../tensor/init.js";
import { attention } from "../tensor/ops/attention.js";
import { dropout } from "../tensor/ops/dropout.js";
import { linear } from "../tensor/ops/linear.js";
import { residualLayerNorm } from "../tensor/ops/residual-layer-norm.js";
import { variable, type DType, type Tensor } from "../tensor/tensor.js";

/** Shape of one {@link SigFormerBlock}: the level's width, heads, MLP width. */
export interface SigFormerBlockShape {
  /** D = d^k, the width of signature level k. */
  width: number;
  /** h, attention heads, each of the full width D. */
  heads: number;
  /** The MLP's hidden width, 4d² in the paper's configuration. */
  hidden: number;
}

/**
 * One SigFormer block at one signature level k (Tong et al. 2023; paper, appendix 8.3.2), post-norm
 * as the reference code:
 *
 *   a = Attn(y) = concat_h softmax(Q_h K_hᵀ/√D + causal mask) V_h · W_O + b_O,
 *       Q = y W_Q, K = y W_K, V = y W_V + b_V  (W_Q, W_K, W_V: D → h·D, no bias on Q and K)
 *   y ← LN₁(y + dropout(a))
 *   y ← LN₂(y + dropout(GELU(y W₁ + b₁) W₂ + b₂))  (W₁: D → hidden, W₂: hidden → D)
 *
 * Attention reads its heads in place from the [B, T, h·D] projections (no head copies); the bias
 * and GELU are fused into the first MLP product and each residual into its LayerNorm.
 *
 * Shapes: input and output [B, T, D].
 */
export class SigFormerBlock {
  readonly shape: SigFormerBlockShape;
  /** The block's weights, in a fixed order, named `<prefix>.query.weight`, …. */
  readonly parameters: Tensor[] = [];
  private readonly query: Tensor;
  private readonly key: Tensor;
  private readonly value: [Tensor, Tensor];
  private readonly output: [Tensor, Tensor];
  private readonly norm1: [Tensor, Tensor];
  private readonly hidden: [Tensor, Tensor];
  private readonly back: [Tensor, Tensor];
  private readonly norm2: [Tensor, Tensor];

  constructor(shape: SigFormerBlockShape, dtype: DType, random: RandomSource, prefix: string) {
    this.shape = shape;
    const { width, heads, hidden } = shape;
    const wide = heads * width;
    // nn.Linear's initialisation: weights and biases U(−1/√fanIn, 1/√fanIn).
    const weight = (fanIn: number, fanOut: number, name: string): Tensor =>
      this.add(
        variable(
          linearUniform(fanIn, fanIn * fanOut, random),
          [fanIn, fanOut],
          dtype,
          `${prefix}.${name}.weight`,
        ),
      );
    const bias = (fanIn: number, fanOut: number, name: string): Tensor =>
      this.add(variable(linearUniform(fanIn, fanOut, random), [fanOut], dtype, `${prefix}.${name}.bias`));
    const norm = (name: string): [Tensor, Tensor] => [
      this.add(variable(new Float64Array(width).fill(1), [width], dtype, `${prefix}.${name}.gamma`)),
      this.add(variable(new Float64Array(width), [width], dtype, `${prefix}.${name}.beta`)),
    ];
    this.query = weight(width, wide, "query");
    this.key = weight(width, wide, "key");
    this.value = [weight(width, wide, "value"), bias(width, wide, "value")];
    this.output = [weight(wide, width, "output"), bias(wide, width, "output")];
    this.norm1 = norm("norm1");
    this.hidden = [weight(width, hidden, "mlp1"), bias(width, hidden, "mlp1")];
    this.back = [weight(hidden, width, "mlp2"), bias(hidden, width, "mlp2")];
    this.norm2 = norm("norm2");
  }

  /**
   * The block applied to level tensor `y` [B, T, D]. `dropoutRate` > 0 draws its masks from
   * `random` (training only).
   */
  forward(y: Tensor, dropoutRate: number, random: RandomSource | undefined): Tensor {
    const { width, heads } = this.shape;
    const drop = (x: Tensor): Tensor => (dropoutRate > 0 && random ? dropout(x, dropoutRate, random) : x);
    const q = linear(y, this.query);
    const k = linear(y, this.key);
    const v = linear(y, this.value[0], this.value[1]);
    const heads_ = attention(q, k, v, { heads, causal: true, scale: 1 / Math.sqrt(width) });
    const a = linear(heads_, this.output[0], this.output[1]);
    const y1 = residualLayerNorm(y, drop(a), this.norm1[0], this.norm1[1]);
    const h = linear(y1, this.hidden[0], this.hidden[1], "gelu");
    const m = linear(h, this.back[0], this.back[1]);
    return residualLayerNorm(y1, drop(m), this.norm2[0], this.norm2[1]);
  }

  private add(t: Tensor): Tensor {
    this.parameters.push(t);
    return t;
  }
}
