import { describe, expect, it } from "vitest";
import {
  DEFAULT_HEDGE_SETS,
  hedgeSetLabel,
  hedgeTickers,
  listedOption,
  parseHedgeSet,
  respellEntry,
} from "../../src/data/hedge-sets.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";

describe("DEFAULT_HEDGE_SETS", () => {
  it("are the paper's five nested sets, with JPM in place of BRK-B", () => {
    expect(DEFAULT_HEDGE_SETS.map(hedgeSetLabel)).toEqual([
      "AAPL",
      "AAPL+MSFT",
      "AAPL+GOOGL+MSFT",
      "AAPL+GOOGL+MSFT+AMZN",
      "AAPL+GOOGL+MSFT+AMZN+JPM",
    ]);
    for (const set of DEFAULT_HEDGE_SETS) expect(set[0]).toBe("AAPL");
  });

  it("only name tickers of the embedded data", () => {
    const { tickers } = loadEmbeddedPrices();
    for (const set of DEFAULT_HEDGE_SETS) for (const ticker of set) expect(tickers).toContain(ticker);
  });
});

describe("parseHedgeSet", () => {
  it("trims and uppercases comma-separated tickers, keeping their order", () => {
    expect(parseHedgeSet("aapl, MSFT")).toEqual(["AAPL", "MSFT"]);
    expect(parseHedgeSet(" brk-b ,^gspc,bf.b")).toEqual(["BRK-B", "^GSPC", "BF.B"]);
  });

  it("reads back what hedgeSetLabel writes", () => {
    for (const set of DEFAULT_HEDGE_SETS) expect(parseHedgeSet(hedgeSetLabel(set))).toEqual(set);
  });

  it("rejects an empty set, an empty ticker, a malformed ticker and a repeated ticker", () => {
    expect(() => parseHedgeSet("  ")).toThrow(
      'invalid hedge set: "  " (name at least one ticker, e.g. "AAPL,MSFT")',
    );
    expect(() => parseHedgeSet("AAPL,,MSFT")).toThrow('invalid hedge set: "AAPL,,MSFT" (ticker 2 is empty)');
    expect(() => parseHedgeSet("AAPL MSFT")).toThrow(
      'invalid hedge set: "AAPL MSFT" ("AAPL MSFT" is not a ticker or a listed option TICKER:callDAYS; separate them with commas)',
    );
    expect(() => parseHedgeSet("AAPL,msft,aapl")).toThrow(
      'invalid hedge set: "AAPL,msft,aapl" (AAPL is named twice)',
    );
  });
});

describe("hedgeSetLabel", () => {
  it("joins tickers with +", () => {
    expect(hedgeSetLabel(["AAPL", "MSFT"])).toBe("AAPL+MSFT");
    expect(hedgeSetLabel(["AAPL"])).toBe("AAPL");
  });
});

describe("listed options in a hedge set", () => {
  it("reads TICKER:callDAYS, uppercased, after a ticker, and names the tickers it needs", () => {
    expect(parseHedgeSet("aapl, aapl:call60, msft")).toEqual(["AAPL", "AAPL:CALL60", "MSFT"]);
    expect(listedOption("AAPL:CALL60")).toEqual({ ticker: "AAPL", days: 60 });
    expect(listedOption("AAPL")).toBeUndefined();
    expect(hedgeTickers(["AAPL", "AAPL:CALL60", "MSFT", "MSFT:CALL30"])).toEqual(["AAPL", "MSFT"]);
    expect(respellEntry("AAPL:CALL60", (t) => t.toLowerCase())).toBe("aapl:CALL60");
  });

  it("refuses an option first (the claim's underlying is a ticker) and a malformed one", () => {
    expect(() => parseHedgeSet("AAPL:call60,AAPL")).toThrow(
      'invalid hedge set: "AAPL:call60,AAPL" (the first entry is the claim\'s underlying: a ticker, not the option AAPL:CALL60)',
    );
    expect(() => parseHedgeSet("AAPL,AAPL:put60")).toThrow('"AAPL:PUT60" is not a ticker or a listed option');
    expect(() => parseHedgeSet("AAPL,AAPL:call0")).toThrow('"AAPL:CALL0" is not a ticker or a listed option');
  });
});
