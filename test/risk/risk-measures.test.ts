import { describe, expect, it } from "vitest";
import { RISK_MEASURE_NAMES, RISK_MEASURES } from "../../src/risk/risk-measures.js";
import { meanVariance } from "../../src/risk/mean-variance.js";
import { createRandom } from "../../src/random/random-source.js";
import { tensor } from "../../src/tensor/tensor.js";
import { summarizePnl } from "../../src/evaluation/pnl-summary.js";
import { formatComparisonTable } from "../../src/evaluation/comparison-table.js";
import { resolveRunConfig } from "../../src/config/run-config.js";

const options = { riskAversion: 1.3, clip: null, learnPremium: false, level: 0.95 };
const pnl = createRandom(5)
  .fillNormal(new Float64Array(400))
  .map((x) => 2 * x - 1);

describe("the registered risk measures", () => {
  it("each loss equals its measure on a float64 batch (those without ω), and the schema offers every one as --loss", () => {
    for (const name of RISK_MEASURE_NAMES) {
      const entry = RISK_MEASURES[name];
      if (entry.needsOmega(options)) continue;
      const loss = entry.loss(tensor(pnl, [pnl.length], "float64"), options).values()[0]!;
      expect(loss, name).toBeCloseTo(entry.measure(pnl, options), 10);
    }
    for (const name of RISK_MEASURE_NAMES)
      expect(resolveRunConfig({ training: { loss: { kind: name } } }).training.loss.kind).toBe(name);
  });

  it("the mean-variance measure, added by its entry and one registry line, is a column of the table when it is the loss", () => {
    const summary = summarizePnl(pnl, createRandom(1), {
      bootstrap: { resamples: 20 },
      measures: ["mean-variance"],
    });
    expect(summary.measures).toEqual([
      { name: "mean-variance", header: "mean-var λ=1.3", value: meanVariance(pnl, 1.3) },
    ]);
    const table = formatComparisonTable([
      { hedge: ["A"], strategy: "s", holdings: new Float64Array(0), pnl, summary },
    ]);
    expect(table.split("\n")[0]).toMatch(/mean-var λ=1\.3$/);
    expect(table.split("\n")[2]).toMatch(new RegExp(`${meanVariance(pnl, 1.3).toFixed(3)}$`));
  });
});
