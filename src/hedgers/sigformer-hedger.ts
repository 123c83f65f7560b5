import { HedgelabError } from "../errors.js";
import { createRandom, type RandomSource } from "../random/random-source.js";
import { signatureOfPaths } from "../signature/signature-stream.js";
import { linearUniform } from "../tensor/init.js";
import { linear } from "../tensor/ops/linear.js";
import { concat, reshape, slice } from "../tensor/ops/shape.js";
import { loadTensors, saveTensors } from "../tensor/serialize.js";
import { isGradEnabled, noGrad, tensor, tidy, variable, type Tensor } from "../tensor/tensor.js";
import { holdingsInChunks } from "./chunked-holdings.js";
import type { HedgeContext } from "./hedging-policy.js";
import type { NeuralPolicy, PolicyMode, SavedPolicy } from "./neural-policy.js";
import { SigFormerBlock } from "./sigformer-block.js";
import {
  resolveSigFormerOptions,
  sigFormerInputWidth,
  sigFormerMemory,
  type ResolvedSigFormerOptions,
  type SigFormerMemory,
  type SigFormerOptions,
} from "./sigformer-options.js";

/** Version of the SigFormer's saved form; a model file of another version is refused. */
export const SIGFORMER_FORMAT = 1;

/** Most paths per chunk when `holdings` evaluates many paths. */
const EVAL_CHUNK = 4096;

/**
 * The SigFormer hedger (Tong et al. 2023; paper, section 4.2 and appendix 8.3): on each date t
 *
 *   x_t = [r_{t−1} of every hedge asset (0 at t = 0), optional log(S_t/K), (T − t)/T, regime one-hot,
 *          the context's features (a residual wrapper's)]
 *   p_t = x_t W_P + b_P                                     (F → d channels)
 *   (S¹_t, …, S^m_t) = Sig^m(0, p_0, …, p_t)               (streaming signature, basepoint 0)
 *   S^k ← block_b,k(S^k) for b = 1..blocks, each level k apart  (causal attention + MLP, {@link SigFormerBlock})
 *   δ_t = [S¹_t, …, S^m_t] W_R + b_R                        (Σ d^k → H holdings)
 *
 * so that δ_t uses prices up to S_t only. Same interfaces as the RNN: `forward` for training,
 * `holdings` in chunks, `save`/`load`. The defaults are the paper's configuration (d = 8, m = 3,
 * 2 heads, 2 blocks, no dropout); `size: "small"` is d = 4, m = 3, 2 heads, 1 block.
 *
 * @example
 * const sigformer = new SigFormerHedger({ assets: 1, steps: 30, size: "small" });
 * fit(sigformer, trainPaths, validationPaths, option, { epochs: 5 });
 */
export class SigFormerHedger implements NeuralPolicy {
  readonly name = "sigformer";
  readonly options: ResolvedSigFormerOptions;
  readonly parameters: Tensor[] = [];
  /** The memory estimate the options were checked against. */
  readonly memory: SigFormerMemory;
  /** The most paths one training pass holds in memory; `fit` splits larger batches into passes. */
  readonly maxTrainingPaths: number;
  private readonly projection: [Tensor, Tensor];
  /** blocks[b][k − 1]: block b at signature level k. */
  private readonly blocks: SigFormerBlock[][];
  private readonly readout: [Tensor, Tensor];
  private readonly dropoutRandom: RandomSource;
  /** Dropout masks drawn so far (each from its own fork), saved so that a resumed run draws the same. */
  private dropoutDraws = 0;

  constructor(options: SigFormerOptions) {
    const resolved = resolveSigFormerOptions(options);
    this.options = resolved;
    this.memory = sigFormerMemory(resolved);
    this.maxTrainingPaths = Math.max(
      1,
      Math.floor((resolved.memoryBudget - this.memory.parameterBytes) / this.memory.trainingBytesPerPath),
    );
    const { dim, order, heads, blocks, assets, dtype, seed } = resolved;
    const random = createRandom(seed);
    this.dropoutRandom = createRandom(seed).fork(1);
    const width = sigFormerInputWidth(resolved);
    const dense = (fanIn: number, fanOut: number, name: string): [Tensor, Tensor] => {
      const w = variable(
        linearUniform(fanIn, fanIn * fanOut, random),
        [fanIn, fanOut],
        dtype,
        `${name}.weight`,
      );
      const b = variable(linearUniform(fanIn, fanOut, random), [fanOut], dtype, `${name}.bias`);
      return [w, b];
    };
    this.projection = dense(width, dim, "projection");
    this.parameters.push(...this.projection);
    this.blocks = [];
    for (let b = 0; b < blocks; b++) {
      const row: SigFormerBlock[] = [];
      for (let k = 1; k <= order; k++) {
        const block = new SigFormerBlock(
          { width: dim ** k, heads, hidden: 4 * dim * dim },
          dtype,
          random,
          `block${b}.level${k}`,
        );
        row.push(block);
        this.parameters.push(...block.parameters);
      }
      this.blocks.push(row);
    }
    let features = 0;
    for (let k = 1; k <= order; k++) features += dim ** k;
    this.readout = dense(features, assets, "readout");
    this.parameters.push(...this.readout);
  }

  /** F, the width of the input at each date. */
  get inputWidth(): number {
    return sigFormerInputWidth(this.options);
  }

  forward(context: HedgeContext, mode: PolicyMode): Tensor[] {
    const { steps, assets } = this.options;
    const n = context.paths.n;
    const out = linear(this.encode(context, mode), this.readout[0], this.readout[1]);
    const holdings: Tensor[] = [];
    for (let t = 0; t < steps; t++) holdings.push(reshape(slice(out, 1, t, t + 1), [n, assets]));
    return holdings;
  }

