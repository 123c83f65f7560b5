import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import { differenceSurface } from "../../src/evaluation/difference-surface.js";
import { holdingSurface } from "../../src/evaluation/holding-surface.js";
import { createRandom } from "../../src/random/random-source.js";

describe("differenceSurface", () => {
  // N = 40 paths, T = 5, H = 3: random prices around 100 and random holdings of both strategies.
  const random = createRandom(11);
  const n = 40;
  const steps = 5;
  const assets = 3;
  const values = random.fillNormal(new Float64Array(n * (steps + 1) * assets)).map((x) => 100 + 8 * x);
  const paths = createPathBatch(values, { n, steps, tickers: ["A", "B", "C"] });
  const learned = random.fillNormal(new Float64Array(n * steps * assets));
  const delta = random.fillNormal(new Float64Array(n * steps * assets));

  it("equals, cell by cell, the mean of learned − delta over the (path, date) pairs of the cell (direct computation)", () => {
    const bins = 4;
    const range = [0.9, 1.1] as const;
    for (let a = 0; a < assets; a++) {
      const s = differenceSurface(paths, learned, delta, 100, { bins, range, asset: a });
      const sums = new Float64Array(steps * bins);
      const counts = new Int32Array(steps * bins);
      for (let i = 0; i < n; i++)
        for (let t = 0; t < steps; t++) {
          const m = values[(i * (steps + 1) + t) * assets]! / 100; // the underlying's moneyness
          const j = Math.min(bins - 1, Math.max(0, Math.floor((m - 0.9) / 0.05)));
          const k = (i * steps + t) * assets + a;
          sums[t * bins + j]! += learned[k]! - delta[k]!;
          counts[t * bins + j]!++;
        }
      expect([...s.count]).toEqual([...counts]);
      s.holding.forEach((h, cell) => {
        if (counts[cell] === 0) expect(h).toBeNaN();
        else expect(h).toBeCloseTo(sums[cell]! / counts[cell]!, 12);
      });
    }
  });

  it("is the strategy's holding surface minus the baseline's, on the same grid", () => {
    const d = differenceSurface(paths, learned, delta, 100, { asset: 2 });
    const l = holdingSurface(paths, learned, 100, { asset: 2 });
    const b = holdingSurface(paths, delta, 100, { asset: 2 });
    expect([...d.edges]).toEqual([...l.edges]);
    d.holding.forEach((h, cell) => {
      if (Number.isNaN(h)) expect(l.holding[cell]).toBeNaN();
      else expect(h).toBeCloseTo(l.holding[cell]! - b.holding[cell]!, 12);
    });
  });

  it("refuses an asset outside the hedge set and holdings of another shape", () => {
    expect(() => differenceSurface(paths, learned, delta, 100, { asset: 3 })).toThrow(
      "invalid asset: 3 (must be an integer in 0..2)",
    );
    expect(() => differenceSurface(paths, learned, delta.subarray(1), 100)).toThrow(/baseline holdings/);
  });
});
