import { describe, expect, it } from "vitest";
import { fitRegimeModel, labelRegimes } from "../../src/generators/regime-model.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { validatePrices } from "../../src/data/validate-prices.js";
import type { PriceTable } from "../../src/data/price-table.js";
import { createRandom } from "../../src/random/random-source.js";

const table = loadEmbeddedPrices();
const universe = ["AAPL", "MSFT", "JPM", "XOM", "JNJ", "WMT"];
const options = {
  universe,
  components: [2, 3],
  covariances: ["full" as const, "diagonal" as const],
  restarts: 2,
};

/** The table cut after `end` (what was known on that day). */
function truncated(end: string): PriceTable {
  const last = table.dates.indexOf(end);
  return {
    dates: table.dates.slice(0, last + 1),
    tickers: table.tickers,
    prices: table.prices.map((p) => p.slice(0, last + 1)),
    origins: table.origins.map((o) => ({ file: o.file, lines: o.lines.slice(0, last + 1) })),
  };
}

describe("fitRegimeModel", () => {
  const train = validatePrices(table, { tickers: ["SPY"], start: "2008-09-26", end: "2014-12-31" });
  const { model, labels } = fitRegimeModel(table, train, options, createRandom(1));

  it("chooses K and the covariance type by least BIC among the candidates and labels every training day", () => {
    const best = Math.min(...model.selection.map((c) => c.bic));
    const chosen = model.selection.find(
      (c) => c.components === model.regimes && c.covariance === model.mixture.covariance,
    )!;
    expect(chosen.bic).toBe(best);
    expect(model.selection).toHaveLength(4);
    expect(labels.length).toBe(train.endIndex - train.startIndex + 1);
    expect(Math.max(...labels)).toBeLessThan(model.regimes);
  });

  it("has no look-ahead: the same model and labels from data that end with the training span", () => {
    const early = fitRegimeModel(truncated(train.end), train, options, createRandom(1));
    expect(Array.from(early.labels)).toEqual(Array.from(labels));
    expect(early.model.scaler).toEqual(model.scaler);
  });

  it("labels later days with the training model, from data up to each day", () => {
    const later = validatePrices(table, { tickers: ["SPY"], start: "2015-01-02", end: "2015-12-31" });
    const full = labelRegimes(model, table, later);
    const cut = labelRegimes(
      model,
      truncated("2015-12-31"),
      validatePrices(truncated("2015-12-31"), { tickers: ["SPY"], start: "2015-01-02", end: "2015-12-31" }),
    );
    expect(full.length).toBe(later.endIndex - later.startIndex + 1);
    expect(Array.from(cut)).toEqual(Array.from(full));
  });
});
