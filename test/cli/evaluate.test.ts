import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { weekdays } from "./price-csv.js";
import { cli, type CliRun } from "./run-cli.js";
import { createRandom } from "../../src/random/random-source.js";
import { parsePrices } from "../../src/data/parse-prices.js";
import { rollingWindows } from "../../src/data/rolling-windows.js";
import { resolveDateSpan } from "../../src/data/date-span.js";
import { DeltaHedge } from "../../src/hedgers/delta-hedge.js";
import { hedgePnl } from "../../src/hedgers/hedge-pnl.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";

/**
 * A wide CSV of AAPL and MSFT random walks: the first `shared` weekdays identical for every
 * `laterVol`, then `extra` weekdays whose daily volatility is `laterVol` (a later file).
 */
function pricesCsv(shared: number, extra = 0, laterVol = 0.015): string {
  const random = createRandom(1);
  const later = createRandom(2);
  let a = 150;
  let b = 250;
  const lines = ["date,AAPL,MSFT"];
  weekdays(shared + extra).forEach((date, d) => {
    lines.push(`${date},${a.toFixed(4)},${b.toFixed(4)}`);
    const [source, vol] = d < shared ? [random, 0.015] : [later, laterVol];
    a *= Math.exp(vol * source.normal());
    b *= Math.exp(0.8 * vol * source.normal());
  });
  return `${lines.join("\n")}\n`;
}

let dir: string;
let first: string;
let runs: string;
const small = ["--hidden", "8,8", "--epochs", "2"];
const periods = ["--train", "2019-01-01..2019-12-31", "--validation", "2020-01-01..2020-06-30"];
// 450 weekdays: 2019-01-01..2020-09-21, so the run's test period is 2020-07-01..2020-09-21.
const SHARED = 450;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-evaluate-"));
  first = write("first.csv", pricesCsv(SHARED));
  runs = join(dir, "runs");
  const trained = await cli([
    "run",
    "--prices",
    first,
    "--hedge",
    "AAPL",
    "--hedge",
    "AAPL,MSFT",
    ...periods,
    "--test",
    "2020-07-01..",
    ...small,
    "--out",
    runs,
    "--name",
    "trained",
  ]);
  expect(trained.stderr).not.toMatch(/^hedgelab:/m);
  expect(trained.code).toBe(0);
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const metrics = (folder: string): { results: { hedge: string[]; strategy: string }[]; notes: string[] } =>
  JSON.parse(readFileSync(join(folder, "metrics.json"), "utf8"));

async function evaluate(name: string, args: string[]): Promise<CliRun> {
  return cli(["evaluate", ...args, "--out", join(dir, "evaluations"), "--name", name]);
}

describe("hedgelab run with periods given as dates", () => {
  it("says which dates each period uses before training, and saves each trained hedger with its fitted parameters", () => {
    const run = metrics(join(runs, "trained")) as unknown as {
      split: Record<string, { start: string; end: string }>;
    };
    expect(run.split.train).toMatchObject({ start: "2019-01-01", end: "2019-12-31" });
    expect(run.split.validation).toMatchObject({ start: "2020-01-01", end: "2020-06-30" });
    expect(run.split.test).toMatchObject({ start: "2020-07-01", end: "2020-09-21" });
    const model = JSON.parse(
      readFileSync(join(runs, "trained", "models", "AAPL-MSFT", "model.json"), "utf8"),
    );
    expect(model.fitted.train).toEqual({ start: "2019-01-01", end: "2019-12-31" });
    expect(model.fitted.volatility.volatility).toBeGreaterThan(0.15);
    const config = JSON.parse(readFileSync(join(runs, "trained", "config.json"), "utf8"));
    expect(config.data.periods).toEqual({
      train: "2019-01-01..2019-12-31",
      validation: "2020-01-01..2020-06-30",
      test: "2020-07-01..2020-09-21",
    });
  });
});

describe("a hedge set with a listed option", () => {
  it("is scored by evaluate as by run, the call priced at the saved training volatility", async () => {
    const run = await cli([
      "run",
      "--prices",
      first,
      "--hedge",
      "AAPL,AAPL:call40",
      ...periods,
      "--test",
      "2020-07-01..",
      ...small,
      "--out",
      runs,
      "--name",
      "listed",
    ]);
    expect(run.stderr).not.toMatch(/^hedgelab:/m);
    expect(run.stdout).toMatch(
      /listed options of AAPL\+AAPL:CALL40: by Black–Scholes at the training volatility \(AAPL 0\.\d{4}\)/,
    );
    const result = await evaluate("listed", [
      "--model",
      join(runs, "listed", "models", "AAPL-AAPL-CALL40"),
      "--prices",
      first,
      "--test",
      "2020-07-01..",
    ]);
    expect(result.stderr).toBe("");
    expect(metrics(join(dir, "evaluations", "listed")).results).toEqual(
      metrics(join(runs, "listed")).results,
    );
  });
});

