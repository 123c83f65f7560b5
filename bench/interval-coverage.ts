/**
 * Coverage of the paired intervals on simulated overlapping windows (`measureIntervalCoverage`), in
 * several scenarios, for the given interval methods and block lengths. The CI test (test/evaluation/
 * interval-coverage.test.ts) checks the chosen method at a small size; this is the larger run whose
 * figures docs/evaluation.md reports.
 *
 * Run: `nice npx tsx bench/interval-coverage.ts [--replications 1000] [--resamples 500, 2 for the jackknife-t alone]
 * [--blocks 30,120] [--methods jackknife-t] [--scenarios tilt-misestimated,…] [--truth 2000000]
 * [--seed 2026] [--days 982] [--blocks-count 2,3,5,10,20]` (about a minute per scenario for the jackknife-t with three block lengths on one core,
 * proportionally longer with --days; the bootstrap methods take minutes, the studentized one about 5 min per
 * scenario for 300 replications of 199 resamples with one block length). `--blocks-count`: short
 * records instead of `--days`, J blocks of each ℓ of `--blocks` (J·ℓ windows, a series of its own
 * for each J).
 */
import { measureIntervalCoverage, type CoverageScenario } from "../src/evaluation/interval-coverage.js";
import { INTERVAL_METHODS, type IntervalMethod } from "../src/evaluation/interval-method.js";
import { createRandom } from "../src/random/random-source.js";

/** The scenarios: the compared strategy and the baseline, both delta hedges on μ = 0.1, σ = 0.3 GBM. */
const SCENARIOS: Record<string, CoverageScenario> = {
  /** A mean-seeking strategy (the true σ, +0.1 units) against a misestimated σ = 0.2 (the default). */
  "tilt-misestimated": {},
  /** A strategy short 0.1 units against a delta with σ = 0.4: the strategy's tail is much worse. */
  "short-overestimated": { strategyTilt: -0.1, baselineVolatility: 0.4 },
  /** The +0.1 tilt against the true delta: the same hedge with a bet on top. */
  "tilt-only": { baselineVolatility: 0.3 },
  /**
   * The default comparison under volatility clustering: σ switches between 0.15 and 0.45 (mean stay
   * 60 trading days), so that dependence outlasts the windows' overlap.
   */
  "tilt-misestimated-clustered": { regimes: { low: 0.15, high: 0.45, meanDuration: 60 } },
  /** No baseline: the intervals of one strategy's own metrics (the true delta hedge). */
  single: { strategyTilt: 0, baselineVolatility: 0 },
};

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 && args[k + 1] !== undefined ? args[k + 1]! : fallback;
};
const list = (name: string, fallback: string): string[] => flag(name, fallback).split(",");
const methods = list("methods", "jackknife-t") as IntervalMethod[];
for (const method of methods)
  if (!(INTERVAL_METHODS as readonly string[]).includes(method)) throw new Error(`unknown method ${method}`);
const scenarios = list("scenarios", Object.keys(SCENARIOS).join(","));
for (const name of scenarios) if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}`);

const blockCounts = args.includes("--blocks-count") ? list("blocks-count", "").map(Number) : undefined;

console.log(
  "scenario             metric    method        block  blocks windows  coverage  ±se   width   misses above truth",
);
for (const name of scenarios) {
  const started = Date.now();
  const report = measureIntervalCoverage(
    // --days: a longer (or shorter) test period than the default split's 982 trading days.
    { ...SCENARIOS[name]!, days: Number(flag("days", "982")) },
    {
      replications: Number(flag("replications", "1000")),
      // The jackknife-t reads no resamples: two keep the draws' shape.
      resamples: Number(flag("resamples", methods.every((m) => m === "jackknife-t") ? "2" : "500")),
      blockLengths: list("blocks", "30,120").map(Number),
      ...(blockCounts ? { blockCounts } : {}),
      methods,
      truthPaths: Number(flag("truth", "2000000")),
    },
    createRandom(Number(flag("seed", "2026"))),
  );
  for (const r of report.rows) {
    console.log(
      `${name.padEnd(20)} ${r.metric.padEnd(9)} ${r.method.padEnd(12)} ${String(r.blockLength).padStart(6)}  ${String(r.blocks).padStart(6)} ${String(r.windows).padStart(7)}  ${(100 * r.coverage).toFixed(1).padStart(7)}%  ${(100 * r.standardError).toFixed(1)}  ${r.width.toFixed(3).padStart(6)}  ${(100 * r.missesAbove).toFixed(0).padStart(4)}%`,
    );
  }
  const truth = Object.entries(report.truth).map(([metric, value]) => `${metric} ${value.toFixed(3)}`);
  console.log(
    `${name}: truth (strategy − baseline) ${truth.join(", ")}; ${report.replications} replications of ${blockCounts ? `${blockCounts.join(", ")} blocks` : `${report.windows} windows`}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}
