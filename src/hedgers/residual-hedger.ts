import { assertOption, HedgelabError } from "../errors.js";
import { linear } from "../tensor/ops/linear.js";
import { add } from "../tensor/ops/binary.js";
import { loadTensors, saveTensors } from "../tensor/serialize.js";
import { tensor, variable, type Tensor } from "../tensor/tensor.js";
import { holdingsInChunks } from "./chunked-holdings.js";
import { DELTA_FEATURE_COUNT, deltaFeatures } from "./delta-features.js";
import type { HedgeContext } from "./hedging-policy.js";
import type { NeuralPolicy, PolicyMode, SavedPolicy } from "./neural-policy.js";

/** Paths per chunk when the residual policy evaluates many paths. */
const EVAL_CHUNK = 4096;

/**
 * What the wrapped network sees besides its own inputs: `"delta"` adds the four delta-style
 * features of {@link deltaFeatures} (the network must read `DELTA_FEATURE_COUNT` context features);
 * `"none"` adds nothing.
 */
export type ResidualInputs = "delta" | "none";

/** Options of {@link ResidualHedger}. */
export interface ResidualHedgerOptions {
  /** H, the number of hedge assets (the network's outputs per date). */
  assets: number;
  /** σ_train, the annualised volatility of the Black–Scholes delta: the training period's, saved with the model. */
  volatility: number;
  /** Annualised rate r of the delta; default 0. */
  rate?: number;
  /** Default `"delta"`. */
  inputs?: ResidualInputs;
  /**
   * The volatility of the base delta, the delta hedge's `delta.volatility`: `"training"` (default)
   * σ_train; `"realized"` or `"implied"` the context's `volatility` on each date when it carries one
   * (the study gives the delta row's own, so the base is that delta exactly), else, on paths without
   * it (training batches), the in-window realised volatility σ̂_t of {@link deltaFeatures} for
   * `"realized"` and σ_train for `"implied"`.
   */
  base?: ResidualBase;
}

/** Where the base delta of a {@link ResidualHedger} takes its volatility (the delta hedge's source). */
export type ResidualBase = "training" | "realized" | "implied";

/**
 * A residual policy around any neural policy (the RNN, the SigFormer): the Black–Scholes delta
 * with the delta hedge's volatility (σ_train, or per date σ_t with `base` realized or implied) plus a
 * learned correction,
 *
 *   δ_t = δ^BS(S_t, K, (T − t)·dt, σ_t, r) · e_0 + W · f_θ(x_t) + b,
 *
 * where f_θ is the wrapped network ([N, H] per date) and the head W ([H, H]) and b ([H]) start at
 * zero, so an untrained residual policy *is* the delta hedge (exactly: `holdings` adds the float64
 * delta to the correction). With early stopping on the validation risk of the initial weights
 * (`fit`'s `keepInitial`), training can only move away from the delta hedge when that helps on the
 * validation period. The delta is held in asset 0 (the option's underlying); the correction may
 * trade every hedge asset.
 *
 * @example
 * const network = new RnnHedger({ assets: 2, steps: 30, features: DELTA_FEATURE_COUNT });
 * const residual = new ResidualHedger(network, { assets: 2, volatility: 0.3 });
 */
export class ResidualHedger implements NeuralPolicy {
  readonly name: string;
  readonly options: Required<ResidualHedgerOptions>;
  readonly network: NeuralPolicy;
  readonly parameters: Tensor[];
  /** The wrapped network's limit on paths per differentiable pass, if any (the SigFormer's). */
  readonly maxTrainingPaths?: number;
  private readonly weight: Tensor;
  private readonly bias: Tensor;

  constructor(network: NeuralPolicy, options: ResidualHedgerOptions) {
    const { assets, volatility, rate = 0, inputs = "delta", base = "training" } = options;
    assertOption(Number.isInteger(assets) && assets >= 1, "assets", assets, "must be a positive integer");
    assertOption(Number.isFinite(volatility) && volatility > 0, "volatility", volatility, "must be > 0");
    assertOption(Number.isFinite(rate), "rate", rate, "must be finite");
    assertOption(inputs === "delta" || inputs === "none", "inputs", inputs, 'must be "delta" or "none"');
    assertOption(
      base === "training" || base === "realized" || base === "implied",
      "base",
      base,
      'must be "training", "realized" or "implied"',
    );
    const first = network.parameters[0];
    if (!first) throw new HedgelabError("the residual policy needs a network with parameters");
    this.network = network;
    this.options = { assets, volatility, rate, inputs, base };
    this.name = `${network.name}-residual`;
    this.weight = variable(
      new Float64Array(assets * assets),
      [assets, assets],
      first.dtype,
      "residual.weight",
    );
    this.bias = variable(new Float64Array(assets), [assets], first.dtype, "residual.bias");
    this.parameters = [...network.parameters, this.weight, this.bias];
    if (network.maxTrainingPaths !== undefined) this.maxTrainingPaths = network.maxTrainingPaths;
    if (network.randomMark && network.rewindRandom) {
      this.randomMark = () => network.randomMark!();
      this.rewindRandom = (mark) => network.rewindRandom!(mark);
    }
  }