describe("hedgelab evaluate on a later price file", () => {
  it("reproduces the training run's figures on the shared dates bit for bit", async () => {
    const later = write("later.csv", pricesCsv(SHARED, 150, 0.04));
    const result = await evaluate("shared", [
      "--model",
      join(runs, "trained", "models", "AAPL-MSFT"),
      "--prices",
      later,
      "--test",
      "2020-07-01..2020-09-21",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /test 2020-07-01\.\.2020-09-21: \d+ windows of T = 30 days, stride 1 .*out-of-sample windows/,
    );
    expect(result.stdout).toMatch(
      /trained on 2019-01-01\.\.2019-12-31, validated on 2020-01-01\.\.2020-06-30/,
    );
    const trainedRows = metrics(join(runs, "trained")).results.filter((r) => r.hedge.length === 2);
    expect(metrics(join(dir, "evaluations", "shared")).results).toEqual(trainedRows);
    const pnl = (folder: string): string[] =>
      readFileSync(join(folder, "pnl.csv"), "utf8")
        .trim()
        .split("\n")
        .filter((line) => line.includes(",AAPL+MSFT,"));
    expect(pnl(join(dir, "evaluations", "shared"))).toEqual(pnl(join(runs, "trained")));
  });

  it("on new dates uses only the training run's volatility: a changed volatility in the new period leaves the delta hedge's σ alone", async () => {
    const model = join(runs, "trained", "models", "AAPL");
    const saved = JSON.parse(readFileSync(join(model, "model.json"), "utf8"));
    const sigma: number = saved.fitted.volatility.volatility;
    for (const [name, vol] of [
      ["calm", 0.005],
      ["wild", 0.05],
    ] as const) {
      const file = write(`${name}.csv`, pricesCsv(SHARED, 120, vol));
      const result = await evaluate(name, ["--model", model, "--prices", file, "--test", "2020-09-22.."]);
      expect(result.code).toBe(0);
      const notes = metrics(join(dir, "evaluations", name)).notes;
      expect(notes[0]).toContain(`: ${sigma.toFixed(4)}`);
      // The delta row is the Black–Scholes delta with the saved σ on the new windows, to the last bit.
      const table = parsePrices(readFileSync(file, "utf8"), { file });
      const span = resolveDateSpan(table, { start: "2020-09-22" });
      const paths = rollingWindows(table, { tickers: ["AAPL"], span, steps: 30 });
      const option = new EuropeanOption();
      const context = { paths, option, dt: 1 / 252 };
      const expected = hedgePnl(
        paths,
        new DeltaHedge({ volatility: sigma }).holdings(context),
        option.payoff(paths),
      );
      const rows = readFileSync(join(dir, "evaluations", name, "pnl.csv"), "utf8")
        .trim()
        .split("\n")
        .filter((line) => line.endsWith(",") === false && line.includes(",AAPL,delta,"))
        .map((line) => Number(line.split(",").at(-1)));
      expect(rows).toEqual(Array.from(expected));
    }
  });

  it("scores several models in one table, each beside its own delta hedge", async () => {
    const later = write("several.csv", pricesCsv(SHARED, 100));
    const result = await evaluate("several", [
      "--model",
      join(runs, "trained", "models", "AAPL"),
      "--model",
      join(runs, "trained", "models", "AAPL-MSFT"),
      "--prices",
      later,
      "--test",
      "2020-09-22..",
    ]);
    expect(result.code).toBe(0);
    const rows = metrics(join(dir, "evaluations", "several")).results.map(
      (r) => `${r.hedge.join("+")} ${r.strategy}`,
    );
    expect(rows).toEqual([
      "AAPL delta",
      "AAPL no-hedge",
      "AAPL rnn-residual",
      "AAPL+MSFT delta",
      "AAPL+MSFT no-hedge",
      "AAPL+MSFT rnn-residual",
    ]);
  });
});

describe("bad periods: one line naming the flag, exit 1, nothing written", () => {
  async function expectRejected(args: string[], message: RegExp): Promise<void> {
    const out = mkdtempSync(join(dir, "rejected-"));
    const extra = args[0] === "run" ? small : [];
    const result = await cli([...args, "--out", out, "--name", "x", ...extra]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(out)).toEqual([]);
  }
  const run = (...args: string[]): string[] => ["run", "--prices", first, "--hedge", "AAPL", ...args];

  it("overlapping periods", async () => {
    await expectRejected(
      run("--train", "2019-01-01..2019-12-31", "--validation", "2019-12-01..2020-06-30"),
      /^hedgelab: invalid --validation: "2019-12-01\.\.2020-06-30" \(it overlaps the train period 2019-01-01\.\.2019-12-31\)$/m,
    );
  });

  it("periods out of order", async () => {
    await expectRejected(
      run(...periods, "--test", "2019-02-01..2019-06-28"),
      /^hedgelab: invalid --test: .*comes before the validation period.*order train, validation, test/m,
    );
  });

  it("a period outside the data", async () => {
    await expectRejected(
      run(...periods, "--test", "2020-07-01..2021-12-31"),
      /^hedgelab: invalid --test: "2020-07-01\.\.2021-12-31" \(end 2021-12-31 is after the last date 2020-09-21 of .*first\.csv\)$/m,
    );
  });

  it("a test period shorter than one window", async () => {
    await expectRejected(
      run(...periods, "--test", "2020-07-01..2020-07-31"),
      /^hedgelab: invalid --test: .*holds 23 trading dates .*one window of T = 30 steps needs 31/m,
    );
  });

  it("a malformed period, and periods without a training period", async () => {
    await expectRejected(
      run("--train", "2019-01-01..2019-13-01"),
      /invalid --train: .*2019-13-01 is not a calendar date/,
    );
    await expectRejected(
      run("--test", "2020-07-01.."),
      /invalid --test: .*need the training period as dates too/,
    );
  });

  it("evaluate: a test period inside the model's training or validation period, or too short", async () => {
    const model = join(runs, "trained", "models", "AAPL");
    await expectRejected(
      ["evaluate", "--model", model, "--test", "2019-06-03..2019-12-31"],
      /^hedgelab: invalid --test: .*overlaps the training period 2019-01-01\.\.2019-12-31 of model AAPL: .*--in-sample/m,
    );
    await expectRejected(
      ["evaluate", "--model", model, "--test", "2020-06-01..2020-09-21"],
      /overlaps the validation period 2020-01-01\.\.2020-06-30/,
    );
    await expectRejected(["evaluate", "--model", model, "--test", "2020-09-01.."], /holds 15 trading dates/);
  });

  it("evaluate --in-sample scores it anyway and says so", async () => {
    const model = join(runs, "trained", "models", "AAPL");
    const result = await evaluate("inside", [
      "--model",
      model,
      "--test",
      "2019-06-03..2019-12-31",
      "--in-sample",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/IN-SAMPLE/);
    expect(result.stdout).not.toMatch(/out-of-sample windows/);
    expect(existsSync(join(dir, "evaluations", "inside", "table.txt"))).toBe(true);
  });
});

describe("hedgelab run with seeds and the residual policy", () => {
  it("gives a row per seed, the seeds' ensemble, paired comparisons with delta and the spread across seeds", async () => {
    const out = join(dir, "seeded");
    const result = await cli([
      "run",
      "--prices",
      first,
      "--hedge",
      "AAPL",
      ...periods,
      "--seeds",
      "2",
      "--policy-output",
      "residual",
      "--policy-inputs",
      "delta",
      ...small,
      "--out",
      out,
      "--name",
      "s",
    ]);
    expect(result.stderr).not.toMatch(/^hedgelab:/m);
    expect(result.code).toBe(0);
    const rows = metrics(join(out, "s")).results.map((r) => r.strategy);
    expect(rows).toEqual([
      "delta",
      "no-hedge",
      "rnn-residual:seed42",
      "rnn-residual:seed43",
      "rnn-residual-ensemble",
    ]);
    expect(result.stdout).toMatch(/^paired with delta on the same windows/m);
    expect(result.stdout).toMatch(/^AAPL\s+rnn-residual:seed42\s+[+-]?\d+\.\d{3} \[/m);
    expect(result.stdout).toMatch(/^across 2 training seeds/m);
    const paired = readFileSync(join(out, "s", "paired.csv"), "utf8")
      .trim()
      .split("\n");
    expect(paired[0]).toBe(
      "hedge,strategy,baseline,metric,estimate,lower,upper,level,method,block,blocks,verdict,training",
    );
    expect(paired).toHaveLength(1 + 3 * 4);
    const seeds = JSON.parse(readFileSync(join(out, "s", "metrics.json"), "utf8")).seeds;
    expect(seeds[0].strategy).toBe("rnn-residual");
    expect(seeds[0].metrics.map((m: { metric: string }) => m.metric)).toEqual([
      "mean",
      "std",
      "cvar95",
      "entropic",
      "Δmean",
      "Δstd",
      "Δcvar95",
      "Δentropic",
    ]);
    expect(readdirSync(join(out, "s", "models")).sort()).toEqual(["AAPL-seed42", "AAPL-seed43"]);
  });
});

describe("hedgelab evaluate writes report.html, and hedgelab report reads an evaluate folder", () => {
  it("the page has the results with the Black–Scholes price, and says in one sentence what an evaluation lacks", async () => {
    const result = await evaluate("with-report", ["--model", join(runs, "trained", "models", "AAPL")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const folder = join(dir, "evaluations", "with-report");
    expect(result.stdout).toContain(`report: ${join(folder, "report.html")}`);
    const page = readFileSync(join(folder, "report.html"), "utf8");
    expect(page).toContain("An evaluation of saved models (hedgelab evaluate) on the test period");
    expect(page).toContain("An evaluation of saved models fits no regime model");
    expect(page).toContain("BS price");
    expect(result.stdout).toMatch(/^hedge set\s+strategy\s+.*\s+price\s+BS price/m);
    const again = await cli(["report", folder]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`report: ${join(folder, "report.html")}\n`);
    expect(readFileSync(join(folder, "report.html"), "utf8")).toBe(page);
  });
});
