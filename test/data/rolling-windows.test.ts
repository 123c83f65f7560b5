import { describe, expect, it } from "vitest";
import { resolveDateSpan } from "../../src/data/date-span.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { parsePrices } from "../../src/data/parse-prices.js";
import { pathPrice } from "../../src/data/path-batch.js";
import { DEFAULT_REBASE, DEFAULT_STEPS, rollingWindows } from "../../src/data/rolling-windows.js";
import { validatePrices } from "../../src/data/validate-prices.js";
import { HedgelabError } from "../../src/errors.js";

// 10 trading dates; A doubles each day from 1, B counts up from 10.
const rows = Array.from({ length: 10 }, (_, d) => `2024-01-${String(d + 10)},${2 ** d},${10 + d}`);
const table = parsePrices(`date,A,B\n${rows.join("\n")}\n`, { file: "prices.csv" });
const span = resolveDateSpan(table);

describe("rollingWindows", () => {
  it("has the defaults T = 30 steps and S_0 = 100", () => {
    expect(DEFAULT_STEPS).toBe(30);
    expect(DEFAULT_REBASE).toBe(100);
  });

  it("makes every window of T + 1 dates inside the span: N = D − T, shape [N, T + 1, H]", () => {
    const batch = rollingWindows(table, { tickers: ["A", "B"], steps: 3, span });
    expect(batch.n).toBe(7);
    expect(batch.steps).toBe(3);
    expect(batch.assets).toBe(2);
    expect(batch.tickers).toEqual(["A", "B"]);
    expect(batch.values).toHaveLength(7 * 4 * 2);
    expect([...batch.startIndex!]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(batch.startDates).toEqual(table.dates.slice(0, 7));
  });

  it("rebases every asset of every window to S_0 = 100", () => {
    const batch = rollingWindows(table, { tickers: ["A", "B"], steps: 3, span });
    for (let i = 0; i < batch.n; i++) for (let h = 0; h < 2; h++) expect(pathPrice(batch, i, 0, h)).toBe(100);
    expect(pathPrice(rollingWindows(table, { tickers: ["B"], steps: 2, span, rebase: 1 }), 4, 0, 0)).toBe(1);
  });

  it("window i equals rebase · P(s_i + t) / P(s_i) of the raw prices", () => {
    const batch = rollingWindows(table, { tickers: ["B", "A"], steps: 3, span });
    for (let i = 0; i < batch.n; i++) {
      for (let t = 0; t <= 3; t++) {
        expect(pathPrice(batch, i, t, 0)).toBeCloseTo((100 * (10 + i + t)) / (10 + i), 12);
        expect(pathPrice(batch, i, t, 1)).toBeCloseTo(100 * 2 ** t, 12);
      }
    }
  });

  it("starts windows stride dates apart, inside the span only", () => {
    const inner = resolveDateSpan(table, { start: "2024-01-11", end: "2024-01-18" });
    const batch = rollingWindows(table, { tickers: ["B"], steps: 2, stride: 3, span: inner });
    expect([...batch.startIndex!]).toEqual([1, 4]);
    expect(batch.startDates).toEqual(["2024-01-11", "2024-01-14"]);
    expect(pathPrice(batch, 1, 2, 0)).toBeCloseTo((100 * 16) / 14, 12);
    const exact = rollingWindows(table, { tickers: ["B"], steps: 2, stride: 5, span });
    expect([...exact.startIndex!]).toEqual([0, 5]);
  });

  it("matches the embedded AAPL prices for a 30-step window starting 2024-11-15", () => {
    const prices = loadEmbeddedPrices();
    const window = validatePrices(prices, { tickers: ["AAPL"], start: "2024-11-15", end: "2024-12-31" });
    const batch = rollingWindows(prices, { tickers: ["AAPL"], span: window });
    const aapl = prices.prices[0]!;
    const s = window.startIndex;
    expect(batch.n).toBe(window.endIndex - s - 30 + 1);
    expect(pathPrice(batch, 0, 30, 0)).toBeCloseTo((100 * aapl[s + 30]!) / aapl[s]!, 10);
  });

  it("rejects a span with fewer than T + 1 dates", () => {
    const prices = loadEmbeddedPrices();
    const short = validatePrices(prices, { tickers: ["AAPL"], start: "2024-12-02", end: "2024-12-31" });
    expect(() => rollingWindows(prices, { tickers: ["AAPL"], span: short })).toThrow(
      "too little history: 2024-12-02..2024-12-31 has 21 dates, one window of T = 30 steps needs 31",
    );
  });

  it("rejects invalid options, naming them", () => {
    expect(() => rollingWindows(table, { tickers: ["A"], span, stride: 0 })).toThrow(
      "invalid stride: 0 (must be a positive integer)",
    );
    expect(() => rollingWindows(table, { tickers: ["A"], span, steps: 1.5 })).toThrow(
      "invalid steps: 1.5 (must be a positive integer)",
    );
    expect(() => rollingWindows(table, { tickers: ["A"], span, steps: 2, rebase: -1 })).toThrow(
      "invalid rebase: -1 (must be a finite number > 0)",
    );
  });

  it("rejects a span that does not belong to the table", () => {
    const foreign = { start: "2024-01-10", end: "2024-01-19", startIndex: 1, endIndex: 9 };
    expect(() => rollingWindows(table, { tickers: ["A"], steps: 2, span: foreign })).toThrow(HedgelabError);
    expect(() => rollingWindows(table, { tickers: ["A"], steps: 2, span: foreign })).toThrow("invalid span");
  });

  it("validates the prices in the span first: a gap is an error, not filled", () => {
    const lines = rows.map((row, d) => (d === 4 ? row.replace(/,\d+,/, ",,") : row));
    const gappy = parsePrices(`date,A,B\n${lines.join("\n")}\n`, { file: "gappy.csv" });
    expect(() => rollingWindows(gappy, { tickers: ["A"], steps: 2, span: resolveDateSpan(gappy) })).toThrow(
      "A has 1 missing price in 2024-01-10..2024-01-19 (first on 2024-01-14, gappy.csv line 6)",
    );
  });
});