  /** The wrapped network's mark of its training draws (dropout), when it has one. */
  randomMark?: () => number;
  /** Rewinds the wrapped network's training draws. */
  rewindRandom?: (mark: number) => void;

  /** Holdings δ_t = delta + correction for t = 0, …, T − 1, each [N, H] (differentiable in the correction). */
  forward(context: HedgeContext, mode: PolicyMode): Tensor[] {
    const features = this.deltaFeatures(context);
    const inner = this.options.inputs === "delta" ? { ...context, features } : context;
    const { n, steps, assets } = context.paths;
    return this.correction(inner, mode).map((correction, t) => {
      const delta = new Float64Array(n * assets);
      for (let i = 0; i < n; i++) delta[i * assets] = features[(i * steps + t) * DELTA_FEATURE_COUNT + 3]!;
      return add(tensor(delta, [n, assets], correction.dtype), correction);
    });
  }

  /** Holdings, shape [N, T, H]: the float64 delta plus the network's correction. */
  holdings(context: HedgeContext): Float64Array {
    const features = this.deltaFeatures(context);
    const out = holdingsInChunks(
      (chunk, mode) => this.correction(chunk, mode),
      this.options.inputs === "delta" ? { ...context, features } : context,
      EVAL_CHUNK,
    );
    const { n, steps, assets } = context.paths;
    for (let k = 0; k < n * steps; k++)
      out[k * assets] = features[k * DELTA_FEATURE_COUNT + 3]! + out[k * assets]!;
    return out;
  }

  save(): SavedPolicy {
    return {
      kind: "residual",
      options: { ...this.options, network: this.network.save() },
      parameters: saveTensors([this.weight, this.bias]),
      buffers: {},
    };
  }

  load(saved: SavedPolicy): void {
    if (saved.kind !== "residual")
      throw new HedgelabError(`cannot load a ${saved.kind} model into the residual policy`);
    this.network.load(saved.options.network as SavedPolicy);
    loadTensors([this.weight, this.bias], saved.parameters);
  }

  dispose(): void {
    this.network.dispose();
    this.weight.dispose();
    this.bias.dispose();
  }

  toString(): string {
    const sigma =
      this.options.base === "training" ? `σ=${this.options.volatility.toFixed(4)}` : `${this.options.base} σ`;
    return `ResidualHedger(delta with ${sigma} + ${String(this.network)})`;
  }

  /**
   * The delta features of the context, [N, T, 4], their fourth (the base delta) at the volatility of
   * `base`: σ_train, or per date the context's volatility, or on paths without one the in-window
   * realised volatility (`"realized"`) or σ_train (`"implied"`).
   */
  private deltaFeatures(context: HedgeContext): Float64Array {
    const { volatility, rate, base } = this.options;
    const features = deltaFeatures(context, { volatility, rate });
    if (base === "training" || (base === "implied" && !context.volatility)) return features;
    const { paths, option, dt } = context;
    const { n, steps } = paths;
    const given = context.volatility;
    if (given && given.length !== n * steps)
      throw new Error(`volatility feature must have shape [${n}, ${steps}]`);
    // Feature 3 is σ̂_t / σ_train, the in-window realised volatility.
    let sigma = given;
    if (!sigma) {
      sigma = new Float64Array(n * steps);
      for (let k = 0; k < n * steps; k++) sigma[k] = features[k * DELTA_FEATURE_COUNT + 2]! * volatility;
    }
    const delta = option.delta(paths, { volatility: sigma, rate, dt });
    for (let k = 0; k < n * steps; k++) features[k * DELTA_FEATURE_COUNT + 3] = delta[k]!;
    return features;
  }

  /** The correction W · f_θ(x_t) + b per date, [N, H]; the context already carries the network's features. */
  private correction(context: HedgeContext, mode: PolicyMode): Tensor[] {
    return this.network.forward(context, mode).map((x) => linear(x, this.weight, this.bias));
  }
}
