import { assertOption, HedgelabError } from "../errors.js";
import { DEFAULT_SEED } from "../random/random-source.js";
import { BYTES, type DType } from "../tensor/tensor.js";

/**
 * What the SigFormer sees on date t, per asset or for the underlying:
 * - `"returns"`: the lagged log-returns r_{t−1} = log(S_t/S_{t−1}) of every hedge asset (0 on the
 *   first date), the paper's input (section 4.2);
 * - `"log-moneyness"`: log(S_t/K) of the underlying;
 * - `"time-to-maturity"`: (T − t)/T.
 * With the last two the projected path's signature contains that of the time-augmented
 * log-price path (a linear map of a path maps its signature by tensor powers), the input of
 * Tong et al.'s SigFormer; they are what a delta-like hedge needs, beyond the paper's inputs.
 */
export type SigFormerFeature = "returns" | "log-moneyness" | "time-to-maturity";

/** The named configurations of the SigFormer: the paper's, and a small one for tests and quick runs. */
export type SigFormerSize = "paper" | "small";

/** Architecture of each {@link SigFormerSize}. */
export const SIGFORMER_SIZES: Readonly<
  Record<SigFormerSize, { dim: number; order: number; heads: number; blocks: number }>
> = {
  /** The paper's appendix 8.3.3: model_dim 8, order 3, 2 heads, 2 blocks (about 4.9 million weights). */
  paper: { dim: 8, order: 3, heads: 2, blocks: 2 },
  /** dim 4, order 3, 2 heads, 1 block (about 60 thousand weights): CI, examples, quick runs. */
  small: { dim: 4, order: 3, heads: 2, blocks: 1 },
};

/** The SigFormer's default memory budget: 3 GiB of the engine's 4 GiB WebAssembly memory. */
export const DEFAULT_SIGFORMER_MEMORY = 3 * 2 ** 30;

/** Options of {@link SigFormerHedger}. */
export interface SigFormerOptions {
  /** H, the number of hedge assets (outputs). */
  assets: number;
  /** T, the number of hedging dates. */
  steps: number;
  /** Named configuration the next four options default to; default `"paper"`. */
  size?: SigFormerSize;
  /** d, the channels of the projected path (model_dim); level k has d^k features. */
  dim?: number;
  /** m, the signature truncation order, 1..4. */
  order?: number;
  /** Attention heads per level, each of the level's full width d^k. */
  heads?: number;
  /** Repeated attention + MLP blocks. */
  blocks?: number;
  /** Dropout rate after the attention and after the MLP, in [0, 1); default 0. */
  dropout?: number;
  /** Inputs per date; default `["returns"]` (the paper's). */
  features?: SigFormerFeature[];
  /** K, the number of regime labels fed one-hot (0: none); default 0. */
  regimes?: number;
  /** Element type of the parameters; default float32. */
  dtype?: DType;
  /** Seed of the initial weights and of the dropout masks; default 42. */
  seed?: number;
  /** Bytes of engine memory the model may use; default {@link DEFAULT_SIGFORMER_MEMORY}. */
  memoryBudget?: number;
}

/** {@link SigFormerOptions} with every default filled in. */
export type ResolvedSigFormerOptions = Required<SigFormerOptions>;

const FEATURES: readonly SigFormerFeature[] = ["returns", "log-moneyness", "time-to-maturity"];

/**
 * Fills the defaults of {@link SigFormerOptions} and validates each option with a one-line error
 * naming it; then refuses, before anything is allocated, a configuration whose parameters and one
 * path's training activations ({@link sigFormerMemory}) exceed the memory budget.
 */
