import { alignColumns } from "../evaluation/comparison-table.js";
import { describeEdges, describeTrial, formatValue, spaceEdges, type SweepTrial } from "./search-space.js";
import type { ScoredDifference, SweepScore } from "./sweep-score.js";
import type { SweepResult } from "./run-sweep.js";
import type { TrialRecord } from "./trial-cell.js";

/** A pooled difference as `+0.123 [0.010, 0.236] worse`, or `–` when there is none. */
export function formatScoredDifference(d: ScoredDifference | undefined, digits = 3): string {
  if (d === undefined) return "–";
  const f = (x: number): string => (Number.isNaN(x) ? "n/a" : (Object.is(x, -0) ? 0 : x).toFixed(digits));
  const signed = (x: number): string => (x > 0 ? `+${f(x)}` : f(x));
  return `${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${d.verdict}`;
}

/** The trials in the order of their objective, least first (those without one last, in order). */
export function rankedTrials(score: SweepScore): SweepScore["trials"] {
  const key = (x: number): number => (Number.isFinite(x) ? x : Number.POSITIVE_INFINITY);
  return [...score.trials].sort((a, b) => key(a.objective) - key(b.objective) || a.index - b.index);
}

/** The mean number of epochs run by a trial's trainings, and how many diverged. */
export function trainingSummary(record: Pick<TrialRecord, "training">): {
  epochs: number;
  kept: number;
  diverged: number;
} {
  const n = Math.max(1, record.training.length);
  return {
    epochs: record.training.reduce((s, t) => s + t.epochs, 0) / n,
    kept: record.training.reduce((s, t) => s + t.bestEpoch, 0) / n,
    diverged: record.training.filter((t) => t.diverged !== undefined).length,
  };
}

/**
 * The sweep's tables as printed: what was searched and on which windows, every trial ranked by its
 * validation objective with its difference from the chosen trial and from the delta hedge (pooled
 * over its trainings, with intervals and verdicts), then the choice in words.
 */
export function formatSweep(result: SweepResult): string {
  const { score, records, sweep } = result;
  const paths = Object.keys(sweep.space);
  const first = records[0]!;
  const trainings = first.training.length;
  const byIndex = new Map(records.map((r) => [r.trial.index, r]));
  const header = [
    "trial",
    ...paths,
    `validation ${score.measureTitle}`,
    "− chosen [95%]",
    "− delta [95%]",
    "epochs (kept)",
  ];
  const rows = rankedTrials(score).map((t) => {
    const record = byIndex.get(t.index)!;
    const { epochs, kept, diverged } = trainingSummary(record);
    return [
      String(t.index),
      ...paths.map((p) => formatValue(record.trial.values[p])),
      Number.isFinite(t.objective) ? t.objective.toFixed(4) : "n/a",
      t.index === score.chosen ? "chosen" : formatScoredDifference(t.vsChosen),
      formatScoredDifference(t.vsDelta),
      `${epochs.toFixed(1)} (${kept.toFixed(1)})${diverged > 0 ? `, ${diverged} diverged` : ""}`,
    ];
  });
  const chosen = score.chosen === undefined ? undefined : byIndex.get(score.chosen);
  const same = score.trials.filter((t) => t.vsChosen?.verdict.startsWith("same")).length;
  const lines = [
    `${sweep.method === "grid" ? "grid" : "random"} search of ${records.length} trials over ${paths.join(", ")}; ` +
      `each trial trains ${trainings} hedger${trainings === 1 ? "" : "s"} (${describeTrainings(first)})`,
    `selected on the validation windows ${first.validation.start}..${first.validation.end} (${first.validation.windows} windows) only: ` +
      `the least mean ${score.measureTitle} of a trial's trainings; no trial was evaluated on the test windows`,
    "",
    ...alignColumns(header, rows),
    "",
    "− chosen and − delta: the trial's mean validation risk minus the chosen trial's (or the delta hedge's on the same hedge sets), " +
      "the same windows paired, with a block-jackknife-t interval; same: the validation period cannot tell them apart",
  ];
  if (chosen) {
    const others = records.length - 1;
    lines.push(
      "",
      `chosen: trial ${chosen.trial.index} (${describeTrial(chosen.trial)})` +
        (others > 0
          ? `; ${same} of ${others} other trial${others === 1 ? "" : "s"} cannot be told from it on the validation windows`
          : ""),
    );
    const edges = describeEdges(spaceEdges(sweep, chosen.trial.values));
    if (edges) lines.push(edges);
  } else
    lines.push("", "no trial could be scored: every one has a training whose validation P&L is not finite");
  for (const note of first.notes) lines.push(note);
  return lines.join("\n");
}

/** The trainings of a trial in words: `rnn · market on AAPL, rnn · market on AAPL+MSFT`. */
function describeTrainings(record: TrialRecord): string {
  const shown = record.training
    .slice(0, 3)
    .map(
      (t) =>
        `${t.strategy} · ${t.source} on ${t.hedge.join("+")}${t.seed !== undefined ? ` seed ${t.seed}` : ""}`,
    );
  const more = record.training.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** A trial's values by path, as the CSV and the report write them (numbers as numbers). */
export function trialValues(trial: SweepTrial): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(trial.values).map(([p, v]) => [p, typeof v === "number" ? v : formatValue(v)]),
  );
}
