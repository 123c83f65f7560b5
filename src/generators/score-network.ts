import { assertOption } from "../errors.js";
import { createRandom, DEFAULT_SEED } from "../random/random-source.js";
import { linearUniform } from "../tensor/init.js";
import { adaptiveLayerNorm } from "../tensor/ops/adaptive-layer-norm.js";
import { attention } from "../tensor/ops/attention.js";
import { addTiled } from "../tensor/ops/add-tiled.js";
import { linear } from "../tensor/ops/linear.js";
import { loadTensors, saveTensors, type SavedTensor } from "../tensor/serialize.js";
import { tensor, variable, type Tensor } from "../tensor/tensor.js";

/** Options of {@link ScoreNetwork}. */
export interface ScoreNetworkOptions {
  /** C, channels per token: 1 per asset model, H in the joint mode. */
  channels: number;
  /** L, tokens: the log-signature coordinates (90 at depth 4 of a 4-dimensional path). */
  tokens: number;
  /** Model width; default 64. */
  hidden?: number;
  /** Transformer layers; default 4. */
  layers?: number;
  /** Attention heads (hidden must divide by it); default 4. */
  heads?: number;
  /** Width of the feed-forward block; default 256. */
  feedForward?: number;
  /** Seed of the initial weights; default 42. */
  seed?: number;
}

/** The paper-size network of SigDiffusions: hidden 64, 4 layers, 4 heads, feed-forward 256. */
export const DEFAULT_SCORE_NETWORK = { hidden: 64, layers: 4, heads: 4, feedForward: 256 } as const;

interface Affine {
  weight: Tensor;
  bias: Tensor;
}

interface Layer {
  norm1: Affine;
  query: Affine;
  key: Affine;
  value: Affine;
  output: Affine;
  norm2: Affine;
  up: Affine;
  down: Affine;
}

/**
 * The score network of SigDiffusions (Barancikova, Huang & Salvi 2024, arXiv:2406.10354): a
 * transformer whose tokens are the L log-signature coordinates, each carrying C channels.
 *
 *   e = W₂·GELU(W₁·sin/cos(1000·t·ω) + b₁) + b₂              time embedding [B, h]
 *   x = y·W_in + b_in + P                                      P learned positions [L, h]
 *   per layer: x += MHA(AdaLN(x; e)),  x += W_d·GELU(W_u·AdaLN(x; e))
 *   s(y, t) = x·W_out + b_out                                  [B, L, C]
 *
 * AdaLN is {@link adaptiveLayerNorm} with [scale, shift] = e·W_m + b_m per layer and block;
 * attention is bidirectional (no mask), ω_i = 10000^{−i/(h/2)}. The output is the score
 * ∇_y log p_t(y) of the VP-SDE marginal (see `vp-sde.ts`). Initialisation as PyTorch's nn.Linear
 * (U(±1/√fan-in)), positions N(0, 1) (as SigDiffusions' embedding table: tokens distinguishable from the first step); float32 parameters.
 *
 * Shapes: `forward(y [B, L, C], t [B])` → [B, L, C].
 *
 * @example
 * const net = new ScoreNetwork({ channels: 1, tokens: 90 });
 * const score = net.forward(y, times); // inside tidy()
 */
export class ScoreNetwork {
  readonly options: Required<ScoreNetworkOptions>;
  readonly parameters: Tensor[] = [];
  private readonly input: Affine;
  private readonly positions: Tensor;
  private readonly time1: Affine;
  private readonly time2: Affine;
  private readonly layers: Layer[];
  private readonly head: Affine;
  private readonly frequencies: Float64Array;

