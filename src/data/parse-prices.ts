import { HedgelabError } from "../errors.js";
import { streamCsv, type CsvRow, type CsvStream } from "./csv.js";
import { parseIsoDate } from "./iso-date.js";
import { unionOfDates } from "./union-of-dates.js";
import type { PriceOrigin, PriceTable } from "./price-table.js";

/** Options of {@link parsePrices}. */
export interface ParsePricesOptions {
  /** The file name, for error messages and the table's origins. */
  readonly file: string;
  /**
   * The ticker of a long (Yahoo) file without a `Ticker`/`Symbol` column; callers pass the file's
   * base name without extension, uppercased (`aapl.csv` → `AAPL`). Ignored for other layouts.
   */
  readonly ticker?: string;
  /**
   * The price column of a long (Yahoo) file, matched ignoring case, spaces and `_` (`Close`,
   * `adj_close`); default `Adj Close`, else `Close` in a file of Open/High/Low/Close/Volume columns.
   * Ignored for wide files.
   */
  readonly priceColumn?: string;
}

/** Cells that mean "no price" (compared after trimming); they become NaN. */
export const MISSING_MARKERS: readonly string[] = ["", "NaN", "nan", "NA", "null", "N/A"];

const MISSING = new Set(MISSING_MARKERS);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITE = /^([+-]?)(?:inf|infinity)$/i;

/**
 * Parses a CSV of daily prices into a {@link PriceTable}, detecting its layout from the header:
 *
 * - long (Yahoo): the header has a `Date` column and a price column: `Adj Close` (case, spaces and
 *   `_` ignored: `adj_close`, `AdjClose` match), or, in an OHLCV file without it
 *   (`Date,Open,High,Low,Close,Volume`), `Close`; `options.priceColumn` chooses another. The column
 *   used is recorded in the origins. Other columns are ignored. With a `Ticker` or `Symbol` column
 *   each distinct (uppercased) value is one ticker; without one, every row belongs to
 *   `options.ticker`. The table's dates are the union of all tickers' dates, NaN where a ticker lacks one.
 * - wide: the first column is named `date` (any case) and every other column is one ticker's prices
 *   (`date,AAPL,MSFT,…`), named as written.
 *
 * Dates are `YYYY-MM-DD`, optionally followed by a time that is dropped, and must be real calendar
 * days that strictly increase (per ticker in the long layout). Missing markers ({@link MISSING_MARKERS})
 * become NaN and are never filled; prices ≤ 0 are kept (`validatePrices` reports them).
 *
 * @returns a table with D dates and C tickers; `origins[c].lines[d]` is the 1-based line of each
 *   price (0 where the ticker has no row for that date).
 * @throws HedgelabError naming the file, line and ticker at fault: an unrecognised or empty file,
 *   an unparsable or impossible date, a duplicate date (both lines), dates out of order, a cell
 *   that is not a number, a `priceColumn` the file does not have.
 */
export function parsePrices(text: string, options: ParsePricesOptions): PriceTable {
  return parsePriceStream(streamCsv([text], options.file), options);
}

/**
 * {@link parsePrices} on a CSV read as a stream ({@link streamCsv}): rows are checked as they are
 * read, so a bad line fails before the rest of the file is read.
 */
export function parsePriceStream(csv: CsvStream, options: ParsePricesOptions): PriceTable {
  const { file } = options;
  const names = csv.header.map(normalise);
  const dateColumn = names.indexOf("date");
  const priceColumn = findPriceColumn(csv, names, options.priceColumn);
  if (dateColumn >= 0 && priceColumn >= 0) {
    const tickerColumn = names.findIndex((name) => name === "ticker" || name === "symbol");
    return parseLong(csv, dateColumn, priceColumn, tickerColumn, options);
  }
  if (names[0] === "date") return parseWide(csv);
  throw new HedgelabError(
    `${file} line ${csv.headerLine}: unrecognised header "${csv.header.slice(0, 4).join(",")}${csv.header.length > 4 ? ",…" : ""}" ` +
      `(expected a first column "date" followed by tickers, or "Date" and "Adj Close" (or Open, High, Low, Close) columns)`,
  );
}

/** OHLCV columns: a file with `Close` and one of these is a long file even without `Adj Close`. */
const OHLCV = ["open", "high", "low", "volume"];

/** The long file's price column, or −1 when the header is not a long file's. */
function findPriceColumn(csv: CsvStream, names: readonly string[], chosen: string | undefined): number {
  if (!names.includes("date")) return -1;
  if (chosen !== undefined) {
    const column = names.indexOf(normalise(chosen));
    const longLike = names.includes("adjclose") || names.includes("close");
    if (column < 0 && longLike) {
      throw new HedgelabError(
        `${csv.file} line ${csv.headerLine}: no price column "${chosen}" (has ${csv.header.join(", ")}); check --price-column`,
      );
    }
    return column;
  }
  const adjusted = names.indexOf("adjclose");
  if (adjusted >= 0) return adjusted;
  const close = names.indexOf("close");
  return close >= 0 && OHLCV.some((name) => names.includes(name)) ? close : -1;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]/g, "");
}

