import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";
import { wideCsv } from "./price-csv.js";

let dir: string;
const hedge = ["--hedge", "AAPL", "--hedge", "AAPL,MSFT"];
const fast = ["--epochs", "5"];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-cli-"));
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Runs `hedgelab run` on a bad input and checks: exit 1, one line naming the fault, no results folder. */
async function expectRejected(args: string[], message: RegExp | string): Promise<void> {
  const out = mkdtempSync(join(dir, "out-"));
  const result = await cli(["run", ...args, "--out", out, "--name", "r", ...fast]);
  expect(result.code).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(readdirSync(out)).toEqual([]);
}

describe("hedgelab run on a user's CSV", () => {
  it("evaluates every strategy on every hedge set and writes the results folder", async () => {
    const prices = write("good.csv", wideCsv(400));
    const out = join(dir, "runs-good");
    const result = await cli(["run", "--prices", prices, ...hedge, ...fast, "--out", out, "--name", "good"]);
    expect(result.stderr).not.toMatch(/^hedgelab:/m);
    // Training progress off a terminal: where to resume from, one line per epoch with the time left,
    // then one summary line per training (with the grid's time left).
    const epochLine =
      /^cell \d\/2 rnn · market on AAPL(\+MSFT)?: epoch \d+\/5, loss -?\d+\.\d{4}, validation risk -?\d+\.\d{4}, \d+ s an epoch(, at most .* left)?$/;
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.filter((l) => epochLine.test(l)).length).toBeGreaterThan(1);
    expect(lines.filter((l) => !epochLine.test(l))).toEqual([
      expect.stringMatching(
        /^cache .*runs-good\/\.cache; if interrupted \(Ctrl-C\), resume with: hedgelab run .* --resume$/,
      ),
      expect.stringMatching(
        /^cell 1\/2 rnn · market on AAPL: \d+ epochs(, early stop)?, kept epoch \d+ \(validation risk \d+\.\d{4}\); 1\/2 cells done in .*, about .* left$/,
      ),
      expect.stringMatching(
        /^cell 2\/2 rnn · market on AAPL\+MSFT: \d+ epochs(, early stop)?, kept epoch \d+ \(validation risk \d+\.\d{4}\)$/,
      ),
    ]);
    // A key under the table: columns, sign convention, premium.
    expect(result.stdout).toMatch(/^key: P&L = premium \+ gains of the hedge − option payoff − costs/m);
    expect(result.stdout).toMatch(
      /^ {2}premium 0: the P&L carries no premium, so entropic risk and price coincide$/m,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("every figure below is on these out-of-sample windows");
    expect(result.stdout).toMatch(/AAPL\+MSFT\s+delta/);
    expect(readdirSync(join(out, "good")).sort()).toEqual([
      "config.json",
      "difference-surfaces.json",
      "metrics.json",
      "models",
      "paired.csv",
      "paths.json",
      "pnl.csv",
      "report.html",
      "returns.csv",
      "surfaces.csv",
      "table.txt",
      "training.csv",
    ]);
    expect(readdirSync(join(out, "good", "models")).sort()).toEqual(["AAPL", "AAPL-MSFT"]);
    // Before training, the periods each part of the split uses.
    expect(result.stdout).toMatch(
      /^periods: train 2019-01-01\.\.\S+ \(\d+ dates, \d+ windows\) · validation .* · test /,
    );
    expect(result.stdout).toMatch(/AAPL\+MSFT\s+rnn/);
    expect(result.stdout).toContain(`report: ${join(out, "good", "report.html")}`);
    const metrics = JSON.parse(readFileSync(join(out, "good", "metrics.json"), "utf8"));
    const config = JSON.parse(readFileSync(join(out, "good", "config.json"), "utf8"));
    expect(config.seed).toBe(42);
    expect(config.data.start).toBe("2019-01-01");
    expect(metrics.seed).toBe(42);
    expect(metrics.sources).toEqual([prices]);
    expect(metrics.results).toHaveLength(6);
    expect(metrics.training.map((t: { hedge: string[] }) => t.hedge)).toEqual([["AAPL"], ["AAPL", "MSFT"]]);
    expect(metrics.training.map((t: { hedge: string[] }) => t.hedge)).toEqual([["AAPL"], ["AAPL", "MSFT"]]);
    const windows = metrics.split.test.windows;
    const pnl = readFileSync(join(out, "good", "pnl.csv"), "utf8")
      .trim()
      .split("\n");
    expect(pnl[0]).toBe("window,start,end,hedge,strategy,source,pnl");
    expect(pnl).toHaveLength(1 + windows * 6);
    expect(readdirSync(out)).toEqual([".cache", "good"]);
  });

  it("reads Yahoo files, one per ticker named by the file, and evaluates them like a wide file", async () => {
    const wide = wideCsv(300).trimEnd().split("\n").slice(1);
    const yahoo = (column: number): string =>
      [
        "Date,Open,High,Low,Close,Adj Close,Volume",
        ...wide.map((line) => {
          const cells = line.split(",");
          const price = cells[column]!;
          return `${cells[0]},${price},${price},${price},${price},${price},1000`;
        }),
      ].join("\n");
    mkdirSync(join(dir, "yahoo"), { recursive: true });
    const aapl = write("yahoo/AAPL.csv", yahoo(1));
    const msft = write("yahoo/msft.csv", yahoo(2));
    const widePath = write("as-wide.csv", wideCsv(300));
    const out = join(dir, "runs-yahoo");
    const args = [...hedge, ...fast, "--out", out];
    expect((await cli(["run", "--prices", aapl, "--prices", msft, ...args, "--name", "yahoo"])).code).toBe(0);
    expect((await cli(["run", "--prices", widePath, ...args, "--name", "wide"])).code).toBe(0);
    const results = (name: string): unknown =>
      JSON.parse(readFileSync(join(out, name, "metrics.json"), "utf8")).results;
    expect(results("yahoo")).toEqual(results("wide"));
  });

  it("is reproducible: the same seed writes the same metrics", async () => {
    const prices = write("again.csv", wideCsv(300));
    const out = join(dir, "runs-again");
    for (const name of ["a", "b"]) {
      expect(
        (await cli(["run", "--prices", prices, ...hedge, ...fast, "--out", out, "--name", name])).code,
      ).toBe(0);
    }
    expect(readFileSync(join(out, "a", "metrics.json"), "utf8")).toBe(
      readFileSync(join(out, "b", "metrics.json"), "utf8"),
    );
  });

  it("reproduces a run from its own config.json", async () => {
    const prices = write("replay.csv", wideCsv(300));
    const out = join(dir, "runs-replay");
    expect(
      (await cli(["run", "--prices", prices, ...hedge, ...fast, "--out", out, "--name", "first"])).code,
    ).toBe(0);
    const config = join(out, "first", "config.json");
    expect((await cli(["run", "--config", config, "--out", out, "--name", "replay"])).code).toBe(0);
    const metrics = (name: string): string => readFileSync(join(out, name, "metrics.json"), "utf8");
    expect(metrics("replay")).toBe(metrics("first"));
  });

  it("names a run without --name by its UTC start time, adding -2, -3 … when that folder exists", async () => {
    const prices = write("stamp.csv", wideCsv(300));
    const out = join(dir, "runs-stamp");
    for (let k = 0; k < 3; k++) {
      expect((await cli(["run", "--prices", prices, ...hedge, ...fast, "--out", out])).code).toBe(0);
    }
    // Beside the runs, the hidden cache of their trained models.
    expect(readdirSync(out).sort()).toEqual([
      ".cache",
      "20260102-030405",
      "20260102-030405-2",
      "20260102-030405-3",
    ]);
  });

  it("never overwrites an existing results folder", async () => {
    const prices = write("twice.csv", wideCsv(300));
    const out = join(dir, "runs-twice");
    expect(
      (await cli(["run", "--prices", prices, ...hedge, ...fast, "--out", out, "--name", "x"])).code,
    ).toBe(0);
    const second = await cli(["run", "--prices", prices, ...hedge, ...fast, "--out", out, "--name", "x"]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/results folder .*x already exists/);
  });
});

