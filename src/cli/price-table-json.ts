import { z } from "zod";
import type { PriceTable } from "../data/price-table.js";

/**
 * A {@link PriceTable} as JSON data: the dates and tickers, one column of prices per ticker (null
 * where there is no price) and where each came from. It travels inside a queued study's spec, so
 * that a worker reads no file the spec names.
 */
export const PRICE_TABLE_JSON = z.strictObject({
  dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  tickers: z.array(z.string()),
  prices: z.array(z.array(z.number().nullable())),
  origins: z.array(
    z.strictObject({ file: z.string(), lines: z.array(z.number().int()), column: z.string().optional() }),
  ),
});

/** A price table as JSON data ({@link PRICE_TABLE_JSON}). */
export type PriceTableJson = z.infer<typeof PRICE_TABLE_JSON>;

/** `table` as JSON data; NaN prices become null. */
export function priceTableToJson(table: PriceTable): PriceTableJson {
  return {
    dates: [...table.dates],
    tickers: [...table.tickers],
    prices: table.prices.map((column) => Array.from(column, (p) => (Number.isNaN(p) ? null : p))),
    origins: table.origins.map((o) => ({
      file: o.file,
      lines: Array.from(o.lines),
      ...(o.column !== undefined ? { column: o.column } : {}),
    })),
  };
}

/** The price table of {@link priceTableToJson}'s data (null prices back to NaN). */
export function priceTableFromJson(json: PriceTableJson): PriceTable {
  return {
    dates: json.dates,
    tickers: json.tickers,
    prices: json.prices.map((column) => Float64Array.from(column, (p) => (p === null ? NaN : p))),
    origins: json.origins.map((o) => ({
      file: o.file,
      lines: Int32Array.from(o.lines),
      ...(o.column !== undefined ? { column: o.column } : {}),
    })),
  };
}