  /**
   * The representation the readout sees: every signature level after the blocks, concatenated,
   * shape [N, T, d + d² + … + d^m] (evaluation mode, no gradients); causal like the holdings.
   */
  representation(context: HedgeContext): Float64Array {
    return tidy(() => noGrad(() => Float64Array.from(this.encode(context, "eval").values())));
  }

  /** Inputs → projection → streaming signature → blocks, levels concatenated: [N, T, Σ d^k]. */
  private encode(context: HedgeContext, mode: PolicyMode): Tensor {
    const { paths } = context;
    const { assets, steps, regimes, dtype, order, dim, dropout } = this.options;
    if (paths.assets !== assets) {
      throw new HedgelabError(
        `the SigFormer hedger was built for ${assets} hedge assets, the paths have ${paths.assets}`,
      );
    }
    if (paths.steps !== steps) {
      throw new HedgelabError(
        `the SigFormer hedger was built for T = ${steps} steps, the paths have ${paths.steps}`,
      );
    }
    if (regimes > 0 && !paths.regimes)
      throw new HedgelabError("the SigFormer hedger expects regime labels, the paths have none");
    const x = tensor(this.inputValues(context), [paths.n, steps, this.inputWidth], dtype);
    const projected = linear(x, this.projection[0], this.projection[1]);
    const signature = signatureOfPaths(projected, { depth: order, stream: true, basepoint: true });
    let levels: Tensor[] = [];
    let offset = 0;
    for (let k = 1; k <= order; k++) {
      levels.push(slice(signature, 2, offset, offset + dim ** k));
      offset += dim ** k;
    }
    const training = mode === "train" && dropout > 0;
    // Without gradients every level's intermediates can go as soon as its block is done.
    const release = !isGradEnabled();
    for (const row of this.blocks) {
      levels = levels.map((level, k) => {
        const random = training ? this.dropoutRandom.fork(this.dropoutDraws++) : undefined;
        if (!release) return row[k]!.forward(level, dropout, random);
        const next = tidy(() => row[k]!.forward(level, dropout, random));
        level.dispose();
        return next;
      });
    }
    return order === 1 ? levels[0]! : concat(levels, 2);
  }

  /** The inputs x_t of every path and date, shape [N, T, F] (see the class summary). */
  private inputValues(context: HedgeContext): Float64Array {
    const { paths, option } = context;
    const { assets, steps, inputs, regimes, features } = this.options;
    const width = this.inputWidth;
    const values = paths.values;
    const [returns, moneyness, time] = [
      inputs.includes("returns"),
      inputs.includes("log-moneyness"),
      inputs.includes("time-to-maturity"),
    ];
    const extra = context.features;
    if (features > 0 && extra?.length !== paths.n * steps * features)
      throw new HedgelabError(`the SigFormer hedger expects ${features} features per date in the context`);
    const out = new Float64Array(paths.n * steps * width);
    for (let i = 0; i < paths.n; i++) {
      for (let t = 0; t < steps; t++) {
        let k = (i * steps + t) * width;
        const row = (i * (steps + 1) + t) * assets; // S_t of path i
        if (returns) {
          for (let h = 0; h < assets; h++, k++)
            out[k] = t === 0 ? 0 : Math.log(values[row + h]! / values[row - assets + h]!);
        }
        if (moneyness) out[k++] = Math.log(values[row]! / option.strike);
        if (time) out[k++] = (steps - t) / steps;
        if (regimes > 0) {
          const label = paths.regimes![i * steps + t]!;
          if (label >= 0 && label < regimes) out[k + label] = 1;
          k += regimes;
        }
        for (let f = 0; f < features; f++) out[k++] = extra![(i * steps + t) * features + f]!;
      }
    }
    return out;
  }

  holdings(context: HedgeContext): Float64Array {
    return holdingsInChunks(
      (c, mode) => this.forward(c, mode),
      context,
      Math.min(EVAL_CHUNK, this.maxTrainingPaths),
    );
  }

  /** A mark of the dropout draws so far: {@link rewindRandom} to it replays the same masks. */
  randomMark(): number {
    return this.dropoutDraws;
  }

  /** Rewinds the dropout draws to a {@link randomMark}. */
  rewindRandom(mark: number): void {
    this.dropoutDraws = mark;
  }

  save(): SavedPolicy {
    return {
      kind: "sigformer",
      version: SIGFORMER_FORMAT,
      options: { ...this.options, inputs: [...this.options.inputs] },
      parameters: saveTensors(this.parameters),
      buffers: { dropout_draws: [this.dropoutDraws] },
    };
  }

  load(saved: SavedPolicy): void {
    if (saved.kind !== "sigformer")
      throw new HedgelabError(`cannot load a ${saved.kind} model into the SigFormer hedger`);
    if (saved.version !== SIGFORMER_FORMAT) {
      throw new HedgelabError(
        `the saved SigFormer has format ${saved.version ?? "(none)"}, this hedgelab reads format ${SIGFORMER_FORMAT}`,
      );
    }
    loadTensors(this.parameters, saved.parameters);
    // Files written before the buffers had tensor names call it `dropoutDraws`.
    this.dropoutDraws = (saved.buffers.dropout_draws ?? saved.buffers.dropoutDraws)?.[0] ?? 0;
  }

  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }

  toString(): string {
    const { dim, order, heads, blocks, dropout, inputs, features } = this.options;
    return (
      `SigFormerHedger(dim=${dim}, order=${order}, heads=${heads}, blocks=${blocks}` +
      `${dropout > 0 ? `, dropout=${dropout}` : ""}, inputs=${inputs.join("+")}${features > 0 ? `+${features} context features` : ""}, ` +
      `${this.memory.parameters.toLocaleString("en-US")} parameters)`
    );
  }
}
