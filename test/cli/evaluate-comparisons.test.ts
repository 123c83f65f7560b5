import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, type CliRun } from "./run-cli.js";
import { tinyTraining, wideCsv } from "./price-csv.js";
import { HOLDINGS_CSV_HEADER } from "../../src/store/holdings-csv.js";

let dir: string;
let prices: string;
const seeds = (): string => join(dir, "seeds");
const model = (name: string): string => join(dir, "seeds", name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-comparisons-"));
  prices = join(dir, "prices.csv");
  writeFileSync(prices, wideCsv(300));
  for (const [out, name, ...extra] of [
    [seeds(), "s42", "--seed", "42"],
    [seeds(), "s43", "--seed", "43"],
    [join(dir, "other"), "pair", "--hedge", "AAPL,MSFT"],
    [join(dir, "other"), "shorter", "--train", "0.6"],
  ] as const) {
    const args = tinyTraining(prices, out, "--name", name, ...extra);
    // One hedge set per training: a --hedge given here replaces the helper's AAPL.
    if (extra[0] === "--hedge") args.splice(args.indexOf("--hedge"), 2);
    const trained = await cli(args);
    expect(trained.stderr).not.toMatch(/^hedgelab:/m);
    expect(trained.code).toBe(0);
  }
});

async function evaluate(name: string, ...args: string[]): Promise<CliRun> {
  return cli(["evaluate", ...args, "--out", join(dir, "runs"), "--name", name]);
}

const rows = (name: string): string[] =>
  (
    JSON.parse(readFileSync(join(dir, "runs", name, "metrics.json"), "utf8")) as {
      results: { hedge: string[]; strategy: string }[];
    }
  ).results.map((r) => `${r.hedge.join("+")} ${r.strategy}`);

/** holdings.csv as records, by column name. */
function readHoldings(file: string): { header: string; records: Record<string, string>[] } {
  const [header, ...lines] = readFileSync(file, "utf8").trimEnd().split("\n");
  const columns = header!.split(",");
  return {
    header: header!,
    records: lines.map((line) => Object.fromEntries(line.split(",").map((v, k) => [columns[k]!, v]))),
  };
}

