import { describe, expect, it } from "vitest";
import { mergePriceTables } from "../../src/data/merge-price-tables.js";
import { parsePrices } from "../../src/data/parse-prices.js";

describe("mergePriceTables", () => {
  const a = parsePrices("date,A\n2024-01-02,1\n2024-01-04,3\n", { file: "a.csv" });
  const b = parsePrices("date,B,C\n2024-01-03,20,200\n2024-01-04,30,300\n", { file: "b.csv" });

  it("joins tickers on the union of dates, NaN and origin line 0 where a file lacks a date", () => {
    const merged = mergePriceTables([a, b]);
    expect(merged.dates).toEqual(["2024-01-02", "2024-01-03", "2024-01-04"]);
    expect(merged.tickers).toEqual(["A", "B", "C"]);
    expect([...merged.prices[0]!]).toEqual([1, NaN, 3]);
    expect([...merged.prices[2]!]).toEqual([NaN, 200, 300]);
    expect(merged.origins.map((o) => o.file)).toEqual(["a.csv", "b.csv", "b.csv"]);
    expect([...merged.origins[0]!.lines]).toEqual([2, 0, 3]);
    expect([...merged.origins[1]!.lines]).toEqual([0, 2, 3]);
  });

  it("keeps columns as they are when the tables share their dates", () => {
    const c = parsePrices("date,D\n2024-01-02,5\n2024-01-04,6\n", { file: "c.csv" });
    const merged = mergePriceTables([a, c]);
    expect(merged.dates).toEqual(a.dates);
    expect(merged.prices[1]).toBe(c.prices[0]);
  });

  it("returns a single table unchanged", () => {
    expect(mergePriceTables([a])).toBe(a);
  });

  it("rejects a ticker present in two tables, naming both files", () => {
    const again = parsePrices("date,A\n2024-01-05,1\n", { file: "again.csv" });
    expect(() => mergePriceTables([a, b, again])).toThrow("ticker A is in both a.csv and again.csv");
  });

  it("rejects an empty list", () => {
    expect(() => mergePriceTables([])).toThrow("no price tables to merge");
  });
});