function parseWide(csv: CsvStream): PriceTable {
  const { file } = csv;
  const tickers = csv.header.slice(1).map((name) => name.trim());
  if (tickers.length === 0) {
    throw new HedgelabError(`${file} line ${csv.headerLine}: no price columns after "${csv.header[0]}"`);
  }
  tickers.forEach((ticker, k) => {
    if (ticker === "") throw new HedgelabError(`${file} line ${csv.headerLine}: column ${k + 2} has no name`);
    const first = tickers.indexOf(ticker);
    if (first !== k) {
      throw new HedgelabError(
        `${file} line ${csv.headerLine}: columns ${first + 2} and ${k + 2} are both ${ticker}`,
      );
    }
  });
  const dates: string[] = [];
  const lineList: number[] = [];
  const columns: number[][] = tickers.map(() => []);
  for (const row of csv.rows) {
    const date = readDate(row.fields[0]!, file, row.line);
    const d = dates.length;
    if (d > 0) checkOrder(dates[d - 1]!, lineList[d - 1]!, date, row.line, file, "");
    dates.push(date);
    lineList.push(row.line);
    for (let c = 0; c < tickers.length; c++) {
      columns[c]!.push(readPrice(row.fields[c + 1]!, file, row.line, tickers[c]!));
    }
  }
  requireRows(csv, dates.length);
  // Every column of a wide file was read from the same lines; they share one (read-only) array.
  const lines = Int32Array.from(lineList);
  const prices = columns.map((column) => Float64Array.from(column));
  const origins: PriceOrigin[] = tickers.map(() => ({ file, lines }));
  return { dates, tickers, prices, origins };
}

/** One ticker's rows of a long file, in file order. */
interface Series {
  dates: string[];
  lines: number[];
  values: number[];
}

function parseLong(
  csv: CsvStream,
  dateColumn: number,
  adjColumn: number,
  tickerColumn: number,
  options: ParsePricesOptions,
): PriceTable {
  const { file } = csv;
  const column = csv.header[adjColumn]!.trim();
  const fixedTicker = options.ticker?.trim();
  if (tickerColumn < 0 && !fixedTicker) {
    throw new HedgelabError(
      `${file}: no Ticker or Symbol column, and no ticker name was given for its prices`,
    );
  }
  const series = new Map<string, Series>();
  let count = 0;
  for (const row of csv.rows) {
    count++;
    const ticker = tickerColumn < 0 ? fixedTicker! : readTicker(row, tickerColumn, file);
    const date = readDate(row.fields[dateColumn]!, file, row.line);
    let own = series.get(ticker);
    if (!own) {
      own = { dates: [], lines: [], values: [] };
      series.set(ticker, own);
    }
    const last = own.dates.length - 1;
    if (last >= 0)
      checkOrder(own.dates[last]!, own.lines[last]!, date, row.line, file, tickerColumn < 0 ? "" : ticker);
    own.dates.push(date);
    own.lines.push(row.line);
    own.values.push(readPrice(row.fields[adjColumn]!, file, row.line, ticker));
  }
  requireRows(csv, count);
  const dates = unionOfDates([...series.values()].map((s) => s.dates));
  const position = new Map(dates.map((date, d) => [date, d]));
  const tickers = [...series.keys()];
  const prices: Float64Array[] = [];
  const origins: PriceOrigin[] = [];
  for (const own of series.values()) {
    const values = new Float64Array(dates.length).fill(Number.NaN);
    const lines = new Int32Array(dates.length);
    own.dates.forEach((date, k) => {
      const d = position.get(date)!;
      values[d] = own.values[k]!;
      lines[d] = own.lines[k]!;
    });
    prices.push(values);
    origins.push({ file, lines, column });
  }
  return { dates, tickers, prices, origins };
}

function requireRows(csv: CsvStream, rows: number): void {
  if (rows === 0) {
    throw new HedgelabError(`${csv.file}: no price rows after the header on line ${csv.headerLine}`);
  }
}

function readTicker(row: CsvRow, column: number, file: string): string {
  const ticker = row.fields[column]!.trim().toUpperCase();
  if (ticker === "") throw new HedgelabError(`${file} line ${row.line}: empty ticker`);
  return ticker;
}

function readDate(cell: string, file: string, line: number): string {
  const result = parseIsoDate(cell);
  if (result.ok) return result.date;
  if (result.reason === "calendar") {
    throw new HedgelabError(`${file} line ${line}: invalid date "${cell.trim()}" (no such calendar day)`);
  }
  throw new HedgelabError(`${file} line ${line}: unparsable date "${cell.trim()}" (expected YYYY-MM-DD)`);
}

function checkOrder(
  previous: string,
  previousLine: number,
  date: string,
  line: number,
  file: string,
  ticker: string,
): void {
  if (date > previous) return;
  const of = ticker ? ` of ${ticker}` : "";
  if (date === previous) {
    throw new HedgelabError(`${file} lines ${previousLine} and ${line}: duplicate date ${date}${of}`);
  }
  throw new HedgelabError(
    `${file} line ${line}: date ${date}${of} follows ${previous} (line ${previousLine}); dates must increase`,
  );
}

function readPrice(cell: string, file: string, line: number, ticker: string): number {
  if (isDecimalLike(cell)) {
    const value = Number(cell);
    if (!Number.isNaN(value)) return value;
  }
  const trimmed = cell.trim();
  if (MISSING.has(trimmed)) return Number.NaN;
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  const infinite = INFINITE.exec(trimmed);
  if (infinite) return infinite[1] === "-" ? -Infinity : Infinity;
  throw new HedgelabError(`${file} line ${line}: ${ticker} price "${trimmed}" is not a number`);
}

/**
 * True when `cell` is non-empty and made only of the characters of a decimal number (digits,
 * `.`, `e`, `E`, `+`, `-`): the fast path; `Number` then rejects malformed ones like `1.2.3` as NaN.
 */
function isDecimalLike(cell: string): boolean {
  if (cell.length === 0) return false;
  for (let i = 0; i < cell.length; i++) {
    const code = cell.charCodeAt(i);
    // 0-9, '.', '+', '-', 'e', 'E'
    if (
      (code < 48 || code > 57) &&
      code !== 46 &&
      code !== 43 &&
      code !== 45 &&
      code !== 101 &&
      code !== 69
    ) {
      return false;
    }
  }
  return true;
}
