import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";
import { weekdays, wideCsv } from "./price-csv.js";

const out = mkdtempSync(join(tmpdir(), "hedgelab-backtest-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const fast = [
  "--hedge",
  "AAPL",
  "--strategies",
  "delta,rnn",
  "--hidden",
  "4",
  "--epochs",
  "1",
  "--stride",
  "5",
];

describe("hedgelab backtest", () => {
  it("runs the folds, prints the pooled tables and writes its folder with the report", async () => {
    const result = await cli([
      "backtest",
      ...fast,
      "--backtest",
      "2023-01-01..",
      "--out",
      out,
      "--name",
      "b",
    ]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^fold 2023 \(1\/2\): train 2008-09-26\.\.2021-12-31 · validation 2022-01-03\.\.2022-12-30 · test 2023-01-03\.\.2023-12-29\n/,
    );
    expect(result.stdout).toContain(
      "2 yearly folds, test 2023-01-03..2024-12-31; expanding training from 2008-09-26",
    );
    expect(result.stdout).toContain("cost 0 bp · pooled out-of-sample record:");
    const files = readdirSync(join(out, "b")).sort();
    expect(files).toEqual([
      "backtest.json",
      "config.json",
      "folds.csv",
      "metrics.csv",
      "paired.csv",
      "pnl.csv",
      "report.html",
      "tables.txt",
      "training.csv",
    ]);
    const html = readFileSync(join(out, "b", "report.html"), "utf8");
    expect(html).toContain("Cumulative P&amp;L difference, learned − delta");
    expect(html).toContain("Δentropic and ΔCVaR95 per fold");
    // hedgelab report rebuilds the same page from the folder's files.
    const report = await cli(["report", join(out, "b")]);
    expect(report.code).toBe(0);
    expect(readFileSync(join(out, "b", "report.html"), "utf8")).toBe(html);
  });

  it("walks a user's price file forward to its last date, from three years after its first", async () => {
    const prices = join(out, "prices.csv");
    writeFileSync(prices, wideCsv(1400));
    const last = weekdays(1400)[1399]!;
    const result = await cli([
      "backtest",
      "--prices",
      prices,
      ...fast,
      "--cache",
      "none",
      "--out",
      out,
      "--name",
      "user",
    ]);
    expect(result.stderr).not.toMatch(/^hedgelab:/m);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^fold \d{4} /gm)).toEqual(["fold 2022 ", "fold 2023 ", "fold 2024 "]);
    expect(result.stdout).toContain(
      `3 yearly folds, test 2022-01-03..${last}; expanding training from 2019-01-01`,
    );
    const folds = readFileSync(join(out, "user", "folds.csv"), "utf8")
      .trim()
      .split("\n");
    expect(folds[1]!.split(",").slice(0, 2)).toEqual(["2022", "2019-01-01"]);
    expect(folds[3]!.split(",")[8]).toBe(last);
  });

  it("refuses bad backtest options with one line and writes nothing", async () => {
    const cases: [string[], RegExp][] = [
      [
        ["--folds", "monthly"],
        /^hedgelab: invalid --folds: "monthly" \(yearly, quarterly, or test periods FROM\.\.TO/,
      ],
      [["--costs", "0,-5"], /^hedgelab: invalid --costs: "0,-5"/],
      [["--costs", "5,5"], /a cost is given twice/],
      [["--train-years", "0"], /^hedgelab: invalid --train-years: "0"/],
      [
        ["--test", "2020-01-01.."],
        /^hedgelab: --test does not apply to backtest, whose folds cut the periods/,
      ],
      [["--train", "0.5"], /^hedgelab: --train does not apply to backtest/],
      [["--backtest", "2030-01-01.."], /the backtest has no test period/],
      [
        ["--backtest", "2024-12-01.."],
        /fold 2024: the test period 2024-12-01\.\.2024-12-31 holds 21 trading dates/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cli(["backtest", ...fast, ...args, "--out", out, "--name", "bad"]);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(join(out, "bad"))).toBe(false);
    }
  });
});
