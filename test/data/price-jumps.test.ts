import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveDateSpan } from "../../src/data/date-span.js";
import { loadEmbeddedPrices, loadMarketIndex, loadPrices } from "../../src/data/load-prices.js";
import { checkPriceJumps, findPriceJumps } from "../../src/data/price-jumps.js";
import type { PriceTable } from "../../src/data/price-table.js";

const typo = fileURLToPath(new URL("fixtures/spy-typo.csv", import.meta.url));

function table(prices: number[]): PriceTable {
  const dates = prices.map((_, d) => `2020-01-${String(d + 1).padStart(2, "0")}`);
  return {
    dates,
    tickers: ["X"],
    prices: [Float64Array.from(prices)],
    origins: [{ file: "x.csv", lines: Int32Array.from(dates, (_, d) => d + 2) }],
  };
}

describe("findPriceJumps", () => {
  it("finds a price typed two decimal places off, and names its file, line and date", () => {
    const spy = loadPrices([typo]);
    const jumps = findPriceJumps(spy, "SPY");
    expect(jumps).toHaveLength(1);
    expect(jumps[0]).toMatchObject({ date: "2019-03-05", line: 44, price: 2.4961, previous: 249.9455 });
    expect(() => checkPriceJumps(spy, ["SPY"], resolveDateSpan(spy, {}, ["SPY"]))).toThrow(
      /^.*spy-typo\.csv line 44: SPY price 2\.4961 on 2019-03-05 is implausible: -99\.0% from 249\.9455, back to 248\.0937 the next day, \d+ times the typical daily move \(0\.\d\d%\); fix it, or accept such prices with --accept-jumps$/,
    );
  });

  it("leaves a crash alone (no reversion), a small spike alone, and a constant series alone", () => {
    const walk = [100, 101, 100.5, 101.2, 100.8, 101.5, 101, 100.7, 101.3, 101.1];
    expect(findPriceJumps(table([...walk, 10, 10.2, 10.1, 10.3]), "X")).toEqual([]); // a crash that stays
    expect(findPriceJumps(table([...walk, 103, 101, 101.4]), "X")).toEqual([]); // a 2% spike
    expect(findPriceJumps(table([5, 5, 5, 5, 5, 500, 5, 5]), "X")).toEqual([]); // no scale to measure by
    expect(findPriceJumps(table([...walk, 1e-300, 101, 101.4]), "X").map((j) => j.price)).toEqual([1e-300]);
  });

  it("finds no jump in the embedded data, crashes of 2008 and 2020 included", () => {
    for (const data of [loadEmbeddedPrices(), loadMarketIndex()]) {
      for (const ticker of data.tickers.filter((t) => t !== "SPY_dividend")) {
        expect(findPriceJumps(data, ticker), ticker).toEqual([]);
      }
    }
  });
});
