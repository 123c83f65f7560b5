import { describe, expect, it } from "vitest";
import {
  createPathBatch,
  gatherPaths,
  joinAssets,
  joinPaths,
  pathPrice,
  selectAssets,
  type PathBatch,
} from "../../src/data/path-batch.js";

describe("joinAssets", () => {
  it("puts batches side by side along the assets, path by path, and selectAssets takes them apart again", () => {
    // 2 paths × 2 dates × 1 asset and 2 paths × 2 dates × 2 assets.
    const a = createPathBatch(Float64Array.from([1, 2, 3, 4]), { n: 2, steps: 1, tickers: ["A"] });
    const bc = createPathBatch(Float64Array.from([10, 20, 11, 21, 12, 22, 13, 23]), {
      n: 2,
      steps: 1,
      tickers: ["B", "C"],
    });
    const joined = joinAssets([a, bc]);
    expect(joined.tickers).toEqual(["A", "B", "C"]);
    expect(Array.from(joined.values)).toEqual([1, 10, 20, 2, 11, 21, 3, 12, 22, 4, 13, 23]);
    expect(pathPrice(joined, 1, 0, 2)).toBe(22);
    expect(Array.from(selectAssets(joined, ["B", "C"]).values)).toEqual(Array.from(bc.values));
    expect(Array.from(selectAssets(joined, ["A"]).values)).toEqual(Array.from(a.values));
  });

  it("refuses batches of different sizes", () => {
    const a = createPathBatch(new Float64Array(4), { n: 2, steps: 1, tickers: ["A"] });
    const b = createPathBatch(new Float64Array(6), { n: 3, steps: 1, tickers: ["B"] });
    expect(() => joinAssets([a, b])).toThrow(/joinAssets: batches of 3×1 and 2×1 paths/);
  });
});

describe("the variance of a stochastic-volatility world", () => {
  // Two paths, one step, two assets; variance = 10 × price.
  const values = Float64Array.from([100, 200, 101, 202, 100, 200, 99, 198]);
  const batch = createPathBatch(
    values,
    { n: 2, steps: 1, tickers: ["A", "B"] },
    {
      variance: values.map((v) => v * 10),
    },
  );
  const tenfold = (b: PathBatch): boolean => b.values.every((v, k) => b.variance![k] === v * 10);

  it("follows the prices through selectAssets, gatherPaths and joinPaths", () => {
    expect(tenfold(selectAssets(batch, ["B"]))).toBe(true);
    expect(tenfold(gatherPaths(batch, [1, 0, 1]))).toBe(true);
    const joined = joinPaths([batch, gatherPaths(batch, [1])], 1, ["A", "B"]);
    expect(joined.n).toBe(3);
    expect(tenfold(joined)).toBe(true);
    expect(
      joinPaths([batch, createPathBatch(values, { n: 2, steps: 1, tickers: ["A", "B"] })], 1, ["A", "B"])
        .variance,
    ).toBeUndefined();
  });

  it("must have the shape of the prices", () => {
    expect(() =>
      createPathBatch(values, { n: 2, steps: 1, tickers: ["A", "B"] }, { variance: new Float64Array(3) }),
    ).toThrow("variance must have the shape of the values");
  });
});
