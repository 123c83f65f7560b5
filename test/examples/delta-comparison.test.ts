import { afterEach, describe, expect, it, vi } from "vitest";
import { printDeltaComparison } from "../../examples/delta-comparison.js";
import { createRandom, DeltaHedge, EuropeanOption, generateGbm, NoHedge } from "../../src/index.js";

const sigma = 0.2;
const option = new EuropeanOption({ strike: 100 });
const paths = generateGbm({ n: 500, volatility: sigma }, createRandom(3));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("printDeltaComparison (examples/delta-comparison.ts)", () => {
  it("prints RMS 0 and equal entropic risks for the delta hedge at the paths' own volatility", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const { rms, risk, deltaRisk } = printDeltaComparison(
      "delta",
      new DeltaHedge({ volatility: sigma }),
      paths,
      option,
      sigma,
    );
    expect(rms).toBe(0);
    expect(risk).toBe(deltaRisk);
    expect(log.mock.calls.map((call) => call.join(" "))).toEqual([
      "RMS(holding − delta) = 0.0000",
      `entropic risk: delta ${deltaRisk.toFixed(4)}, delta ${deltaRisk.toFixed(4)}`,
    ]);
  });

  it("prints, for no hedge, the RMS of the delta itself (about 0.5 at the money) and a far larger risk", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const { rms, risk, deltaRisk } = printDeltaComparison("no-hedge", new NoHedge(), paths, option, sigma);
    expect(rms).toBeGreaterThan(0.4);
    expect(rms).toBeLessThan(0.7);
    expect(risk).toBeGreaterThan(3 * deltaRisk);
    expect(log.mock.calls.map((call) => call.join(" "))).toEqual([
      `RMS(holding − delta) = ${rms.toFixed(4)}`,
      `entropic risk: no-hedge ${risk.toFixed(4)}, delta ${deltaRisk.toFixed(4)}`,
    ]);
  });
});
