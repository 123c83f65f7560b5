import { readFileSync } from "node:fs";
import { parseCsv } from "./src/data/csv.js";
import { parsePrices } from "./src/data/parse-prices.js";
const text = readFileSync("data/adj_close_2004_2024.csv", "utf8");
for (let k = 0; k < 4; k++) {
  let t = performance.now();
  const c = parseCsv(text, "x");
  const a = performance.now() - t;
  t = performance.now();
  parsePrices(text, { file: "x" });
  const b = performance.now() - t;
  console.log("csv", a.toFixed(1), "prices", b.toFixed(1), c.rows.length);
}