describe("hedgelab run rejects bad input with one line, exit 1 and no results folder", () => {
  const good = (): string[] => wideCsv(300).trimEnd().split("\n");
  const withLine = (name: string, index: number, line: string): string => {
    const lines = good();
    lines[index] = line;
    return write(name, `${lines.join("\n")}\n`);
  };

  it("an unparsable date, naming the file and line", async () => {
    const file = withLine("date.csv", 5, "03/01/2019,1,2");
    await expectRejected(["--prices", file, ...hedge], /date\.csv line 6: .*date/);
  });

  it("a duplicate date", async () => {
    const lines = good();
    const file = withLine("dup.csv", 6, lines[5]!);
    await expectRejected(["--prices", file, ...hedge], /dup\.csv lines 6 and 7: duplicate date/);
  });

  it("unsorted dates", async () => {
    const lines = good();
    [lines[10], lines[11]] = [lines[11]!, lines[10]!];
    const file = write("unsorted.csv", `${lines.join("\n")}\n`);
    await expectRejected(["--prices", file, ...hedge], /unsorted\.csv line 1[12]/);
  });

  it("an empty price inside the range, naming the ticker", async () => {
    const lines = good();
    const date = lines[50]!.split(",")[0]!;
    const file = withLine("gap.csv", 50, `${date},,123`);
    await expectRejected(["--prices", file, ...hedge], /AAPL.*missing|missing.*AAPL/);
  });

  it("a NaN price inside the range", async () => {
    const lines = good();
    const date = lines[60]!.split(",")[0]!;
    const file = withLine("nan.csv", 60, `${date},NaN,123`);
    await expectRejected(["--prices", file, ...hedge], /AAPL/);
  });

  it("a non-positive price, naming the file, line and ticker", async () => {
    const lines = good();
    const date = lines[70]!.split(",")[0]!;
    const file = withLine("neg.csv", 70, `${date},12,-3`);
    await expectRejected(["--prices", file, ...hedge], /neg\.csv line 71.*MSFT.*not positive/);
  });

  it("a malformed row", async () => {
    const file = withLine("short.csv", 8, "2019-01-11,12");
    await expectRejected(["--prices", file, ...hedge], /short\.csv line 9/);
  });

  it("an unknown ticker", async () => {
    const file = write("ok.csv", wideCsv(300));
    await expectRejected(["--prices", file, "--hedge", "AAPL,NOPE"], /unknown ticker NOPE/);
  });

  it("too little history for one window", async () => {
    const file = write("tiny.csv", wideCsv(40));
    await expectRejected(["--prices", file, ...hedge], /too little history/);
  });

  it("a date range outside the data", async () => {
    const file = write("range.csv", wideCsv(300));
    await expectRejected(["--prices", file, ...hedge, "--start", "2001-01-02"], /2001-01-02/);
  });

  it("a missing file", async () => {
    await expectRejected(["--prices", join(dir, "nowhere.csv"), ...hedge], /nowhere\.csv/);
  });

  it("invalid option values, naming the flag", async () => {
    const file = write("opts.csv", wideCsv(300));
    await expectRejected(["--prices", file, ...hedge, "--strike", "-5"], /^hedgelab: invalid --strike: -5/);
    await expectRejected(
      ["--prices", file, ...hedge, "--risk-aversion", "abc"],
      /invalid --risk-aversion: "abc"/,
    );
    await expectRejected(["--prices", file, ...hedge, "--payoff", "digitl"], /invalid --payoff: "digitl"/);
    await expectRejected(["--prices", file, ...hedge, "--stride", "0"], /invalid --stride: 0/);
    await expectRejected(["--prices", file, ...hedge, "--hedge", ""], /hedge/);
  });

  it("an unknown flag", async () => {
    await expectRejected(
      ["--strik", "100"],
      /^hedgelab: error: unknown option '--strik' \(Did you mean --strike\?\)$/m,
    );
  });

  it("a config file that is not JSON", async () => {
    const config = write("bad.json", "{ nope");
    await expectRejected(["--config", config], /config file .*bad\.json is not valid JSON/);
  });
});

