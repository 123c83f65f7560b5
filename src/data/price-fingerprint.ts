import { createHash } from "node:crypto";
import type { PriceTable } from "./price-table.js";

/** SHA-256 of a price table's dates, tickers and prices, 20 hexadecimal characters: two tables with the same numbers share it. */
export function priceFingerprint(table: PriceTable): string {
  const hash = createHash("sha256");
  hash.update(table.dates.join(","));
  hash.update(table.tickers.join(","));
  for (const column of table.prices)
    hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  return hash.digest("hex").slice(0, 20);
}
