import { describe, expect, it } from "vitest";
import { createPathBatch } from "../../src/data/path-batch.js";
import { formatHoldingsCsv, HOLDINGS_CSV_HEADER } from "../../src/store/holdings-csv.js";

describe("formatHoldingsCsv", () => {
  it("writes one line per window, step t = 0..T−1, row and asset, with the rebased price S_t and the holding δ_t", () => {
    // N = 2 windows, T = 2 steps, H = 2 assets; window i starts at table date i.
    const paths = createPathBatch(
      Float64Array.from([100, 100, 101, 99, 102, 98, 100, 100, 103, 97, 104, 96]),
      { n: 2, steps: 2, tickers: ["AAPL", "MSFT"] },
      { startDates: ["2024-01-01", "2024-01-02"], startIndex: Int32Array.from([0, 1]) },
    );
    const dates = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"];
    const holdings = Float64Array.from([0.5, -0.1, 0.6, -0.2, 0.7, -0.3, 0.8, -0.4]);
    const text = formatHoldingsCsv(
      [{ hedge: ["AAPL", "MSFT"], strategy: "rnn", holdings }],
      [{ hedge: ["AAPL", "MSFT"], paths }],
      dates,
    );
    expect(text.trimEnd().split("\n")).toEqual([
      HOLDINGS_CSV_HEADER,
      "0,2024-01-01,2024-01-01,0,AAPL+MSFT,rnn,AAPL,100,0.5",
      "0,2024-01-01,2024-01-01,0,AAPL+MSFT,rnn,MSFT,100,-0.1",
      "0,2024-01-01,2024-01-02,1,AAPL+MSFT,rnn,AAPL,101,0.6",
      "0,2024-01-01,2024-01-02,1,AAPL+MSFT,rnn,MSFT,99,-0.2",
      "1,2024-01-02,2024-01-02,0,AAPL+MSFT,rnn,AAPL,100,0.7",
      "1,2024-01-02,2024-01-02,0,AAPL+MSFT,rnn,MSFT,100,-0.3",
      "1,2024-01-02,2024-01-03,1,AAPL+MSFT,rnn,AAPL,103,0.8",
      "1,2024-01-02,2024-01-03,1,AAPL+MSFT,rnn,MSFT,97,-0.4",
    ]);
  });
});
