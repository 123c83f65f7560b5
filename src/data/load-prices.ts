import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HedgelabError } from "../errors.js";
import { mergePriceTables } from "./merge-price-tables.js";
import { streamCsv } from "./csv.js";
import { parsePriceStream } from "./parse-prices.js";
import type { PriceTable } from "./price-table.js";

/**
 * Absolute path (with a trailing separator) of the data shipped with hedgelab, the package's
 * `data/` folder; resolved from this module's URL so it works from `src/data` and `dist/data` alike.
 */
export const EMBEDDED_DATA_DIR: string = fileURLToPath(new URL("../../data/", import.meta.url));

/**
 * The embedded files (see `data/PROVENANCE.md`): adjusted daily closes of 45 tickers 2004–2024,
 * 3-month at-the-money implied volatilities of 20 stocks 2010–2022, and the S&P 500 index, VIX and
 * SPY 1995–2024.
 */
export const EMBEDDED_FILES = {
  prices: "adj_close_2004_2024.csv",
  impliedVolatility: "implied_vol_3m_atm_2010_2022.csv",
  marketIndex: "index_vix_spy_1995_2024.csv",
} as const;

/** Parsed embedded tables, by file name: several commands load them in one process. */
const embeddedCache = new Map<string, PriceTable>();

/** Options of {@link loadPrices}. */
export interface LoadPricesOptions {
  /** The price column of long (Yahoo) files (see `parsePrices`); default `Adj Close`, else `Close`. */
  priceColumn?: string;
}

/**
 * Reads price CSVs (any layout `parsePrices` accepts) and joins them into one table with
 * {@link mergePriceTables}. A long file without a ticker column is named after its base name,
 * uppercased (`prices/aapl.csv` → `AAPL`). Files are read in 1 MiB chunks and parsed as they are
 * read: a bad line fails before the rest of the file is read, and files larger than the longest
 * JavaScript string load. This and the other loaders are the only I/O of `data/`.
 *
 * @param files - paths of the CSV files, at least one.
 * @throws HedgelabError for an unreadable file (`cannot read prices file x.csv: ENOENT: no such
 *   file or directory`), any parse error of `parsePrices`, or a ticker given by two files.
 */
export function loadPrices(files: readonly string[], options: LoadPricesOptions = {}): PriceTable {
  if (files.length === 0) throw new HedgelabError("no prices files given");
  return mergePriceTables(
    files.map((file) => readPriceFile(file, file, basename(file, extname(file)).toUpperCase(), options)),
  );
}

/**
 * The embedded adjusted closes: 45 tickers (42 large-cap US stocks and SPY, QQQ, IWM) on the NYSE
 * trading days 2004-01-02..2024-12-31, NaN before a ticker was listed; origins name
 * `data/adj_close_2004_2024.csv`. Parsed once per process; the returned table is shared, do not mutate it.
 */
export function loadEmbeddedPrices(): PriceTable {
  return loadEmbedded(EMBEDDED_FILES.prices);
}

/**
 * Annualised 3-month at-the-money implied volatilities (fractions: 0.25 is 25 %) of 20 S&P 500
 * stocks, 2010-01-04..2022-12-28, as a {@link PriceTable} whose values are volatilities.
 *
 * @param file - a CSV of the same layout to read instead of the embedded one (not cached).
 */
export function loadImpliedVolatility(file?: string): PriceTable {
  return file === undefined ? loadEmbedded(EMBEDDED_FILES.impliedVolatility) : loadPrices([file]);
}

/**
 * The embedded market index file, 1995-01-03..2024-12-31, columns `GSPC_close` (S&P 500 price
 * index), `VIX_close` (CBOE VIX, in volatility points), `SPY_adj_close`, `SPY_close_unadjusted` and
 * `SPY_dividend` (cash per share, 0 on most days: not a price, do not validate it as one).
 */
export function loadMarketIndex(): PriceTable {
  return loadEmbedded(EMBEDDED_FILES.marketIndex);
}

function loadEmbedded(name: string): PriceTable {
  let table = embeddedCache.get(name);
  if (!table) {
    table = readPriceFile(join(EMBEDDED_DATA_DIR, name), `data/${name}`);
    embeddedCache.set(name, table);
  }
  return table;
}

/** Parses the price file at `path` as it is read; `shown` names it in messages. */
function readPriceFile(
  path: string,
  shown: string,
  ticker?: string,
  options: LoadPricesOptions = {},
): PriceTable {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new HedgelabError(`cannot read prices file ${shown}: ${reasonOf(error)}`);
  }
  try {
    return parsePriceStream(streamCsv(readChunks(fd, shown), shown), {
      file: shown,
      ...(ticker !== undefined ? { ticker } : {}),
      ...(options.priceColumn !== undefined ? { priceColumn: options.priceColumn } : {}),
    });
  } finally {
    closeSync(fd);
  }
}

/** The UTF-8 text of an open file in chunks of `size` bytes (characters split across chunks are kept whole). */
function* readChunks(fd: number, shown: string, size = 1 << 20): Generator<string> {
  const buffer = Buffer.alloc(size);
  const decoder = new StringDecoder("utf8");
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer, 0, size, null);
    } catch (error) {
      throw new HedgelabError(`cannot read prices file ${shown}: ${reasonOf(error)}`);
    }
    if (read === 0) break;
    yield decoder.write(buffer.subarray(0, read));
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split(",")[0]! : String(error);
}
