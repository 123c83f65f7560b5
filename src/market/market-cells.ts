import type { PriceTable } from "../data/price-table.js";
import { createRandom } from "../random/random-source.js";
import type { RegimeModelOptions } from "../generators/regime-model.js";
import { defineCell, type Cell } from "../graph/cell.js";
import { arrayFile, bytesOf, textFile } from "../graph/cell-files.js";
import { VERSION } from "../version.js";
import { restoreRegimeModel, saveRegimeModel, type SavedRegimeModel } from "./fitted-parameters.js";
import { prepareMarketData, withRegimes, type MarketData, type MarketDataOptions } from "./market-data.js";
import { fitMarketRegimes, type MarketRegimes } from "./market-regimes.js";

/** What the executor gives the market cells while they run: progress of the regime model's fits. */
export interface MarketRunContext {
  /** Called after each candidate mixture of the regime model's BIC selection. */
  regimes?: RegimeModelOptions["onCandidate"];
}

/**
 * The cell of a study's price data and periods: the prices validated over the study period, split
 * chronologically, and the rolling windows of every span ({@link prepareMarketData}). Its identity is
 * hedgelab's version, the prices' fingerprint (their numbers, not their file names) and the `data`
 * options that shape the split and the windows. The hedge sets only choose which tickers are checked
 * and cut, and every cell that reads the windows selects its own hedge set, so they are left out: a
 * study with one more hedge set reuses every stored cell of the others. Recomputed in every run
 * (cheap), never stored.
 *
 * @param table - the prices, already loaded (their fingerprint is part of every cell's identity).
 */
export function marketDataCell(
  options: MarketDataOptions,
  table: PriceTable,
  fingerprint: string,
): Cell<MarketData, MarketRunContext> {
  const {
    prices: _files,
    impliedVolatility: _implied,
    ...data
  } = options.data as MarketDataOptions["data"] & {
    impliedVolatility?: unknown;
  };
  return defineCell({
    kind: "market-data",
    label: "prices, periods and windows",
    identity: { hedgelab: VERSION, fingerprint, data },
    inputs: [],
    run: () => prepareMarketData(options, table),
  });
}

/** What the regime model is fitted with: the regime section's mixture options. */
export type RegimeFitOptions = Omit<RegimeModelOptions, "onCandidate">;

/**
 * The cell of the study's regimes: the paper's regime model (appendix 8.1.2) fitted on the training
 * span, drawing from `createRandom(seed).fork(2)`, and the regime of every day of the study period.
 * Stored: the model (`regimes.json`) and the day labels (`labels.i32`).
 */
export function regimesCell(
  market: Cell<MarketData, MarketRunContext>,
  options: RegimeFitOptions,
  seed: number,
): Cell<MarketRegimes, MarketRunContext> {
  return defineCell<readonly [typeof market], MarketRegimes, MarketRunContext>({
    kind: "regimes",
    label: "regime model",
    identity: { regime: options, seed },
    inputs: [market],
    run: ([data], context) =>
      fitMarketRegimes(
        data,
        { ...options, ...(context.regimes ? { onCandidate: context.regimes } : {}) },
        createRandom(seed).fork(2),
      ),
    codec: {
      encode: (regimes) => ({
        "regimes.json": JSON.stringify({ model: saveRegimeModel(regimes.model), offset: regimes.offset }),
        "labels.i32": bytesOf(regimes.labels),
      }),
      decode: (files) => {
        const saved = JSON.parse(textFile(files, "regimes.json")) as {
          model: SavedRegimeModel;
          offset: number;
        };
        const labels = files["labels.i32"];
        const count = labels === undefined || typeof labels === "string" ? 0 : labels.byteLength / 4;
        return {
          model: restoreRegimeModel(saved.model),
          offset: saved.offset,
          labels: arrayFile(files, "labels.i32", Int32Array, count),
        };
      },
    },
  });
}

/** The cell of the market data with every window labelled by the study's regimes (not stored: cheap). */
export function labelledMarketCell(
  market: Cell<MarketData, MarketRunContext>,
  regimes: Cell<MarketRegimes, MarketRunContext>,
): Cell<MarketData, MarketRunContext> {
  return defineCell({
    kind: "labelled-market-data",
    label: "market windows with regime labels",
    identity: {},
    inputs: [market, regimes],
    run: ([data, fitted]) => withRegimes(data, fitted),
  });
}
