import { describe, expect, it } from "vitest";
import { MISSING_MARKERS, parsePrices } from "../../src/data/parse-prices.js";

const file = "prices.csv";

describe("parsePrices, wide layout", () => {
  it("reads one column per ticker with the line of every date", () => {
    const table = parsePrices("date,AAPL,MSFT\n2024-01-02,1.5,10\n2024-01-03,2,11e0\n", { file });
    expect(table.dates).toEqual(["2024-01-02", "2024-01-03"]);
    expect(table.tickers).toEqual(["AAPL", "MSFT"]);
    expect([...table.prices[0]!]).toEqual([1.5, 2]);
    expect([...table.prices[1]!]).toEqual([10, 11]);
    expect(table.origins.map((o) => o.file)).toEqual([file, file]);
    expect([...table.origins[1]!.lines]).toEqual([2, 3]);
  });

  it("accepts a first column named Date in any case and drops a time after the date", () => {
    const table = parsePrices("DATE,A\n2024-01-02T00:00:00,1\n2024-01-03 00:00:00+00:00,2\n", { file });
    expect(table.dates).toEqual(["2024-01-02", "2024-01-03"]);
  });

  it("reads every missing marker as NaN and keeps prices ≤ 0 as parsed", () => {
    const rows = MISSING_MARKERS.map((marker, k) => `2024-01-${String(k + 10)},${marker},-3`);
    const table = parsePrices(`date,A,B\n${rows.join("\n")}\n2024-01-31, 0 ,5\n`, { file });
    expect(MISSING_MARKERS).toEqual(["", "NaN", "nan", "NA", "null", "N/A"]);
    expect([...table.prices[0]!].slice(0, -1).every(Number.isNaN)).toBe(true);
    expect(table.prices[0]![MISSING_MARKERS.length]).toBe(0);
    expect(table.prices[1]![0]).toBe(-3);
  });

  it("rejects an unparsable date, naming file, line and the expected form", () => {
    expect(() => parsePrices("date,A\n2012-07-02,1\n07/03/2012,2\n", { file })).toThrow(
      'prices.csv line 3: unparsable date "07/03/2012" (expected YYYY-MM-DD)',
    );
  });

  it("rejects a day that is not on the calendar", () => {
    expect(() => parsePrices("date,A\n2021-02-30,1\n", { file })).toThrow(
      'prices.csv line 2: invalid date "2021-02-30" (no such calendar day)',
    );
  });

  it("rejects a duplicate date, naming both lines", () => {
    expect(() => parsePrices("date,A\n2024-01-02,1\n2024-01-03,2\n2024-01-03,3\n", { file })).toThrow(
      "prices.csv lines 3 and 4: duplicate date 2024-01-03",
    );
  });

  it("rejects decreasing dates, naming the line", () => {
    expect(() => parsePrices("date,A\n2024-01-03,1\n2024-01-02,2\n", { file })).toThrow(
      "prices.csv line 3: date 2024-01-02 follows 2024-01-03 (line 2); dates must increase",
    );
  });

  it("rejects a cell that is not a number, naming file, line and ticker", () => {
    expect(() => parsePrices("date,AAPL,MSFT\n2024-01-02,1,2\n2024-01-03,1,abc\n", { file })).toThrow(
      'prices.csv line 3: MSFT price "abc" is not a number',
    );
    expect(() => parsePrices("date,A\n2024-01-02,0x10\n", { file })).toThrow(
      'A price "0x10" is not a number',
    );
    expect(() => parsePrices("date,A\n2024-01-02,1.2.3\n", { file })).toThrow(
      'A price "1.2.3" is not a number',
    );
  });

  it("reads infinite values so that validation can report them", () => {
    const table = parsePrices("date,A\n2024-01-02,inf\n2024-01-03,-Infinity\n", { file });
    expect([...table.prices[0]!]).toEqual([Infinity, -Infinity]);
  });

  it("rejects an empty file, a header without rows and a header without price columns", () => {
    expect(() => parsePrices("", { file })).toThrow("prices.csv: the file is empty");
    expect(() => parsePrices("date,A,B\n", { file })).toThrow(
      "prices.csv: no price rows after the header on line 1",
    );
    expect(() => parsePrices("date\n2024-01-02\n", { file })).toThrow(
      'prices.csv line 1: no price columns after "date"',
    );
  });

  it("rejects a header it does not recognise, a nameless column and a repeated column", () => {
    expect(() => parsePrices("time,A\n2024-01-02,1\n", { file })).toThrow(
      'prices.csv line 1: unrecognised header "time,A"',
    );
    expect(() => parsePrices("date,A,\n2024-01-02,1,2\n", { file })).toThrow(
      "prices.csv line 1: column 3 has no name",
    );
    expect(() => parsePrices("date,A,A\n2024-01-02,1,2\n", { file })).toThrow(
      "prices.csv line 1: columns 2 and 3 are both A",
    );
  });
});