describe("hedgelab run on the embedded data", () => {
  it("evaluates the AAPL call on the 2008-09-26..2024-12-31 test period with the default hedge sets", async () => {
    const out = join(dir, "runs-embedded");
    const result = await cli(["run", "--out", out, "--name", "default", "--epochs", "3"]);
    expect(result.stderr).not.toMatch(/^hedgelab:/m);
    expect(result.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, "default", "metrics.json"), "utf8"));
    expect(metrics.split.test.end).toBe("2024-12-31");
    expect(metrics.split.train.start).toBe("2008-09-26");
    expect(metrics.results.map((r: { hedge: string[] }) => r.hedge.length)).toEqual([
      1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5,
    ]);
    expect(metrics.results.slice(0, 3).map((r: { strategy: string }) => r.strategy)).toEqual([
      "delta",
      "no-hedge",
      "rnn-residual",
    ]);
    // The delta hedge removes most of the option's risk on real data: its P&L spread is far below no-hedge's.
    const delta = metrics.results[0];
    const none = metrics.results[1];
    expect(delta.strategy).toBe("delta");
    expect(delta.std).toBeLessThan(none.std / 2);
    expect(existsSync(join(out, "default", "pnl.csv"))).toBe(true);
  });

  it("trains the RNN and the small SigFormer per hedge set and prints both beside the delta hedge and no hedge", async () => {
    const out = join(dir, "runs-sigformer");
    const result = await cli([
      "run",
      "--hedge",
      "AAPL,MSFT",
      "--strategies",
      "delta,no-hedge,rnn,sigformer",
      "--sigformer-size",
      "small",
      "--epochs",
      "1",
      "--hidden",
      "8,8",
      "--out",
      out,
      "--name",
      "both",
    ]);
    expect(result.stderr).not.toMatch(/^hedgelab:/m);
    expect(result.code).toBe(0);
    // The learned hedgers are residual by default: the delta hedge plus a learned correction.
    const strategies = ["delta", "no-hedge", "rnn-residual", "sigformer-residual"];
    for (const strategy of strategies)
      expect(result.stdout).toMatch(new RegExp(`^AAPL\\+MSFT\\s+${strategy}\\s`, "m"));
    expect(result.stdout).toMatch(
      /sigformer-residual on AAPL\+MSFT: ResidualHedger\(delta with σ=[\d.]+ \+ SigFormerHedger\(dim=4, order=3/,
    );
    const metrics = JSON.parse(readFileSync(join(out, "both", "metrics.json"), "utf8"));
    expect(metrics.results.map((r: { strategy: string }) => r.strategy)).toEqual(strategies);
  });
});

describe("hedgelab run's output", () => {
  it("prints the periods once: the periods: line before the study, the test period above named, not repeated, over the table", async () => {
    const out = mkdtempSync(join(dir, "periods-"));
    const result = await cli([
      "run",
      "--hedge",
      "AAPL",
      "--strategies",
      "delta,no-hedge",
      "--out",
      out,
      "--name",
      "p",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/\d+ dates, \d+ windows/g)).toHaveLength(3);
    expect(result.stdout).toMatch(/^periods: train /m);
    expect(result.stdout).toMatch(
      /^test period above: every figure below is on these out-of-sample windows$/m,
    );
    // One name for the tail measure, as in the report: CVaR.
    expect(result.stdout).toMatch(/\sVaR95\s+CVaR95\s+VaR99\s+CVaR99\s/);
    expect(result.stdout).not.toMatch(/\bES95\b/);
  });
});