describe("hedgelab evaluate: several models of one hedge set in one table", () => {
  it("scores two seeds of the same hedge set beside one delta and one no-hedge row, named by hedger and seed", async () => {
    const result = await evaluate("two", "--model", model("s42"), "--model", model("s43"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(rows("two")).toEqual([
      "AAPL delta",
      "AAPL no-hedge",
      "AAPL rnn-residual:seed42",
      "AAPL rnn-residual:seed43",
    ]);
    expect(result.stdout).toMatch(/^AAPL\s+rnn-residual:seed43\s+[+-]?\d+\.\d{3} \[/m);
    expect(result.stdout).toMatch(/^across 2 training seeds/m);
    // Holdings (N · T · H lines per row) are written only when asked for.
    expect(existsSync(join(dir, "runs", "two", "holdings.csv"))).toBe(false);
  });

  it("takes the rows' names from --model NAME=FOLDER", async () => {
    const result = await evaluate(
      "named",
      "--model",
      `first=${model("s42")}`,
      "--model",
      `second=${model("s43")}`,
    );
    expect(result.code).toBe(0);
    expect(rows("named")).toEqual(["AAPL delta", "AAPL no-hedge", "AAPL first", "AAPL second"]);
  });

  it("names the price file once and states the test period, T, stride and number of windows once", async () => {
    const result = await evaluate("header", "--model", model("s42"), "--model", model("s43"));
    const header = result.stdout.split("\n\n")[0]!;
    expect(header.match(/prices\.csv/g)).toHaveLength(1);
    expect(header).toMatch(/^hedgelab \S+ · prices .*prices\.csv · seed 42$/m);
    const metrics = JSON.parse(readFileSync(join(dir, "runs", "header", "metrics.json"), "utf8"));
    const { start, end, windows } = metrics.split.test;
    expect(header.match(/windows of T/g)).toHaveLength(1);
    expect(header).toMatch(
      new RegExp(
        `^test ${start}\\.\\.${end}: ${windows} windows of T = 30 days, stride 1 \\(\\d+ dates\\)`,
        "m",
      ),
    );
    expect(header.match(/^every model trained on /gm)).toHaveLength(1);
    expect(header).not.toMatch(/unset/);
  });
});

describe("hedgelab evaluate --ensemble and --holdings", () => {
  it("writes every row's holdings, and the ensemble's holding is the mean of its members' to 1e-12", async () => {
    const file = join(dir, "holdings.csv");
    const result = await evaluate(
      "ensemble",
      "--model",
      model("s42"),
      "--model",
      model("s43"),
      "--ensemble",
      `both=${seeds()}`,
      "--holdings",
      file,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(rows("ensemble")).toEqual([
      "AAPL delta",
      "AAPL no-hedge",
      "AAPL rnn-residual:seed42",
      "AAPL rnn-residual:seed43",
      "AAPL both",
    ]);
    expect(result.stdout).toMatch(/^both on AAPL: the mean holding of 2 models \(s42, s43\)/m);
    // The same file in the results folder, written whole (no temporary file left beside it).
    expect(readFileSync(file, "utf8")).toBe(
      readFileSync(join(dir, "runs", "ensemble", "holdings.csv"), "utf8"),
    );
    expect(readdirSync(dir).filter((f) => f.includes("partial"))).toEqual([]);
    const { header, records } = readHoldings(file);
    expect(header).toBe(HOLDINGS_CSV_HEADER);
    const metrics = JSON.parse(readFileSync(join(dir, "runs", "ensemble", "metrics.json"), "utf8"));
    const windows: number = metrics.split.test.windows;
    // windows × T × assets × strategies (delta, two seeds, the ensemble; not no-hedge).
    expect(records).toHaveLength(windows * 30 * 1 * 4);
    const by = (strategy: string): Record<string, string>[] => records.filter((r) => r.strategy === strategy);
    const [a, b, mean] = [by("rnn-residual:seed42"), by("rnn-residual:seed43"), by("both")];
    expect(mean).toHaveLength(windows * 30);
    expect(a.some((r, k) => r.holding !== b[k]!.holding)).toBe(true);
    let worst = 0;
    mean.forEach((r, k) => {
      expect([r.window, r.date, r.step, r.asset]).toEqual([
        a[k]!.window,
        a[k]!.date,
        a[k]!.step,
        a[k]!.asset,
      ]);
      const expected = (Number(a[k]!.holding) + Number(b[k]!.holding)) / 2;
      worst = Math.max(worst, Math.abs(Number(r.holding) - expected));
    });
    expect(worst).toBeLessThanOrEqual(1e-12);
    // Rebased prices: each window starts at 100; the date of step 0 is the window's start.
    const first = by("delta")[0]!;
    expect([first.window, first.step, first.price, first.date]).toEqual(["0", "0", "100", first.start]);
    expect(first.hedge).toBe("AAPL");
  });

  it("takes a list of model folders, and an ensemble alone needs no --model", async () => {
    const result = await evaluate("list", "--ensemble", `${model("s42")},${model("s43")}`);
    expect(result.code).toBe(0);
    expect(rows("list")).toEqual(["AAPL delta", "AAPL no-hedge", "AAPL rnn-residual-ensemble"]);
  });
});

describe("hedgelab evaluate refuses, in one line, exit 1, nothing written", () => {
  async function expectRejected(args: string[], message: RegExp): Promise<void> {
    const out = mkdtempSync(join(dir, "rejected-"));
    const result = await cli(["evaluate", ...args, "--out", out, "--name", "x"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(out)).toEqual([]);
  }

  it("two rows of the same name", async () => {
    await expectRejected(
      ["--model", `same=${model("s42")}`, "--ensemble", `same=${seeds()}`],
      /^hedgelab: two rows are named same \(s42 and .*seeds\): give each model or ensemble its own name$/m,
    );
  });

  it("an ensemble whose members differ in hedge set or fitted parameters", async () => {
    await expectRejected(
      ["--ensemble", `${model("s42")},${join(dir, "other", "pair")}`],
      /^hedgelab: ensemble .*: its members differ in hedge set: AAPL \(s42\) and AAPL\+MSFT \(pair\)/m,
    );
    await expectRejected(
      ["--ensemble", `${model("s42")},${join(dir, "other", "shorter")}`],
      /^hedgelab: ensemble .*: its members differ in training period: \S+ \(s42\) and \S+ \(shorter\)/m,
    );
  });

  it("a --holdings file in a folder that does not exist", async () => {
    const missing = join(dir, "nowhere", "h.csv");
    await expectRejected(["--model", model("s42"), "--holdings", missing], /--holdings .*does not exist/);
    expect(existsSync(missing)).toBe(false);
  });
});