export function resolveSigFormerOptions(options: SigFormerOptions): ResolvedSigFormerOptions {
  const size = options.size ?? "paper";
  assertOption(size === "paper" || size === "small", "size", size, 'must be "paper" or "small"');
  const preset = SIGFORMER_SIZES[size];
  const resolved: ResolvedSigFormerOptions = {
    assets: options.assets,
    steps: options.steps,
    size,
    dim: options.dim ?? preset.dim,
    order: options.order ?? preset.order,
    heads: options.heads ?? preset.heads,
    blocks: options.blocks ?? preset.blocks,
    dropout: options.dropout ?? 0,
    features: [...(options.features ?? ["returns"])],
    regimes: options.regimes ?? 0,
    dtype: options.dtype ?? "float32",
    seed: options.seed ?? DEFAULT_SEED,
    memoryBudget: options.memoryBudget ?? DEFAULT_SIGFORMER_MEMORY,
  };
  const { assets, steps, dim, order, heads, blocks, dropout, features, regimes, dtype } = resolved;
  const positive = (value: number, name: string): void =>
    assertOption(Number.isInteger(value) && value >= 1, name, value, "must be a positive integer");
  positive(assets, "assets");
  positive(steps, "steps");
  positive(dim, "dim");
  assertOption(Number.isInteger(order) && order >= 1 && order <= 4, "order", order, "must be 1, 2, 3 or 4");
  positive(heads, "heads");
  positive(blocks, "blocks");
  assertOption(
    Number.isFinite(dropout) && dropout >= 0 && dropout < 1,
    "dropout",
    dropout,
    "must be in [0, 1)",
  );
  assertOption(
    features.length >= 1 &&
      features.every((f) => FEATURES.includes(f)) &&
      new Set(features).size === features.length,
    "features",
    features,
    `must be distinct names among ${FEATURES.join(", ")}`,
  );
  assertOption(
    Number.isInteger(regimes) && regimes >= 0,
    "regimes",
    regimes,
    "must be a non-negative integer",
  );
  assertOption(dtype === "float32" || dtype === "float64", "dtype", dtype, 'must be "float32" or "float64"');
  assertOption(
    Number.isFinite(resolved.memoryBudget) && resolved.memoryBudget > 0,
    "memoryBudget",
    resolved.memoryBudget,
    "must be a positive number of bytes",
  );
  const memory = sigFormerMemory(resolved);
  if (memory.parameterBytes + memory.trainingBytesPerPath > resolved.memoryBudget) {
    throw new HedgelabError(
      `invalid dim ${dim} with order ${order}: the SigFormer would need about ${gib(memory.parameterBytes + memory.trainingBytesPerPath)} ` +
        `(${memory.parameters.toLocaleString("en-US")} weights and their gradients, and one path's activations), ` +
        `more than its memory budget of ${gib(resolved.memoryBudget)}; lower dim, order or heads`,
    );
  }
  return resolved;
}

/** Width of the input at each date for these options: F = H·[returns] + [log-moneyness] + [time] + K. */
export function sigFormerInputWidth(options: ResolvedSigFormerOptions): number {
  const { features, assets, regimes } = options;
  return (
    (features.includes("returns") ? assets : 0) +
    (features.includes("log-moneyness") ? 1 : 0) +
    (features.includes("time-to-maturity") ? 1 : 0) +
    regimes
  );
}

/** What {@link sigFormerMemory} estimates. */
export interface SigFormerMemory {
  /** Number of trainable weights. */
  parameters: number;
  /** Bytes of the weights and their gradients in engine memory (Adam's moments live apart). */
  parameterBytes: number;
  /** Peak bytes of one path's activations in a training step (forward kept for backward, plus backward's transients). */
  trainingBytesPerPath: number;
}

/**
 * Estimates the SigFormer's engine memory, so that a configuration that cannot fit is refused
 * before allocating and a large batch is split into passes that fit. With D_k = d^k, h heads,
 * f = 4d² and T dates, one path keeps per level and block the tensors of a training step:
 * Q, K, V and the heads' output (4hD_k), the attention weights (hT), the projection, two
 * normalised residuals with their saved rows and the MLP output (6D_k), the MLP's hidden layer
 * before and after GELU (2f); plus the signature (Σ D_k) and the backward pass's transients of
 * one block (4hD_k + 2D_k + 2f at the widest level). Every count is per date, times T and the
 * element size, and times 1.5 for the allocator's power-of-two size classes.
 */
export function sigFormerMemory(options: ResolvedSigFormerOptions): SigFormerMemory {
  const { dim, order, heads, blocks, assets, steps, dtype } = options;
  const width = sigFormerInputWidth(options);
  const f = 4 * dim * dim;
  let parameters = width * dim + dim;
  let perDate = width + 2 * dim;
  let transient = 0;
  let features = 0;
  for (let k = 1; k <= order; k++) {
    const d = dim ** k;
    const hd = heads * d;
    features += d;
    // Q, K (no bias), V and O with biases, two layer norms, the MLP.
    parameters += blocks * (4 * d * hd + hd + d + 4 * d + 2 * d * f + f + d);
    perDate += d + blocks * (4 * hd + heads * steps + 6 * d + 2 * f);
    transient = Math.max(transient, 4 * hd + 2 * d + 2 * f);
  }
  parameters += features * assets + assets;
  perDate += 2 * features + transient + assets;
  const size = BYTES[dtype];
  return {
    parameters,
    parameterBytes: 2 * parameters * size,
    trainingBytesPerPath: Math.ceil(1.5 * perDate * steps * size),
  };
}

function gib(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
