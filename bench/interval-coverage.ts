/**
 * Coverage of the paired bootstrap intervals on simulated overlapping windows: every interval method
 * and several block lengths (`measureIntervalCoverage`). The CI test (test/evaluation/
 * interval-coverage.test.ts) checks the chosen method at a small size; this is the larger run whose
 * figures docs/evaluation.md reports.
 *
 * Run: `nice npx tsx bench/interval-coverage.ts [replications] [resamples] [blocks,…]`
 * (default 1000 replications of 500 resamples, blocks 30,60,90: a few minutes on one core).
 */
import { measureIntervalCoverage } from "../src/evaluation/interval-coverage.js";
import { createRandom } from "../src/random/random-source.js";

const [replications = "1000", resamples = "500", blocks = "30,60,90"] = process.argv.slice(2);
const started = Date.now();
const report = measureIntervalCoverage(
  {},
  {
    replications: Number(replications),
    resamples: Number(resamples),
    blockLengths: blocks.split(",").map(Number),
  },
  createRandom(2026),
);
console.log(`truth (strategy − baseline): ${JSON.stringify(report.truth)}`);
console.log(`${report.replications} replications of ${report.windows} overlapping windows`);
console.log("metric    method      block  coverage  ±se    width   misses above truth");
for (const r of report.rows) {
  console.log(
    `${r.metric.padEnd(9)} ${r.method.padEnd(10)} ${String(r.blockLength).padStart(5)}  ${(100 * r.coverage).toFixed(1).padStart(7)}%  ${(100 * r.standardError).toFixed(1)}  ${r.width.toFixed(3).padStart(6)}  ${(100 * r.missesAbove).toFixed(0).padStart(4)}%`,
  );
}
console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
