import { describe, expect, it } from "vitest";
import type { StrategyEvaluation } from "../../src/evaluation/evaluate-policy.js";
import { comparePaired, pairedBlocks } from "../../src/evaluation/paired-comparison.js";
import { formatSeedTable, summarizeSeeds } from "../../src/evaluation/seed-summary.js";
import { createRandom } from "../../src/random/random-source.js";

/** Two seeds of a hedger far better than delta on `n` windows, paired with blocks of 120 requested. */
const seeds = (n: number): StrategyEvaluation[] => {
  const random = createRandom(3);
  const delta = Float64Array.from({ length: n }, () => 2 * random.normal());
  return [42, 43].map((seed) => {
    const pnl = delta.map((x) => 0.2 * x + 1 + 0.01 * seed);
    const differences = comparePaired(pnl, delta, createRandom(1), { blockLength: 120 });
    return {
      hedge: ["AAPL"],
      strategy: `rnn:seed${seed}`,
      holdings: new Float64Array(0),
      pnl,
      summary: { mean: 0, std: 0, entropicRisk: 0 } as never,
      paired: { baseline: "delta", ...pairedBlocks(n, 120), differences },
    };
  });
};

describe("summarizeSeeds and formatSeedTable", () => {
  it("count better / same / worse with their reliability: reliable Δmean, indicative tails", () => {
    const [summary] = summarizeSeeds(seeds(952));
    const verdicts = Object.fromEntries(summary!.metrics.map((m) => [m.metric, m.verdicts]));
    expect(verdicts.Δmean).toEqual({ better: 2, same: 0, worse: 0, reliability: "reliable" });
    expect(verdicts.Δcvar95).toEqual({ better: 2, same: 0, worse: 0, reliability: "indicative" });
    const table = formatSeedTable([summary!]);
    expect(table).toMatch(/\(2b\/0s\/0w\)/);
    expect(table).toMatch(/\(2b\/0s\/0w indicative\)/);
  });

  it("say too short to tell when the record holds fewer than MIN_BLOCKS blocks", () => {
    const table = formatSeedTable(summarizeSeeds(seeds(100)));
    expect(table).toContain("(too short to tell)");
    expect(table).not.toMatch(/\d+b\/\d+s\/\d+w/);
  });
});
