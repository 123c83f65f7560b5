import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRandom, generateGbm, EuropeanOption, DeltaHedge, evaluatePolicy } from "../src/index.js";

describe("README example", () => {
  it("runs as written: the delta hedge's entropic risk on GBM is near the Black–Scholes price", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain("evaluatePolicy(new DeltaHedge({ volatility: 0.2 }), context, createRandom(2))");
    const paths = generateGbm({ n: 10_000, volatility: 0.2 }, createRandom(1));
    const context = { paths, option: new EuropeanOption({ strike: 100 }), dt: 1 / 252 };
    const { summary } = evaluatePolicy(new DeltaHedge({ volatility: 0.2 }), context, createRandom(2), {
      bootstrap: { resamples: 100 },
    });
    // ATM 30-day call at 20% volatility costs ≈ 2.75; the hedged seller's indifference price is close.
    expect(summary.indifferencePrice).toBeGreaterThan(2.5);
    expect(summary.indifferencePrice).toBeLessThan(3.5);
  });

  it("states the two commands of a fresh machine, and .ci/run calls the test one", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm ci && npm test");
    expect(readFileSync(new URL("../.ci/run", import.meta.url), "utf8")).toMatch(/^npm ci && npm test$/m);
  });
});
