import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareMarketData } from "../../src/market/market-data.js";
import { resolveRunConfig, type RunConfigInput } from "../../src/config/run-config.js";
import { runStudy } from "../../src/study/run-study.js";
import { cli } from "../cli/run-cli.js";
import { weekdays, wideCsv } from "../cli/price-csv.js";

const typo = fileURLToPath(new URL("../data/fixtures/spy-typo.csv", import.meta.url));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-market-"));
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The small CSV's lines with `edit` applied to the body (header kept). */
function edited(name: string, edit: (body: string[]) => string[], header = "date,AAPL,MSFT"): string {
  const [, ...body] = wideCsv(300).trimEnd().split("\n");
  return write(name, `${[header, ...edit(body)].join("\n")}\n`);
}

const prepare = (input: RunConfigInput) =>
  prepareMarketData(
    resolveRunConfig({ data: { steps: 5 }, ...input, hedgeSets: input.hedgeSets ?? [["AAPL"]] }),
  );

describe("prices that cannot be right are caught", () => {
  it("refuses a price typo in one line naming file, line, ticker and date; --accept-jumps accepts it", async () => {
    const out = join(dir, "out");
    const run = ["run", "--prices", typo, "--hedge", "SPY", "--steps", "5", "--strategies", "delta,no-hedge"];
    const refused = await cli([...run, "--out", out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^hedgelab: .*spy-typo\.csv line 44: SPY price 2\.4961 on 2019-03-05 is implausible: .*--accept-jumps\n$/,
    );
    const accepted = prepare({ data: { prices: [typo], steps: 5, acceptJumps: true }, hedgeSets: [["SPY"]] });
    expect(accepted.tickers).toEqual(["SPY"]);
  });

  it("refuses a price of 1e-300 by default; accepted, it gives finite metrics, not Infinity and null", () => {
    const file = edited("tiny.csv", (body) =>
      body.map((line, d) => (d === 280 ? line.replace(/,[^,]+,/, ",1e-300,") : line)),
    );
    expect(() => prepare({ data: { prices: [file], steps: 5 } })).toThrow(
      /tiny\.csv line 282: AAPL price 1e-300 on .* is implausible/,
    );
    const result = runStudy(
      resolveRunConfig({
        data: { prices: [file], steps: 5, acceptJumps: true },
        hedgeSets: [["AAPL"]],
        strategies: ["no-hedge", "delta"],
        evaluation: { bootstrap: { resamples: 20 } },
      }),
    );
    for (const { summary } of result.evaluations) {
      expect(JSON.stringify(summary)).not.toContain("null");
      expect(summary.std).toBeGreaterThan(1e290);
    }
  });

  it("refuses three months of missing rows, naming the lines; allows them with maxGap, reporting them", () => {
    const file = edited("gap.csv", (body) => [...body.slice(0, 100), ...body.slice(165)]);
    expect(() => prepare({ data: { prices: [file], steps: 5 } })).toThrow(
      /gap\.csv lines 101 and 102: no prices from \S+ to \S+ \(65 business days missing\); .*--max-gap 65$/,
    );
    const allowed = prepare({ data: { prices: [file], steps: 5, maxGap: 65 } });
    expect(allowed.notes).toEqual([
      expect.stringMatching(/^warning: 1 gap in the price dates longer than 3 business days/),
    ]);
  });

  it("matches tickers ignoring case and keeps the file's spelling", async () => {
    const file = edited("lower.csv", (body) => body, "date,aapl,msft");
    expect(prepare({ data: { prices: [file], steps: 5 }, hedgeSets: [["AAPL", "MSFT"]] }).hedgeSets).toEqual([
      ["aapl", "msft"],
    ]);
    const result = await cli([
      "run",
      "--prices",
      file,
      "--hedge",
      "aapl",
      "--strategies",
      "no-hedge",
      "--out",
      join(dir, "lower"),
    ]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^aapl\s+no-hedge/m);
  });

  it("reads a Yahoo OHLCV file without Adj Close from its Close column and says so; --price-column chooses", () => {
    const lines = ["Date,Open,High,Low,Close,Volume"];
    weekdays(120).forEach((date, d) => {
      const close = 100 + Math.sin(d / 5) * 3;
      lines.push(`${date},${close - 1},${close + 1},${close - 2},${close},${1000 + d}`);
    });
    const file = write("AAPL.csv", `${lines.join("\n")}\n`);
    const data = prepare({ data: { prices: [file], steps: 5 } });
    expect(data.table.tickers).toEqual(["AAPL"]);
    expect(data.table.prices[0]![0]).toBe(100);
    expect(data.notes).toEqual([
      expect.stringMatching(/^prices of .*AAPL\.csv from its Close column .*--price-column\)$/),
    ]);
    expect(prepare({ data: { prices: [file], steps: 5, priceColumn: "open" } }).table.prices[0]![0]).toBe(99);
    expect(() => prepare({ data: { prices: [file], steps: 5, priceColumn: "Adj Close" } })).toThrow(
      /AAPL\.csv line 1: no price column "Adj Close" \(has Date, Open, High, Low, Close, Volume\); check --price-column/,
    );
  });
});
