/**
 * Which learned hedger should be the default? A choice made on the walk-forward validation record
 * only (issue 20): every candidate is backtested on the embedded data with yearly folds 2012…2024
 * (quick.json sizes, the RNN on the five hedge sets, one seed unless the candidate says otherwise),
 * each fold's models trained on the dates before their validation year and scored on it; the pooled
 * validation record (each fold's validation year scored by the fold's own models) ranks the
 * candidates. The test record is printed for the chosen candidate only, after the choice.
 *
 * The rule, fixed before any run: a candidate is admissible when, on the pooled validation record,
 * it is significantly worse than delta (95% block-jackknife interval excluding 0 on the bad side) on
 * no hedge set and no metric of Δmean, Δstd, ΔCVaR95, Δentropic; among the admissible ones, the
 * lowest mean Δentropic over the hedge sets wins (the measure the hedgers are trained on), and the
 * current default when it is within 0.01 of the best.
 *
 * Run: `nice npx tsx bench/walk-forward-selection.ts [candidate …] [--cache DIR]` (about half a
 * minute per one-seed market candidate on one core; regime-bs and sigdiffusion take minutes). Folds
 * are cached in `--cache` (default `.bench-results/walk-forward/cache`), so a second run only scores.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveRunConfig, type RunConfigInput } from "../src/config/run-config.js";
import { runBacktest, type BacktestResult } from "../src/backtest/run-backtest.js";
import { formatPairedTable } from "../src/evaluation/paired-table.js";
import type { StrategyEvaluation } from "../src/evaluation/evaluate-policy.js";
import { folderStore } from "../src/store/folder-store.js";

/** The candidates: the default and one change at a time. */
export const CANDIDATES: Record<string, RunConfigInput> = {
  /** hedgelab's default: the residual policy on delta's inputs, one seed, market windows. */
  default: {},
  /** An ensemble of three seeds (their averaged holdings). */
  "ensemble-3": { training: { seeds: 3 } },
  /** The residual policy on the paper's inputs. */
  "residual-paper-inputs": { policy: { output: "residual", inputs: "paper" } },
  /** The paper's policy: the network's output is the holding, the paper's inputs. */
  "direct-paper": { policy: { output: "direct", inputs: "paper" } },
  /** The default trained on regime-switching Black–Scholes paths. */
  "regime-bs": { sources: ["regime-bs"] },
  /** The default trained on SigDiffusion paths (per asset, quick profile). */
  sigdiffusion: { sources: ["sigdiffusion"] },
};

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 && args[k + 1] !== undefined ? args[k + 1]! : fallback;
};
const names = args.filter((a, k) => !a.startsWith("--") && !args[k - 1]?.startsWith("--"));
const chosen = names.length > 0 ? names : Object.keys(CANDIDATES);
for (const name of chosen) if (!CANDIDATES[name]) throw new Error(`unknown candidate ${name}`);
const store = folderStore(flag("cache", join(".bench-results", "walk-forward", "cache")));
const quick = JSON.parse(readFileSync("experiments/quick.json", "utf8")) as RunConfigInput;

/** The candidate's rows paired with delta: the ensemble's when it has several seeds. */
function candidateRows(evaluations: readonly StrategyEvaluation[], seeds: number): StrategyEvaluation[] {
  return evaluations.filter((e) => e.paired && (seeds === 1 || e.strategy.endsWith("-ensemble")));
}

const results: { name: string; result: BacktestResult; seeds: number }[] = [];
for (const name of chosen) {
  const input = CANDIDATES[name]!;
  const config = resolveRunConfig({
    ...quick,
    strategies: ["delta", "no-hedge", "rnn"],
    sources: ["market"],
    ...input,
    training: { ...quick.training, ...input.training },
  } as RunConfigInput);
  const started = Date.now();
  const result = runBacktest(config, {}, { store });
  const seconds = (Date.now() - started) / 1000;
  console.log(`${name}: ${result.scheme}; ${seconds.toFixed(0)} s`);
  results.push({ name, result, seeds: config.training.seeds });
}

console.log(
  "\npooled validation record, learned − delta (mean over hedge sets of Δentropic; admissible: worse on no set and metric)",
);
const scores = results.map(({ name, result, seeds }) => {
  const rows = candidateRows(result.costs[0]!.validationScored.evaluations, seeds);
  const differences = rows.map((e) => e.paired!.differences.find((d) => d.metric === "entropic")!);
  const entropic = differences.map((d) => d.estimate);
  const halfWidth = differences.reduce((sum, d) => sum + (d.upper - d.lower) / 2, 0) / differences.length;
  const worse = rows.flatMap((e) =>
    e
      .paired!.differences.filter((d) =>
        d.metric === "mean" ? d.excludesZero === "below" : d.excludesZero === "above",
      )
      .map((d) => `${e.hedge.join("+")} Δ${d.metric}`),
  );
  const score = entropic.reduce((a, b) => a + b, 0) / entropic.length;
  console.log(
    `${name.padEnd(22)} mean Δentropic ${score.toFixed(3)} (intervals ± ${halfWidth.toFixed(2)} on average); per set ${entropic.map((x) => x.toFixed(3)).join(", ")}; ` +
      (worse.length === 0 ? "admissible" : `worse on ${worse.join(", ")}`),
  );
  return { name, score, admissible: worse.length === 0 };
});
const admissible = scores.filter((s) => s.admissible).sort((a, b) => a.score - b.score);
const best = admissible[0];
const incumbent = admissible.find((s) => s.name === "default");
const winner = best && incumbent && incumbent.score - best.score <= 0.01 ? incumbent : best;
if (!winner) {
  console.log("\nno candidate is admissible on the validation record");
} else {
  const { result, seeds } = results.find((r) => r.name === winner.name)!;
  const rows = candidateRows(result.costs[0]!.scored.evaluations, seeds);
  console.log(`\nchosen on validation: ${winner.name}\n\nits pooled test record (after the choice):`);
  console.log(formatPairedTable(rows));
  for (const { name, result: other, seeds: s } of results) {
    if (name === winner.name) continue;
    console.log(`\n(for the record, not used in the choice) ${name}, pooled test record:`);
    console.log(formatPairedTable(candidateRows(other.costs[0]!.scored.evaluations, s)));
  }
}
