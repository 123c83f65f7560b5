import { assertOption, HedgelabError } from "../errors.js";
import type { Tensor } from "./tensor.js";
import { learningRateAt, type LearningRateSchedule } from "./learning-rate.js";
import { decodeElements, encodeElements } from "./serialize.js";

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** Learning rate or schedule; default 1e-3 constant. */
  learningRate?: number | LearningRateSchedule;
  /** β₁; default 0.9. */
  beta1?: number;
  /** β₂; default 0.999. */
  beta2?: number;
  /** ε; default 1e-8. */
  epsilon?: number;
  /** Decoupled weight decay (AdamW, Loshchilov & Hutter 2019); default 0. */
  weightDecay?: number;
  /** Total steps of the run, for schedules that need it (cosine); default 1. */
  totalSteps?: number;
}

/**
 * The serialisable state of an Adam optimiser: the moments of each parameter as base64 of their
 * float64 bytes (exact; `encodeElements`), or as plain arrays (read for older checkpoints).
 */
export interface AdamState {
  step: number;
  m: (string | number[])[];
  v: (string | number[])[];
}

/**
 * Adam (Kingma & Ba 2015) with bias correction, as torch.optim.Adam; moments kept in float64.
 *
 * @example
 * const adam = new Adam(parameters, { learningRate: 1e-3 });
 * adam.zeroGrad(); backward(loss); adam.step();
 */
export class Adam {
  readonly parameters: readonly Tensor[];
  private readonly schedule: LearningRateSchedule;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly totalSteps: number;
  private m: Float64Array[];
  private v: Float64Array[];
  /** Steps taken so far. */
  stepCount = 0;

  constructor(parameters: readonly Tensor[], options: AdamOptions = {}) {
    const {
      learningRate = 1e-3,
      beta1 = 0.9,
      beta2 = 0.999,
      epsilon = 1e-8,
      weightDecay = 0,
      totalSteps = 1,
    } = options;
    assertOption(beta1 >= 0 && beta1 < 1, "beta1", beta1, "must be in [0, 1)");
    assertOption(beta2 >= 0 && beta2 < 1, "beta2", beta2, "must be in [0, 1)");
    assertOption(epsilon > 0, "epsilon", epsilon, "must be > 0");
    assertOption(weightDecay >= 0, "weightDecay", weightDecay, "must be ≥ 0");
    this.parameters = parameters;
    this.schedule = typeof learningRate === "number" ? { kind: "constant", learningRate } : learningRate;
    learningRateAt(this.schedule, 0, totalSteps);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.totalSteps = totalSteps;
    this.m = parameters.map((p) => new Float64Array(p.size));
    this.v = parameters.map((p) => new Float64Array(p.size));
  }

  /** The learning rate the next step will use. */
  get learningRate(): number {
    return learningRateAt(this.schedule, this.stepCount, this.totalSteps);
  }

  /** Sets every parameter's gradient to zero (keeping the buffers). */
  zeroGrad(): void {
    for (const p of this.parameters) p.grad?.values().fill(0);
  }

  /** One update θ ← θ − lr·m̂/(√v̂ + ε) from the parameters' current gradients. */
  step(): void {
    const lr = this.learningRate;
    this.stepCount++;
    const t = this.stepCount;
    const c1 = 1 - this.beta1 ** t;
    const c2 = 1 - this.beta2 ** t;
    const { beta1, beta2, epsilon, weightDecay } = this;
    this.parameters.forEach((p, k) => {
      if (!p.grad) return;
      const [theta, g] = [p.values(), p.grad.values()];
      const [m, v] = [this.m[k]!, this.v[k]!];
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * gi;
        v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
        const update = m[i]! / c1 / (Math.sqrt(v[i]! / c2) + epsilon);
        theta[i] = theta[i]! - lr * (update + weightDecay * theta[i]!);
      }
    });
  }

  /** The optimiser's state, for checkpoints. */
  state(): AdamState {
    return { step: this.stepCount, m: this.m.map(encodeElements), v: this.v.map(encodeElements) };
  }

  /** Restores a state saved by {@link state}. */
  load(state: AdamState): void {
    const mismatch = (): never => {
      throw new HedgelabError("the saved optimiser state does not match the model's parameters");
    };
    if (
      state.m.length !== this.parameters.length ||
      state.v.length !== this.parameters.length ||
      !Number.isInteger(state.step) ||
      state.step < 0
    )
      mismatch();
    const read = (a: string | number[], k: number): Float64Array => {
      const size = this.parameters[k]!.size;
      const values = typeof a === "string" ? decodeElements(a, "float64", size) : Float64Array.from(a);
      return values && values.length === size ? Float64Array.from(values) : mismatch();
    };
    this.stepCount = state.step;
    this.m = state.m.map(read);
    this.v = state.v.map(read);
  }
}
