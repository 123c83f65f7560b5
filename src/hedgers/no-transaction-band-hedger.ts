import { checkMlpOptions, denseLayers, type DenseLayer } from "./dense-layers.js";
import { assertOption, HedgelabError } from "../errors.js";
import { createRandom, DEFAULT_SEED } from "../random/random-source.js";
import { add, sub } from "../tensor/ops/binary.js";
import { clampBetween } from "../tensor/ops/clamp-between.js";
import { linear } from "../tensor/ops/linear.js";
import { concat, slice } from "../tensor/ops/shape.js";
import { softplus } from "../tensor/ops/softplus.js";
import { tanh } from "../tensor/ops/unary.js";
import { loadTensors, saveTensors } from "../tensor/serialize.js";
import { tensor, zeros, type DType, type Tensor } from "../tensor/tensor.js";
import { holdingsInChunks } from "./chunked-holdings.js";
import { DELTA_FEATURE_COUNT, deltaFeatures } from "./delta-features.js";
import type { HedgeContext } from "./hedging-policy.js";
import type { NeuralPolicy, PolicyMode, SavedPolicy } from "./neural-policy.js";

/** Default hidden widths of {@link NoTransactionBandHedger}: two layers of 32. */
export const DEFAULT_BAND_HIDDEN: readonly number[] = [32, 32];

/**
 * What the band network reads per date: `"delta"` the four delta features of {@link deltaFeatures}
 * (log-moneyness, time to maturity, realised volatility ratio, the claim's delta), the inputs of
 * Imaki et al. and pfhedge's example, so that the band is a function of the market state alone;
 * `"delta-and-holding"` those and the previous holding h_{t−1}.
 */
export type BandInputs = "delta" | "delta-and-holding";

/**
 * Half-width of the band of an untrained hedger on each side, in units of the underlying: the output
 * layer's biases start at softplus⁻¹(0.02), so that an untrained hedger holds nearly the delta
 * hedge (as pfhedge's leaky-ReLU widths of about 0 do) and training widens the band where costs
 * make that pay.
 */
export const INITIAL_BAND_HALF_WIDTH = 0.02;

/** Options of {@link NoTransactionBandHedger}. */
export interface NoTransactionBandHedgerOptions {
  /** H, the number of hedge assets (the holding is in asset 0; the others are held at 0). */
  assets: number;
  /** T, the number of hedging dates (the paths must have as many). */
  steps: number;
  /** σ_train, the annualised volatility of the band's centre δ_t (the training period's); > 0. */
  volatility: number;
  /** Annualised rate r of the centre's delta; default 0. */
  rate?: number;
  /** Default `"delta-and-holding"`. */
  inputs?: BandInputs;
  /** Hidden layer widths; default [32, 32] ({@link DEFAULT_BAND_HIDDEN}). */
  hidden?: number[];
  /** Hidden activation; default `"relu"`. */
  activation?: "relu" | "tanh";
  /** K, the number of regime labels fed one-hot (0: none); default 0. */
  regimes?: number;
  /** Element type of the parameters; default float32. */
  dtype?: DType;
  /** Seed of the initial weights; default 42. */
  seed?: number;
}

/** Paths per chunk when `holdings` evaluates many paths. */
const EVAL_CHUNK = 4096;

