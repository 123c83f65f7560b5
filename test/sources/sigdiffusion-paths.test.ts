import { describe, expect, it } from "vitest";
import { assetSeed } from "../../src/sources/sigdiffusion-paths.js";

describe("assetSeed", () => {
  it("gives each asset its own seed, the same in every call, a safe integer even from the largest run seed", () => {
    const tickers = ["AAPL", "AMZN", "GOOGL", "JPM", "MSFT"];
    const seeds = tickers.map((t) => assetSeed(42, t));
    expect(new Set(seeds).size).toBe(tickers.length);
    expect(tickers.map((t) => assetSeed(42, t))).toEqual(seeds);
    expect(assetSeed(43, "AAPL")).toBe(seeds[0]! + 1);
    // The hash is FNV-1a of the ticker (32 bits), checked against an independent BigInt version.
    expect(assetSeed(0, "AAPL")).toBe(fnv1a("AAPL"));
    const top = assetSeed(Number.MAX_SAFE_INTEGER, "MSFT");
    expect(Number.isSafeInteger(top) && top >= 0).toBe(true);
  });
});

/** FNV-1a, 32 bits, written out with BigInt as an independent check. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5n;
  for (const ch of text) hash = ((hash ^ BigInt(ch.charCodeAt(0))) * 0x01000193n) & 0xffffffffn;
  return Number(hash);
}
