import { UNTRAINED_NOTE, untrainedCount } from "../training/training-outcome.js";
import { hedgeLabel, strategyLabel, type ReportResult } from "./report-data.js";

/**
 * The report's sentences on the learned strategies that did not train: how many of the learned
 * strategies did not (`untrainedCount`: `6 learned strategies, of which 3 did not train (…)`), and
 * why they are counted apart ({@link UNTRAINED_NOTE}). Empty when every learned strategy trained.
 */
export function untrainedText(results: readonly ReportResult[]): string[] {
  const learned = results
    .filter((r) => r.source !== undefined)
    .map((r) => ({
      label: `${strategyLabel(r)} on ${hedgeLabel(r.hedge)}`,
      ...(r.untrained ? { untrained: r.untrained } : {}),
    }));
  const count = untrainedCount(learned);
  return count ? [`${count} ${UNTRAINED_NOTE}`] : [];
}