/**
 * The no-transaction band hedger of Imaki et al. (2021), pfhedge's `NoTransactionBandNet`: on each
 * date t an MLP f_θ shared across dates gives two numbers (a_t, b_t) from what is known on date t,
 * which set a band around the claim's reference delta δ_t, and the holding of the underlying moves
 * only as far as the band's nearer edge:
 *
 *   l_t = δ_t − softplus(a_t),   u_t = δ_t + softplus(b_t),
 *   h_t = clamp(h_{t−1}, l_t, u_t) = max(l_t, min(h_{t−1}, u_t)),   h_{−1} = 0,
 *
 * with x_t = (m_t, τ_t, v_t, δ_t[, h_{t−1}][, z_t]): the four features of {@link deltaFeatures} at
 * σ_train (log-moneyness, time to maturity (T − t)/T, realised volatility over σ_train, and δ_t,
 * the claim's `delta` at σ_train: the Black–Scholes delta of a European option), the previous
 * holding with `inputs: "delta-and-holding"`, and the regime one-hot when `regimes` > 0. The clamp
 * is {@link clampBetween}, differentiable in h_{t−1} and both edges, so the loss's gradient runs
 * back through the recurrence. Under proportional costs the optimal hedge of a European option has
 * this form (Davis, Panas and Zariphopoulou 1993; Whalley and Wilmott 1997): no trade inside a band
 * around the frictionless delta, a trade to its edge outside; the network learns the band's width.
 *
 * The hedger defines its holding itself, so it is never wrapped in a `ResidualHedger` (the study's
 * `policy.output` does not apply to it). The holding is in asset 0, the claim's underlying; other
 * hedge assets are held at 0.
 *
 * Shapes: paths [N, T + 1, H]; `paths.regimes` [N, T]; `forward` returns T tensors [N, H]; `holdings`
 * [N, T, H] (units of each hedge asset).
 *
 * Reference: S. Imaki, K. Imajo, K. Ito, K. Minami and K. Nakagawa, "No-transaction band network: a
 * neural network architecture for efficient deep hedging", arXiv:2103.01775 (2021); pfhedge,
 * `examples/example_no_transaction_band_network.py`.
 *
 * @example
 * const ntb = new NoTransactionBandHedger({ assets: 1, steps: 30, volatility: 0.2 });
 * fit(ntb, trainPaths, validationPaths, option, { epochs: 10, cost: 0.002 });
 */
export class NoTransactionBandHedger implements NeuralPolicy {
  readonly name = "ntb";
  readonly options: Required<NoTransactionBandHedgerOptions>;
  readonly parameters: Tensor[];
  private readonly layers: DenseLayer[];

  constructor(options: NoTransactionBandHedgerOptions) {
    const resolved: Required<NoTransactionBandHedgerOptions> = {
      assets: options.assets,
      steps: options.steps,
      volatility: options.volatility,
      rate: options.rate ?? 0,
      inputs: options.inputs ?? "delta-and-holding",
      hidden: options.hidden ?? [...DEFAULT_BAND_HIDDEN],
      activation: options.activation ?? "relu",
      regimes: options.regimes ?? 0,
      dtype: options.dtype ?? "float32",
      seed: options.seed ?? DEFAULT_SEED,
    };
    const { assets, steps, volatility, rate, inputs, hidden, activation, regimes, dtype } = resolved;
    assertOption(Number.isInteger(assets) && assets >= 1, "assets", assets, "must be a positive integer");
    assertOption(Number.isInteger(steps) && steps >= 1, "steps", steps, "must be a positive integer");
    assertOption(Number.isFinite(volatility) && volatility > 0, "volatility", volatility, "must be > 0");
    assertOption(Number.isFinite(rate), "rate", rate, "must be finite");
    assertOption(
      inputs === "delta" || inputs === "delta-and-holding",
      "inputs",
      inputs,
      'must be "delta" or "delta-and-holding"',
    );
    checkMlpOptions({ hidden, activation, regimes, dtype });
    this.options = resolved;
    const random = createRandom(resolved.seed);
    // The last bias starts the band at ±INITIAL_BAND_HALF_WIDTH around the delta.
    const band = new Float64Array(2).fill(inverseSoftplus(INITIAL_BAND_HALF_WIDTH));
    this.layers = denseLayers([this.inputWidth, ...hidden, 2], dtype, random, band);
    this.parameters = this.layers.flatMap((layer) => [layer.weight, layer.bias]);
  }

  /** The width of the input x_t: the 4 delta features, the previous holding when fed, K regimes. */
  get inputWidth(): number {
    const { inputs, regimes } = this.options;
    return DELTA_FEATURE_COUNT + (inputs === "delta-and-holding" ? 1 : 0) + regimes;
  }