describe("parsePrices, long (Yahoo) layout", () => {
  const yahoo =
    "Date,Open,High,Low,Close,Adj Close,Volume\n" +
    "2024-12-02,237.27,240.79,237.16,239.59,237.86,48137100\n" +
    "2024-12-03,239.81,242.76,238.90,242.65,null,38861000\n";

  it("reads the Adj Close column of a one-ticker file under the ticker it is given", () => {
    const table = parsePrices(yahoo, { file: "aapl.csv", ticker: "AAPL" });
    expect(table.tickers).toEqual(["AAPL"]);
    expect(table.dates).toEqual(["2024-12-02", "2024-12-03"]);
    expect(table.prices[0]![0]).toBe(237.86);
    expect(table.prices[0]![1]).toBeNaN();
    expect([...table.origins[0]!.lines]).toEqual([2, 3]);
  });

  it("recognises adj_close and adjclose spellings in any case", () => {
    for (const name of ["adj_close", "AdjClose", "ADJ CLOSE"]) {
      const table = parsePrices(`date,${name}\n2024-01-02,5\n`, { file, ticker: "X" });
      expect(table.tickers).toEqual(["X"]);
      expect(table.prices[0]![0]).toBe(5);
    }
  });

  it("fails without a ticker column or a ticker name", () => {
    expect(() => parsePrices(yahoo, { file: "aapl.csv" })).toThrow(
      "aapl.csv: no Ticker or Symbol column, and no ticker name was given",
    );
  });

  it("makes one ticker per Ticker value on the union of their dates, NaN where one lacks a date", () => {
    const text =
      "Date,Ticker,Adj Close\n2024-01-02,AAPL,1\n2024-01-03,AAPL,2\n2024-01-02,msft,10\n2024-01-04,MSFT,12\n";
    const table = parsePrices(text, { file: "long.csv", ticker: "IGNORED" });
    expect(table.tickers).toEqual(["AAPL", "MSFT"]);
    expect(table.dates).toEqual(["2024-01-02", "2024-01-03", "2024-01-04"]);
    expect([...table.prices[0]!]).toEqual([1, 2, NaN]);
    expect([...table.prices[1]!]).toEqual([10, NaN, 12]);
    expect([...table.origins[1]!.lines]).toEqual([4, 0, 5]);
  });

  it("accepts a Symbol column and rows interleaved by date", () => {
    const text = "symbol,date,adj_close\nA,2024-01-02,1\nB,2024-01-02,2\nA,2024-01-03,3\nB,2024-01-03,4\n";
    const table = parsePrices(text, { file });
    expect(table.tickers).toEqual(["A", "B"]);
    expect([...table.prices[1]!]).toEqual([2, 4]);
  });

  it("checks dates per ticker: a duplicate names both lines and the ticker", () => {
    const text = "Date,Ticker,Adj Close\n2024-01-02,A,1\n2024-01-02,B,1\n2024-01-02,A,2\n";
    expect(() => parsePrices(text, { file })).toThrow(
      "prices.csv lines 2 and 4: duplicate date 2024-01-02 of A",
    );
    const unsorted = "Date,Ticker,Adj Close\n2024-01-03,A,1\n2024-01-02,A,2\n";
    expect(() => parsePrices(unsorted, { file })).toThrow(
      "prices.csv line 3: date 2024-01-02 of A follows 2024-01-03",
    );
  });

  it("rejects an empty ticker and a non-numeric price, naming line and ticker", () => {
    expect(() => parsePrices("Date,Ticker,Adj Close\n2024-01-02,,1\n", { file })).toThrow(
      "prices.csv line 2: empty ticker",
    );
    expect(() => parsePrices("Date,Ticker,Adj Close\n2024-01-02,A,1\n2024-01-03,B,x\n", { file })).toThrow(
      'prices.csv line 3: B price "x" is not a number',
    );
  });
});