  constructor(options: ScoreNetworkOptions) {
    const resolved: Required<ScoreNetworkOptions> = {
      channels: options.channels,
      tokens: options.tokens,
      hidden: options.hidden ?? DEFAULT_SCORE_NETWORK.hidden,
      layers: options.layers ?? DEFAULT_SCORE_NETWORK.layers,
      heads: options.heads ?? DEFAULT_SCORE_NETWORK.heads,
      feedForward: options.feedForward ?? DEFAULT_SCORE_NETWORK.feedForward,
      seed: options.seed ?? DEFAULT_SEED,
    };
    const { channels, tokens, hidden, layers, heads, feedForward, seed } = resolved;
    for (const [name, value] of Object.entries({ channels, tokens, hidden, layers, heads, feedForward })) {
      assertOption(Number.isInteger(value) && value >= 1, name, value, "must be a positive integer");
    }
    assertOption(
      hidden % 2 === 0,
      "hidden",
      hidden,
      "must be even (sine and cosine halves of the time embedding)",
    );
    assertOption(hidden % heads === 0, "heads", heads, `must divide hidden = ${hidden}`);
    this.options = resolved;
    const random = createRandom(seed);
    const affine = (name: string, fanIn: number, fanOut: number): Affine => {
      const a = {
        weight: variable(
          linearUniform(fanIn, fanIn * fanOut, random),
          [fanIn, fanOut],
          "float32",
          `${name}.weight`,
        ),
        bias: variable(linearUniform(fanIn, fanOut, random), [fanOut], "float32", `${name}.bias`),
      };
      this.parameters.push(a.weight, a.bias);
      return a;
    };
    this.input = affine("input", channels, hidden);
    this.positions = variable(
      random.fillNormal(new Float64Array(tokens * hidden)),
      [tokens, hidden],
      "float32",
      "positions",
    );
    this.parameters.push(this.positions);
    this.time1 = affine("time.1", hidden, hidden);
    this.time2 = affine("time.2", hidden, hidden);
    this.layers = Array.from({ length: layers }, (_, l) => ({
      norm1: affine(`layer${l}.norm1`, hidden, 2 * hidden),
      query: affine(`layer${l}.query`, hidden, hidden),
      key: affine(`layer${l}.key`, hidden, hidden),
      value: affine(`layer${l}.value`, hidden, hidden),
      output: affine(`layer${l}.output`, hidden, hidden),
      norm2: affine(`layer${l}.norm2`, hidden, 2 * hidden),
      up: affine(`layer${l}.up`, hidden, feedForward),
      down: affine(`layer${l}.down`, feedForward, hidden),
    }));
    this.head = affine("head", hidden, channels);
    const half = hidden / 2;
    this.frequencies = Float64Array.from({ length: half }, (_, i) => Math.exp((-Math.log(10000) * i) / half));
  }

  /** The number of trainable values. */
  get parameterCount(): number {
    return this.parameters.reduce((n, p) => n + p.size, 0);
  }

  /**
   * The score s(y, t) of every token and channel (differentiable; call inside `tidy`).
   *
   * @param y - noised standardised log-signatures [B, L, C], float32.
   * @param times - diffusion times t ∈ (0, 1], length B.
   */
  forward(y: Tensor, times: ArrayLike<number>): Tensor {
    const { channels, tokens, hidden, heads } = this.options;
    const [batch, length, width] = y.shape as [number, number, number];
    if (y.shape.length !== 3 || length !== tokens || width !== channels) {
      throw new Error(`ScoreNetwork: input must be [B, ${tokens}, ${channels}], got [${y.shape.join(", ")}]`);
    }
    if (times.length !== batch)
      throw new Error(`ScoreNetwork: ${times.length} times for a batch of ${batch}`);
    const half = hidden / 2;
    const embedding = new Float32Array(batch * hidden);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < half; i++) {
        const angle = 1000 * times[b]! * this.frequencies[i]!;
        embedding[b * hidden + i] = Math.sin(angle);
        embedding[b * hidden + half + i] = Math.cos(angle);
      }
    }
    const t = tensor(embedding, [batch, hidden]);
    const e = linear(
      linear(t, this.time1.weight, this.time1.bias, "gelu"),
      this.time2.weight,
      this.time2.bias,
    );
    let x = addTiled(linear(y, this.input.weight, this.input.bias), this.positions);
    for (const layer of this.layers) {
      const h1 = adaptiveLayerNorm(x, linear(e, layer.norm1.weight, layer.norm1.bias));
      const q = linear(h1, layer.query.weight, layer.query.bias);
      const k = linear(h1, layer.key.weight, layer.key.bias);
      const v = linear(h1, layer.value.weight, layer.value.bias);
      const a = attention(q, k, v, { heads, causal: false });
      // The skip connections accumulate onto x inside the products (linear's residual).
      x = linear(a, layer.output.weight, layer.output.bias, "none", x);
      const h2 = adaptiveLayerNorm(x, linear(e, layer.norm2.weight, layer.norm2.bias));
      const u = linear(h2, layer.up.weight, layer.up.bias, "gelu");
      x = linear(u, layer.down.weight, layer.down.bias, "none", x);
    }
    return linear(x, this.head.weight, this.head.bias);
  }

  /** The parameters' values (for checkpoints and model files). */
  save(): SavedTensor[] {
    return saveTensors(this.parameters);
  }

  /** Loads values saved by {@link save} from a network of the same options. */
  load(saved: readonly SavedTensor[], source?: string): void {
    loadTensors(this.parameters, saved, source);
  }

  /** Frees the parameters. */
  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }

  toString(): string {
    const { channels, tokens, hidden, layers, heads, feedForward } = this.options;
    return `ScoreNetwork(tokens ${tokens} × channels ${channels}, hidden ${hidden}, ${layers} layers, ${heads} heads, feed-forward ${feedForward}, ${this.parameterCount} parameters)`;
  }
}
