import { describe, expect, it } from "vitest";
import { mergePriceTables } from "../../src/data/merge-price-tables.js";
import { parsePrices } from "../../src/data/parse-prices.js";
import { describePriceFiles } from "../../src/data/price-files.js";

describe("describePriceFiles", () => {
  const tables = ["a", "b", "c", "d", "e"].map((name) =>
    parsePrices(`date,${name.toUpperCase()}\n2024-01-02,1\n`, { file: `${name}.csv` }),
  );

  it("names one file, two or three files, or the first three and a count", () => {
    expect(describePriceFiles(tables[0]!)).toBe("a.csv");
    expect(describePriceFiles(mergePriceTables(tables.slice(0, 3)))).toBe("a.csv, b.csv and c.csv");
    expect(describePriceFiles(mergePriceTables(tables))).toBe("a.csv, b.csv, c.csv and 2 more files");
  });

  it("names only the files of the tickers asked for", () => {
    expect(describePriceFiles(mergePriceTables(tables), ["B", "D"])).toBe("b.csv and d.csv");
  });
});
