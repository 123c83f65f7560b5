import { describe, expect, it } from "vitest";
import { estimateRegimeDynamics } from "../../src/generators/regime-dynamics.js";
import type { PriceTable } from "../../src/data/price-table.js";
import { cholesky } from "../../src/math/cholesky.js";
import { createRandom } from "../../src/random/random-source.js";

const sigma = [Float64Array.from([1e-4, 4e-5, 4e-5, 2e-4]), Float64Array.from([9e-4, -1e-4, -1e-4, 4e-4])];

/** A two-asset price table whose day-d returns follow the regime labels[d] (blocks of 50 days). */
function syntheticTable(days: number, seed: number): { table: PriceTable; labels: Int32Array } {
  const random = createRandom(seed);
  const labels = Int32Array.from({ length: days }, (_, d) => Math.floor(d / 50) % 2);
  const a = new Float64Array(days);
  const b = new Float64Array(days);
  a[0] = 100;
  b[0] = 50;
  const factors = sigma.map((s) => cholesky(s, 2));
  for (let d = 1; d < days; d++) {
    const f = factors[labels[d]!]!;
    const [z0, z1] = [random.normal(), random.normal()];
    a[d] = a[d - 1]! * Math.exp(f[0]! * z0);
    b[d] = b[d - 1]! * Math.exp(f[2]! * z0 + f[3]! * z1);
  }
  const dates = Array.from({ length: days }, (_, d) => `day${d}`);
  const origin = { file: "synthetic", lines: new Int32Array(days) };
  return { table: { dates, tickers: ["A", "B"], prices: [a, b], origins: [origin, origin] }, labels };
}

describe("estimateRegimeDynamics", () => {
  it("recovers each regime's covariance within three standard errors and counts transitions", () => {
    const days = 20_001;
    const { table, labels } = syntheticTable(days, 1);
    const span = { start: "day0", end: `day${days - 1}`, startIndex: 0, endIndex: days - 1 };
    const dyn = estimateRegimeDynamics(table, ["A", "B"], span, labels, 2);
    for (let k = 0; k < 2; k++) {
      const n = dyn.counts[k]!;
      const s = sigma[k]!;
      for (const [i, j] of [
        [0, 0],
        [1, 1],
        [0, 1],
      ] as const) {
        const se = Math.sqrt((s[i * 2 + i]! * s[j * 2 + j]! + s[i * 2 + j]! ** 2) / n);
        expect(Math.abs(dyn.covariances[k]![i * 2 + j]! - s[i * 2 + j]!)).toBeLessThan(3 * se);
      }
      expect(dyn.repairs[k]).toBe("");
    }
    // Blocks of 50 days: a regime is left once per block.
    expect(dyn.transition[0 * 2 + 1]).toBeCloseTo(1 / 50, 3);
    expect(dyn.proportions[0]! + dyn.proportions[1]!).toBeCloseTo(1, 12);
  });

  it("repairs a regime with too few days and says so", () => {
    const { table } = syntheticTable(200, 2);
    const labels = new Int32Array(200);
    labels[100] = 1; // one day in regime 1
    const span = { start: "day0", end: "day199", startIndex: 0, endIndex: 199 };
    const dyn = estimateRegimeDynamics(table, ["A", "B"], span, labels, 2);
    expect(dyn.repairs[1]).toMatch(/^only 1 training days: shrunk toward the pooled covariance/);
    expect(dyn.cholesky[1]!.every(Number.isFinite)).toBe(true);
  });
});
