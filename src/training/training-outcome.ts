import type { EpochRecord } from "./fit.js";

/**
 * Why a learned model is said not to have trained:
 * - `"equals-delta"`: the kept weights are its initial ones (kept epoch 0) and those were measured
 *   on the validation windows as a residual policy's are: its initial weights are the delta hedge,
 *   so its holdings and P&L equal the delta hedge's on every window.
 * - `"initial-weights"`: kept epoch 0 otherwise (a training that diverged in its first epoch).
 * - `"risk-unmoved"`: a later epoch was kept, but its validation risk lies within
 *   {@link UNMOVED_RISK_TOLERANCE} (relative) of the initial weights' (for a residual policy: the
 *   delta hedge's), so training changed nothing worth telling apart.
 */
export type UntrainedReason = (typeof UNTRAINED_REASONS)[number];

/** Every {@link UntrainedReason}, as metrics.json spells them (`results[].untrained`, `training[].untrained`). */
export const UNTRAINED_REASONS = ["equals-delta", "initial-weights", "risk-unmoved"] as const;

/**
 * The relative tolerance of {@link untrainedReason}: a kept validation risk r with
 * |r − r₀| ≤ 1e-4 · |r₀| (r₀ the initial weights' risk) counts as unmoved. On the validation periods
 * of the default runs (≈ 100 windows, risks of 5–15) this is ≈ 0.001, the tables' last decimal.
 */
export const UNMOVED_RISK_TOLERANCE = 1e-4;

/** What {@link untrainedReason} reads of a training: the fields of `fit`'s result it needs. */
export interface TrainingOutcomeInput {
  /** The epoch whose weights were kept (0: the initial weights). */
  bestEpoch: number;
  /** Validation risk of the initial weights, when measured (`fit`'s `keepInitial`, residual policies). */
  initialRisk?: number;
  /** One record per epoch run; the kept epoch's validation risk is read from it. */
  history: readonly Pick<EpochRecord, "epoch" | "validationRisk">[];
}

/**
 * Whether a training left its model where it started, and why: the one definition behind every
 * "did not train" marker (tables, paired.csv, metrics.json, the report, the backtest's folds).
 *
 * Rule: kept epoch 0 → `"equals-delta"` when the initial risk was measured (a residual policy),
 * else `"initial-weights"`; otherwise, when the initial risk r₀ was measured and the
 * kept epoch's validation risk r satisfies |r − r₀| ≤ `tolerance` · |r₀| → `"risk-unmoved"`;
 * else undefined (the model trained).
 *
 * @param tolerance - relative tolerance, ≥ 0; default {@link UNMOVED_RISK_TOLERANCE} = 1e-4.
 *
 * @example
 * untrainedReason({ bestEpoch: 0, initialRisk: 8.1, history: [] }); // "equals-delta"
 */
export function untrainedReason(
  training: TrainingOutcomeInput,
  tolerance: number = UNMOVED_RISK_TOLERANCE,
): UntrainedReason | undefined {
  const { initialRisk } = training;
  if (training.bestEpoch === 0) return initialRisk !== undefined ? "equals-delta" : "initial-weights";
  if (initialRisk === undefined || !Number.isFinite(initialRisk)) return undefined;
  const kept = training.history.find((r) => r.epoch === training.bestEpoch);
  if (!kept || !Number.isFinite(kept.validationRisk)) return undefined;
  return Math.abs(kept.validationRisk - initialRisk) <= tolerance * Math.abs(initialRisk)
    ? "risk-unmoved"
    : undefined;
}

/**
 * The marker of an untrained model in tables, paired.csv and the report: `did not train: equals
 * delta` (a residual policy's initial weights kept), `did not train: initial weights kept`, or
 * `did not train: validation risk within 0.01% of delta's` for an unmoved risk.
 */
export function untrainedLabel(reason: UntrainedReason): string {
  switch (reason) {
    case "equals-delta":
      return "did not train: equals delta";
    case "initial-weights":
      return "did not train: initial weights kept";
    case "risk-unmoved":
      return `did not train: validation risk within ${+(UNMOVED_RISK_TOLERANCE * 100).toFixed(4)}% of delta's`;
  }
}

/**
 * Why, in one sentence, for the report and the printed notes: what the marker means and why such a
 * model is not counted among the learned strategies compared with the delta hedge.
 */
export const UNTRAINED_NOTE =
  "A learned strategy marked \u201cdid not train\u201d kept its initial weights (no epoch beat them on the validation windows) " +
  `or moved its validation risk by less than ${+(UNMOVED_RISK_TOLERANCE * 100).toFixed(4)}% of theirs; a residual hedger's initial weights are ` +
  "exactly the delta hedge, so its row repeats delta's and its paired differences are 0 by construction, not a finding: it is " +
  "counted apart and left out of the comparisons with delta.";

/**
 * The {@link untrainedReason} of an ensemble averaging the holdings of `members`: every member's
 * reason when they all share one (an average of delta hedges is the delta hedge), else undefined.
 */
export function ensembleUntrainedReason(
  members: readonly TrainingOutcomeInput[],
  tolerance: number = UNMOVED_RISK_TOLERANCE,
): UntrainedReason | undefined {
  const reasons = members.map((m) => untrainedReason(m, tolerance));
  return reasons.length > 0 && reasons.every((r) => r === reasons[0]) ? reasons[0] : undefined;
}

/**
 * One sentence counting the learned strategies that did not train apart from the others:
 * `6 learned strategies, of which 3 did not train (rnn · sigdiffusion on AAPL+GOOGL+MSFT, …): they
 * are left out of the comparisons with delta.`; undefined when every one trained.
 *
 * @param learned - every learned strategy's row: its label (strategy and hedge set) and reason.
 */
export function untrainedCount(
  learned: readonly { label: string; untrained?: UntrainedReason | undefined }[],
): string | undefined {
  const untrained = learned.filter((r) => r.untrained !== undefined);
  if (untrained.length === 0) return undefined;
  const n = learned.length;
  return (
    `${n} learned ${n === 1 ? "strategy" : "strategies"}, of which ${untrained.length} did not train ` +
    `(${untrained.map((r) => `${r.label}: ${untrainedLabel(r.untrained!).replace(/^did not train: /, "")}`).join("; ")}); ` +
    `${untrained.length === 1 ? "it is" : "they are"} not counted among the learned strategies compared with delta.`
  );
}
