import { describe, expect, it } from "vitest";
import { compareWithDelta } from "../../src/evaluation/delta-comparison.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { DeltaHedge } from "../../src/hedgers/delta-hedge.js";
import { NoHedge } from "../../src/hedgers/no-hedge.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { createRandom } from "../../src/random/random-source.js";

describe("compareWithDelta", () => {
  const paths = generateGbm({ n: 2000, steps: 30, volatility: 0.2 }, createRandom(3));
  const option = new EuropeanOption();

  it("of the delta hedge itself: RMS 0 and the same entropic risk", () => {
    const { rms, risk, deltaRisk } = compareWithDelta(
      new DeltaHedge({ volatility: 0.2 }),
      paths,
      option,
      0.2,
    );
    expect(rms).toBe(0);
    expect(risk).toBe(deltaRisk);
  });

  it("of no hedge: RMS is the delta's own root mean square, and the risk is higher", () => {
    const delta = new DeltaHedge({ volatility: 0.2 }).holdings({ paths, option, dt: 1 / 252 });
    let squared = 0;
    for (const x of delta) squared += x * x;
    const { rms, risk, deltaRisk } = compareWithDelta(new NoHedge(), paths, option, 0.2);
    expect(rms).toBeCloseTo(Math.sqrt(squared / delta.length), 12);
    expect(risk).toBeGreaterThan(deltaRisk);
  });
});
