import { describe, expect, it } from "vitest";
import { summarizePnl } from "../../src/evaluation/pnl-summary.js";
import { evaluatePolicy } from "../../src/evaluation/evaluate-policy.js";
import { formatComparisonTable } from "../../src/evaluation/comparison-table.js";
import { createRandom } from "../../src/random/random-source.js";
import { entropicRisk } from "../../src/risk/entropic-risk.js";
import { expectedShortfall } from "../../src/risk/expected-shortfall.js";
import { valueAtRisk } from "../../src/risk/value-at-risk.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { NoHedge } from "../../src/hedgers/no-hedge.js";
import { DeltaHedge } from "../../src/hedgers/delta-hedge.js";

describe("summarizePnl", () => {
  const pnl = createRandom(1)
    .fillNormal(new Float64Array(500))
    .map((x) => 0.5 + 2 * x);

  it("reports each metric as the risk functions compute it", () => {
    const s = summarizePnl(pnl, createRandom(2), {
      riskAversion: 0.7,
      levels: [0.9],
      bootstrap: { resamples: 50 },
    });
    expect(s.n).toBe(500);
    expect(s.entropicRisk).toBe(entropicRisk(pnl, 0.7));
    expect(s.tails).toEqual([
      {
        level: 0.9,
        valueAtRisk: valueAtRisk(pnl, 0.9),
        expectedShortfall: expectedShortfall(pnl, 0.9),
        expectedShortfallInterval: expect.objectContaining({ estimate: expectedShortfall(pnl, 0.9) }),
      },
    ]);
    const tail = s.tails[0]!.expectedShortfallInterval;
    expect(tail.lower).toBeLessThan(tail.estimate);
    expect(tail.upper).toBeGreaterThan(tail.estimate);
    expect(s.meanInterval.lower).toBeLessThan(s.mean);
    expect(s.entropicInterval.upper).toBeGreaterThan(s.entropicRisk);
  });

  it("prices the option as the entropic risk of the P&L without the premium (cash invariance)", () => {
    const premium = 3;
    const withPremium = pnl.map((x) => x + premium);
    const a = summarizePnl(pnl, createRandom(2), { bootstrap: { resamples: 10 } });
    const b = summarizePnl(withPremium, createRandom(2), { premium, bootstrap: { resamples: 10 } });
    expect(b.indifferencePrice).toBeCloseTo(a.indifferencePrice, 10);
  });
});

describe("evaluatePolicy and formatComparisonTable", () => {
  const paths = generateGbm({ n: 300, steps: 30, volatility: 0.25 }, createRandom(3));
  const option = new EuropeanOption();
  const context = { paths, option, dt: 1 / 252 };
  const options = { bootstrap: { resamples: 100 } };
  const delta = evaluatePolicy(new DeltaHedge({ volatility: 0.25 }), context, createRandom(4), options);
  const none = evaluatePolicy(new NoHedge(), context, createRandom(4), options);

  it("the delta hedge has far less entropic risk than no hedge on GBM paths", () => {
    expect(delta.summary.entropicRisk).toBeLessThan(none.summary.entropicRisk);
    expect(delta.summary.std).toBeLessThan(none.summary.std / 3);
    expect(delta.pnl.length).toBe(300);
    expect(delta.holdings.length).toBe(300 * 30);
  });

  it("prints one aligned row per evaluation with every metric", () => {
    const table = formatComparisonTable([delta, none]).split("\n");
    expect(table).toHaveLength(4);
    expect(table[0]).toMatch(
      /^hedge set\s+strategy\s+mean\s+mean 95% CI\s+std\s+VaR95\s+CVaR95\s+VaR99\s+CVaR99\s+entropic λ=1.3/,
    );
    expect(table[2]).toMatch(/^GBM\s+delta\s+-?\d+\.\d{3}\s+\[-?\d+\.\d{3}, -?\d+\.\d{3}\]/);
    expect(table[3]).toContain("no-hedge");
    // Numbers are right-aligned, so every line ends in the same column.
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
  });
});