  /** Holdings h_t for t = 0, …, T − 1, each a tensor [N, H] of the parameters' dtype (asset 0 only). */
  forward(context: HedgeContext, _mode: PolicyMode): Tensor[] {
    const { paths } = context;
    const { assets, steps, volatility, rate, inputs, regimes, dtype } = this.options;
    if (paths.assets !== assets) {
      throw new HedgelabError(
        `the no-transaction band hedger was built for ${assets} hedge assets, the paths have ${paths.assets}`,
      );
    }
    if (paths.steps !== steps) {
      throw new HedgelabError(
        `the no-transaction band hedger was built for T = ${steps} steps, the paths have ${paths.steps}`,
      );
    }
    if (regimes > 0 && !paths.regimes)
      throw new HedgelabError("the no-transaction band hedger expects regime labels, the paths have none");
    const n = paths.n;
    const features = deltaFeatures(context, { volatility, rate });
    const staticWidth = DELTA_FEATURE_COUNT + regimes;
    const others = assets > 1 ? zeros([n, assets - 1], dtype) : undefined;
    const holdings: Tensor[] = [];
    let previous = zeros([n, 1], dtype);
    for (let t = 0; t < steps; t++) {
      const input = new Float64Array(n * staticWidth);
      const centre = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const from = (i * steps + t) * DELTA_FEATURE_COUNT;
        input.set(features.subarray(from, from + DELTA_FEATURE_COUNT), i * staticWidth);
        centre[i] = features[from + 3]!;
        if (regimes > 0) {
          const label = paths.regimes![i * steps + t]!;
          if (!(label >= 0 && label < regimes)) {
            throw new HedgelabError(
              `the no-transaction band hedger was built for ${regimes} regimes, path ${i} has label ${label} on date ${t}`,
            );
          }
          input[i * staticWidth + DELTA_FEATURE_COUNT + label] = 1;
        }
      }
      let x = tensor(input, [n, staticWidth], dtype);
      if (inputs === "delta-and-holding") x = concat([x, previous], 1);
      const widths = this.band(x);
      const delta = tensor(centre, [n, 1], dtype);
      const lower = sub(delta, softplus(slice(widths, 1, 0, 1)));
      const upper = add(delta, softplus(slice(widths, 1, 1, 2)));
      const holding = clampBetween(previous, lower, upper);
      holdings.push(others ? concat([holding, others], 1) : holding);
      previous = holding;
    }
    return holdings;
  }

  /** Holdings, shape [N, T, H], in float64, evaluated in chunks of 4096 paths without gradients. */
  holdings(context: HedgeContext): Float64Array {
    return holdingsInChunks((c, mode) => this.forward(c, mode), context, EVAL_CHUNK);
  }

  save(): SavedPolicy {
    return {
      kind: "ntb",
      options: { ...this.options, hidden: [...this.options.hidden] },
      parameters: saveTensors(this.parameters),
      buffers: {},
    };
  }

  load(saved: SavedPolicy): void {
    if (saved.kind !== "ntb")
      throw new HedgelabError(`cannot load a ${saved.kind} model into the no-transaction band hedger`);
    loadTensors(this.parameters, saved.parameters);
  }

  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }

  toString(): string {
    const { hidden, activation, inputs, volatility } = this.options;
    const count = this.parameters.reduce((s, p) => s + p.size, 0);
    return `NoTransactionBandHedger(band around the delta with σ=${volatility.toFixed(4)}, inputs ${inputs}, hidden=[${hidden.join(", ")}], ${activation}, ${count} parameters)`;
  }

  /** The MLP's two outputs (a_t, b_t) per path, [N, 2], from the inputs x_t [N, inputWidth]. */
  private band(input: Tensor): Tensor {
    const { activation } = this.options;
    let x = input;
    this.layers.forEach((layer, l) => {
      if (l === this.layers.length - 1) x = linear(x, layer.weight, layer.bias);
      else if (activation === "relu") x = linear(x, layer.weight, layer.bias, "relu");
      else x = tanh(linear(x, layer.weight, layer.bias));
    });
    return x;
  }
}

/** softplus⁻¹(y) = log(e^y − 1) for y > 0. */
function inverseSoftplus(y: number): number {
  return Math.log(Math.expm1(y));
}
