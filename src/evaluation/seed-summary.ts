import { mean } from "../math/mean.js";
import { standardDeviation } from "../math/variance.js";
import { expectedShortfall } from "../risk/expected-shortfall.js";
import { alignColumns } from "./comparison-table.js";
import type { StrategyEvaluation } from "./evaluate-policy.js";
import { pairedVerdict, type PairedReliability } from "./paired-verdict.js";

/** One metric of a learned hedger across its training seeds. */
export interface SeedMetric {
  /** `mean`, `std`, `cvar95`, `entropic`, or a paired difference with the delta hedge (`Δentropic`, …). */
  metric: string;
  /** The value of each seed, in seed order. */
  values: number[];
  /** Their mean. */
  mean: number;
  /** Their sample standard deviation (the seed-to-seed spread). */
  spread: number;
  /**
   * For a paired difference: how many seeds' intervals say better, the same and worse, and how far
   * these can be read: the least reliable of the seeds' verdicts (`pairedVerdict`; the seeds share
   * their windows, so all have the same).
   */
  verdicts?: { better: number; same: number; worse: number; reliability: PairedReliability };
}

/** A learned hedger of one hedge set across its training seeds. */
export interface SeedSummary {
  hedge: readonly string[];
  /** The hedger's name without the seed (`rnn-residual`). */
  strategy: string;
  /** The seeds' row names (`rnn-residual:seed42`, …). */
  rows: string[];
  metrics: SeedMetric[];
}

/**
 * Groups the rows `<name>:seed<k>` (or `<name>:seed<k> · <source>`) of every hedge set and gives, per metric, the mean and the
 * spread across seeds: mean P&L, std, CVaR95, entropic risk, and the paired differences with the
 * delta hedge with the count of seeds whose interval says better / same / worse.
 */
export function summarizeSeeds(evaluations: readonly StrategyEvaluation[]): SeedSummary[] {
  const groups = new Map<string, StrategyEvaluation[]>();
  for (const e of evaluations) {
    // `rnn-residual:seed42`, or with its training source `rnn-residual:seed42 · regime-bs`.
    const match = /^(.*):seed\d+(.*)$/.exec(e.strategy);
    if (!match) continue;
    const key = `${e.hedge.join("+")}|${match[1]}${match[2]}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: SeedSummary[] = [];
  for (const [key, rows] of groups) {
    if (rows.length < 2) continue;
    const metric = (name: string, values: number[], verdicts?: SeedMetric["verdicts"]): SeedMetric => ({
      metric: name,
      values,
      mean: mean(values),
      spread: standardDeviation(values),
      ...(verdicts ? { verdicts } : {}),
    });
    const metrics: SeedMetric[] = [
      metric(
        "mean",
        rows.map((r) => r.summary.mean),
      ),
      metric(
        "std",
        rows.map((r) => r.summary.std),
      ),
      metric(
        "cvar95",
        rows.map((r) => expectedShortfall(r.pnl, 0.95)),
      ),
      metric(
        "entropic",
        rows.map((r) => r.summary.entropicRisk),
      ),
    ];
    const first = rows[0]!.paired;
    if (first && rows.every((r) => r.paired)) {
      first.differences.forEach((d, m) => {
        const all = rows.map((r) => r.paired!.differences[m]!);
        const verdicts = { better: 0, same: 0, worse: 0, reliability: "reliable" as PairedReliability };
        rows.forEach((r, k) => {
          const verdict = pairedVerdict(all[k]!, r.paired!);
          verdicts[verdict.direction]++;
          verdicts.reliability = lessReliable(verdicts.reliability, verdict.reliability);
        });
        metrics.push(
          metric(
            `Δ${d.metric === "cvar" ? "cvar95" : d.metric}`,
            all.map((x) => x.estimate),
            verdicts,
          ),
        );
      });
    }
    out.push({
      hedge: rows[0]!.hedge,
      strategy: key.slice(key.indexOf("|") + 1),
      rows: rows.map((r) => r.strategy),
      metrics,
    });
  }
  return out;
}

/** The across-seeds table: one row per hedge set and hedger, each metric as mean ± spread (and verdict counts). */
export function formatSeedTable(summaries: readonly SeedSummary[], digits = 3): string {
  const first = summaries[0];
  if (!first) return "";
  const f = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(digits);
  const header = ["hedge set", "strategy", ...first.metrics.map((m) => m.metric)];
  const cells = summaries.map((s) => [
    s.hedge.join("+"),
    s.strategy,
    ...s.metrics.map(
      (m) => `${f(m.mean)} ± ${f(m.spread)}` + (m.verdicts ? ` (${verdictCounts(m.verdicts)})` : ""),
    ),
  ]);
  return [
    `across ${first.rows.length} training seeds: mean ± standard deviation of each metric over the seeds; ` +
      "for the paired differences with delta, how many seeds' intervals say better / same / worse " +
      "(indicative: the intervals' coverage was measured under 93%; too short to tell: too few blocks)",
    ...alignColumns(header, cells),
  ].join("\n");
}

/** `2b/1s/0w`, `2b/1s/0w indicative`, or `too short to tell`. */
function verdictCounts(verdicts: NonNullable<SeedMetric["verdicts"]>): string {
  if (verdicts.reliability === "too-short") return "too short to tell";
  const counts = `${verdicts.better}b/${verdicts.same}s/${verdicts.worse}w`;
  return verdicts.reliability === "indicative" ? `${counts} indicative` : counts;
}

/** The less reliable of two reliabilities (too short < indicative < reliable). */
function lessReliable(a: PairedReliability, b: PairedReliability): PairedReliability {
  const order: PairedReliability[] = ["too-short", "indicative", "reliable"];
  return order[Math.min(order.indexOf(a), order.indexOf(b))]!;
}
