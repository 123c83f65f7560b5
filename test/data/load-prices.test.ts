import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  EMBEDDED_DATA_DIR,
  loadEmbeddedPrices,
  loadImpliedVolatility,
  loadMarketIndex,
  loadPrices,
} from "../../src/data/load-prices.js";
import { HedgelabError } from "../../src/errors.js";

const fixtures = fileURLToPath(new URL("fixtures/", import.meta.url));

function valueOn(table: ReturnType<typeof loadEmbeddedPrices>, ticker: string, date: string): number {
  return table.prices[table.tickers.indexOf(ticker)]![table.dates.indexOf(date)]!;
}

describe("loadEmbeddedPrices", () => {
  const table = loadEmbeddedPrices();

  it("holds 45 tickers on the trading days 2004-01-02..2024-12-31", () => {
    expect(table.tickers).toHaveLength(45);
    expect(table.tickers.slice(0, 5)).toEqual(["AAPL", "MSFT", "AMZN", "GOOGL", "JPM"]);
    expect(table.dates[0]).toBe("2004-01-02");
    expect(table.dates.at(-1)).toBe("2024-12-31");
    expect(table.dates).toHaveLength(5285);
    expect(table.origins[0]!.file).toBe("data/adj_close_2004_2024.csv");
  });

  it("has the documented value AAPL 2024-12-31 = 248.6158 on line 5286", () => {
    expect(valueOn(table, "AAPL", "2024-12-31")).toBeCloseTo(248.6158, 4);
    expect(table.origins[0]!.lines.at(-1)).toBe(5286);
  });

  it("has no price for META before its listing on 2012-05-18", () => {
    expect(valueOn(table, "META", "2012-05-17")).toBeNaN();
    expect(valueOn(table, "META", "2012-05-18")).toBeGreaterThan(0);
  });

  it("is parsed once and then served from memory", () => {
    expect(loadEmbeddedPrices()).toBe(table);
  });

  it("lives in EMBEDDED_DATA_DIR, the package's data/ folder", () => {
    expect(EMBEDDED_DATA_DIR).toBe(fileURLToPath(new URL("../../data/", import.meta.url)));
  });
});

describe("loadMarketIndex and loadImpliedVolatility", () => {
  it("loadMarketIndex has the documented S&P 500 and VIX values", () => {
    const index = loadMarketIndex();
    expect(index.tickers).toEqual([
      "GSPC_close",
      "VIX_close",
      "SPY_adj_close",
      "SPY_close_unadjusted",
      "SPY_dividend",
    ]);
    expect(valueOn(index, "GSPC_close", "2008-09-26")).toBe(1213.27);
    expect(valueOn(index, "GSPC_close", "2024-12-31")).toBeCloseTo(5881.63, 2);
    expect(valueOn(index, "VIX_close", "2008-11-20")).toBe(80.86);
    expect(loadMarketIndex()).toBe(index);
  });

  it("loadImpliedVolatility holds annualised vols of 20 stocks, 2010-01-04..2022-12-28", () => {
    const vol = loadImpliedVolatility();
    expect(vol.tickers).toHaveLength(20);
    expect(vol.dates[0]).toBe("2010-01-04");
    expect(vol.dates.at(-1)).toBe("2022-12-28");
    expect(valueOn(vol, "AAPL", "2010-01-04")).toBeCloseTo(0.3643533, 6);
    expect(vol.origins[0]!.file).toBe("data/implied_vol_3m_atm_2010_2022.csv");
  });

  it("loadImpliedVolatility reads another file when given one", () => {
    const file = join(fixtures, "wide-msft-jpm.csv");
    expect(loadImpliedVolatility(file).tickers).toEqual(["MSFT", "JPM"]);
  });
});

describe("loadPrices", () => {
  it("names a one-ticker Yahoo file after its base name, uppercased", () => {
    const table = loadPrices([join(fixtures, "aapl.csv")]);
    expect(table.tickers).toEqual(["AAPL"]);
    expect(table.dates).toEqual(["2024-12-02", "2024-12-03", "2024-12-04", "2024-12-05", "2024-12-06"]);
    expect(table.prices[0]![0]).toBe(237.8638153);
    expect(table.origins[0]!.file).toBe(join(fixtures, "aapl.csv"));
  });

  it("reads a long file with a Ticker column, NaN where a ticker lacks a date", () => {
    const table = loadPrices([join(fixtures, "long-tickers.csv")]);
    expect(table.tickers).toEqual(["AAPL", "MSFT"]);
    expect(table.dates).toHaveLength(4);
    expect(table.prices[1]![1]).toBeNaN();
    expect(table.prices[1]![3]).toBe(437.4307556);
  });

  it("merges several files on the union of their dates", () => {
    const table = loadPrices([join(fixtures, "aapl.csv"), join(fixtures, "wide-msft-jpm.csv")]);
    expect(table.tickers).toEqual(["AAPL", "MSFT", "JPM"]);
    expect(table.dates[0]).toBe("2024-12-02");
    expect(table.dates.at(-1)).toBe("2024-12-09");
    expect(table.prices[1]![0]).toBeNaN();
    expect(table.prices[0]![5]).toBeNaN();
    expect(table.prices[2]![5]).toBe(235.4129486);
  });

  it("rejects a ticker given by two files, naming both", () => {
    const a = join(fixtures, "aapl.csv");
    const long = join(fixtures, "long-tickers.csv");
    expect(() => loadPrices([a, long])).toThrow(`ticker AAPL is in both ${a} and ${long}`);
  });

  it("rejects a missing file with the system's reason", () => {
    expect(() => loadPrices(["missing/nope.csv"])).toThrow(HedgelabError);
    expect(() => loadPrices(["missing/nope.csv"])).toThrow(
      "cannot read prices file missing/nope.csv: ENOENT: no such file or directory",
    );
    expect(() => loadPrices([])).toThrow("no prices files given");
  });
});
