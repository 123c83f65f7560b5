import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../examples/sigformer-learns-delta.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("examples/sigformer-learns-delta.ts at the tiny size", () => {
  it("trains the small SigFormer to within RMS 0.3 of the delta and an entropic risk below twice the delta's, and prints them", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const { rms, risk, deltaRisk, bestEpoch } = main("tiny");
    // Four epochs of 2,000 paths: far from the full size's RMS 0.0187 (docs/hedgers.md), but no hedge
    // is about 0.58 from the delta with an entropic risk about 7 times the delta's.
    expect(rms).toBeLessThan(0.3);
    expect(risk).toBeLessThan(2 * deltaRisk);
    const lines = log.mock.calls.map((call) => call.join(" "));
    expect(lines[0]).toMatch(/^SigFormerHedger\(dim=4, order=3, heads=2, blocks=1, /);
    expect(lines.filter((line) => line.startsWith("epoch "))).toHaveLength(4);
    expect(lines.at(-3)).toMatch(new RegExp(`^kept epoch ${bestEpoch} \\(training \\d+ s\\)$`));
    expect(lines.slice(-2)).toEqual([
      `RMS(holding − delta) = ${rms.toFixed(4)}`,
      `entropic risk: sigformer ${risk.toFixed(4)}, delta ${deltaRisk.toFixed(4)}`,
    ]);
  });
});
