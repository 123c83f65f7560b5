import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { strategyLabel } from "../report/report-data.js";
import { untrainedCount } from "../training/training-outcome.js";

/**
 * The note of a run or an evaluation on its learned strategies that did not train
 * ({@link untrainedCount}: `6 learned strategies, of which 3 did not train (…)`), each named by its
 * label and hedge set; undefined when every learned strategy trained.
 *
 * @param sources - the training source of each evaluation, undefined for a baseline (delta, no hedge).
 */
export function learnedUntrainedNote(
  evaluations: readonly StrategyEvaluation[],
  sources: readonly (string | undefined)[],
): string | undefined {
  const learned = evaluations.flatMap((e, k) => {
    const source = sources[k];
    return source === undefined
      ? []
      : [
          {
            label: `${strategyLabel({ ...e, source })} on ${e.hedge.join("+")}`,
            ...(e.untrained ? { untrained: e.untrained } : {}),
          },
        ];
  });
  return untrainedCount(learned);
}
