import { describe, expect, it } from "vitest";
import { chronologicalSplit, DEFAULT_SPLIT, splitWindows } from "../../src/data/chronological-split.js";
import { spanLength, type DateSpan } from "../../src/data/date-span.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { parsePrices } from "../../src/data/parse-prices.js";
import type { PathBatch } from "../../src/data/path-batch.js";

const prices = loadEmbeddedPrices();
const tickers = ["AAPL", "GOOGL", "MSFT", "AMZN", "JPM"];

/** Table index of the last date of the last window of `batch`. */
function lastWindowEnd(batch: PathBatch): number {
  return batch.startIndex![batch.n - 1]! + batch.steps;
}

describe("DEFAULT_SPLIT", () => {
  it("is the paper's 2008-09-26..2024-12-31, 70 % train, 20 % of the rest for validation", () => {
    expect(DEFAULT_SPLIT).toEqual({ start: "2008-09-26", end: "2024-12-31", train: 0.7, validation: 0.2 });
  });
});

describe("chronologicalSplit", () => {
  it("cuts the embedded 2008-09-26..2024-12-31 dates into ⌊0.7 D⌋, ⌊0.2 (D − train)⌋ and the rest", () => {
    const split = chronologicalSplit(prices);
    const first = prices.dates.indexOf("2008-09-26");
    const last = prices.dates.indexOf("2024-12-31");
    const total = last - first + 1;
    const train = Math.floor(0.7 * total);
    const validation = Math.floor(0.2 * (total - train));
    expect(total).toBe(4093);
    expect(spanLength(split.train)).toBe(train);
    expect(spanLength(split.validation)).toBe(validation);
    expect(spanLength(split.test)).toBe(total - train - validation);
    expect(split.train.start).toBe("2008-09-26");
    expect(split.train.startIndex).toBe(first);
    expect(split.test.end).toBe("2024-12-31");
    expect(split.test.endIndex).toBe(last);
  });

  it("gives consecutive, non-overlapping spans whose dates match their indices", () => {
    const split = chronologicalSplit(prices, {
      start: "2015-01-01",
      end: "2016-12-31",
      train: 0.5,
      validation: 0.5,
    });
    expect(split.validation.startIndex).toBe(split.train.endIndex + 1);
    expect(split.test.startIndex).toBe(split.validation.endIndex + 1);
    for (const span of [split.train, split.validation, split.test] as DateSpan[]) {
      expect(prices.dates[span.startIndex]).toBe(span.start);
      expect(prices.dates[span.endIndex]).toBe(span.end);
    }
    expect(split.train.start).toBe("2015-01-02");
    expect(split.test.end).toBe("2016-12-30");
  });

  it("leaves the validation span empty when its fraction is 0", () => {
    const split = chronologicalSplit(prices, { validation: 0 });
    expect(spanLength(split.validation)).toBe(0);
    expect(split.test.startIndex).toBe(split.train.endIndex + 1);
  });

  it("rejects fractions outside their intervals, naming the option", () => {
    expect(() => chronologicalSplit(prices, { train: 1 })).toThrow(
      "invalid train: 1 (must be a fraction in (0, 1))",
    );
    expect(() => chronologicalSplit(prices, { train: 0 })).toThrow("invalid train: 0");
    expect(() => chronologicalSplit(prices, { validation: -0.1 })).toThrow(
      "invalid validation: -0.1 (must be a fraction in [0, 1))",
    );
    expect(() => chronologicalSplit(prices, { validation: Number.NaN })).toThrow("invalid validation: NaN");
  });

  it("rejects fractions that leave a span without dates", () => {
    const range = { start: "2024-12-02", end: "2024-12-31" };
    expect(() => chronologicalSplit(prices, { ...range, train: 0.01 })).toThrow(
      "invalid train: 0.01 (leaves no training dates: ⌊0.01 × 21⌋ = 0 of the 21 dates in 2024-12-02..2024-12-31)",
    );
    expect(() => chronologicalSplit(prices, { ...range, validation: 0.1 })).toThrow(
      "invalid validation: 0.1 (leaves no validation dates: ⌊0.1 × 7⌋ = 0 of the 7 dates after training)",
    );
  });

  it("rejects a range outside the data", () => {
    expect(() => chronologicalSplit(prices, { start: "2001-01-02" })).toThrow(
      "start 2001-01-02 is before the first date 2004-01-02 of data/adj_close_2004_2024.csv",
    );
  });
});

describe("splitWindows", () => {
  const split = chronologicalSplit(prices);
  const batches = splitWindows(prices, split, { tickers });

  it("builds windows of every span on the embedded data: N = D − T per span", () => {
    expect(batches.train.n).toBe(spanLength(split.train) - 30);
    expect(batches.validation.n).toBe(spanLength(split.validation) - 30);
    expect(batches.test.n).toBe(spanLength(split.test) - 30);
    expect(batches.test.tickers).toEqual(tickers);
    expect(batches.train.startDates![0]).toBe("2008-09-26");
  });

  it("never lets a window cross a split boundary", () => {
    for (const [batch, span] of [
      [batches.train, split.train],
      [batches.validation, split.validation],
      [batches.test, split.test],
    ] as const) {
      expect(batch.startIndex![0]).toBe(span.startIndex);
      expect(lastWindowEnd(batch)).toBe(span.endIndex);
    }
    expect(lastWindowEnd(batches.train)).toBeLessThan(batches.validation.startIndex![0]!);
    expect(lastWindowEnd(batches.validation)).toBeLessThan(batches.test.startIndex![0]!);
  });

  it("keeps windows inside spans with a stride too", () => {
    const strided = splitWindows(prices, split, { tickers: ["AAPL"], stride: 7 });
    expect(lastWindowEnd(strided.train)).toBeLessThanOrEqual(split.train.endIndex);
    expect(strided.train.n).toBe(Math.floor((spanLength(split.train) - 31) / 7) + 1);
  });

  it("returns an empty validation batch when the validation span is too short for a window", () => {
    const rows = Array.from(
      { length: 40 },
      (_, d) => `${new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10)},${d + 1}`,
    );
    const small = parsePrices(`date,A\n${rows.join("\n")}\n`, { file: "small.csv" });
    const tiny = chronologicalSplit(small, {
      start: "2024-01-01",
      end: "2024-02-09",
      train: 0.5,
      validation: 0,
    });
    const windows = splitWindows(small, tiny, { tickers: ["A"], steps: 5 });
    expect(windows.validation.n).toBe(0);
    expect(windows.validation.values).toHaveLength(0);
    expect(windows.validation.steps).toBe(5);
    expect(windows.train.n).toBe(20 - 5);
    expect(windows.test.n).toBe(20 - 5);
  });

  it("fails with too little history when the test span is shorter than a window", () => {
    const late = chronologicalSplit(prices, { start: "2024-06-03", end: "2024-12-31", train: 0.8 });
    expect(() => splitWindows(prices, late, { tickers: ["AAPL"] })).toThrow(
      /^too little history: 2024-\d\d-\d\d\.\.2024-12-31 has \d+ dates, one window of T = 30 steps needs 31$/,
    );
  });
});
