import { assertOption } from "../errors.js";

/**
 * A learning-rate schedule: the rate at optimiser step `step` (0-based) of `totalSteps`.
 * - `constant`: lr;
 * - `exponential`: lr · decay^(step / decaySteps);
 * - `cosine`: lr · (floor + (1 − floor)(1 + cos(π·step/totalSteps))/2) (Loshchilov & Hutter 2017);
 * - `step`: lr · decay^⌊step / decaySteps⌋.
 * Every schedule may start with a linear warm-up over `warmupSteps`.
 */
export interface LearningRateSchedule {
  kind: "constant" | "exponential" | "cosine" | "step";
  /** Base learning rate; default 1e-3 (the paper's). */
  learningRate?: number;
  /** Multiplicative decay (exponential, step); default 0.5. */
  decay?: number;
  /** Steps per decay (exponential, step); default 1000. */
  decaySteps?: number;
  /** Final fraction of the rate (cosine); default 0. */
  floor?: number;
  /** Linear warm-up steps; default 0. */
  warmupSteps?: number;
}

/** The paper's learning rate. */
export const DEFAULT_LEARNING_RATE = 1e-3;

/** The learning rate of `schedule` at `step` (0-based) of a run of `totalSteps` steps. */
export function learningRateAt(schedule: LearningRateSchedule, step: number, totalSteps: number): number {
  const {
    learningRate = DEFAULT_LEARNING_RATE,
    decay = 0.5,
    decaySteps = 1000,
    floor = 0,
    warmupSteps = 0,
  } = schedule;
  assertOption(
    learningRate > 0 && Number.isFinite(learningRate),
    "learningRate",
    learningRate,
    "must be > 0",
  );
  assertOption(decay > 0 && decay <= 1, "decay", decay, "must be in (0, 1]");
  assertOption(
    Number.isInteger(decaySteps) && decaySteps > 0,
    "decaySteps",
    decaySteps,
    "must be a positive integer",
  );
  assertOption(floor >= 0 && floor <= 1, "floor", floor, "must be in [0, 1]");
  const warm = warmupSteps > 0 && step < warmupSteps ? (step + 1) / warmupSteps : 1;
  let factor = 1;
  switch (schedule.kind) {
    case "constant":
      break;
    case "exponential":
      factor = decay ** (step / decaySteps);
      break;
    case "step":
      factor = decay ** Math.floor(step / decaySteps);
      break;
    case "cosine":
      factor =
        floor +
        ((1 - floor) * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / Math.max(totalSteps, 1)))) / 2;
      break;
  }
  return learningRate * factor * warm;
}
