import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { wideCsv } from "./price-csv.js";
import {
  buildRunConfigInput,
  parseConfigText,
  readDecimal,
  readConfigFile,
  shareTrainingLength,
  type RunFlags,
} from "../../src/cli/run-options.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-options-"));
});

/** The option flags listed by `hedgelab <command> --help`, by group heading. */
async function helpGroups(command: string): Promise<Record<string, string[]>> {
  const { stdout, code } = await cli([command, "--help"]);
  expect(code).toBe(0);
  const groups: Record<string, string[]> = {};
  let heading = "";
  for (const line of stdout.split("\n")) {
    if (/^\S.*:$/.test(line)) heading = line.slice(0, -1);
    const flag = /^ {2}(--[a-z-]+)/.exec(line);
    if (flag && heading) (groups[heading] ??= []).push(flag[1]!);
  }
  return groups;
}

describe("a bad value of a shared flag", () => {
  it("is named by the flag the user gave: run --epochs 0 says --epochs, not sigformer.epochs", async () => {
    const run = await cli(["run", "--hedge", "AAPL", "--epochs", "0"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("hedgelab: invalid --epochs: 0 (Too small: expected number to be >=1)\n");
    const batch = await cli(["run", "--hedge", "AAPL", "--batch-size", "1"]);
    expect(batch.stderr).toMatch(/^hedgelab: invalid --batch-size: 1 /);
    const own = await cli(["run", "--hedge", "AAPL", "--epochs", "5", "--sigformer-epochs", "0"]);
    expect(own.stderr).toMatch(/^hedgelab: invalid --sigformer-epochs: 0 /);
  });
});

describe("--interval and --bootstrap", () => {
  it("--interval sets the paired method and each strategy's (studentized: percentile there), unless the config sets it", () => {
    const resolve = (flags: RunFlags, base: Record<string, unknown> = {}) =>
      resolveRunConfig(buildRunConfigInput(flags, base)).evaluation;
    expect(resolve({}).paired.method).toBe("jackknife-t");
    expect(resolve({}).bootstrap.method).toBe("jackknife-t");
    const bca = resolve({ interval: "bca" });
    expect([bca.paired.method, bca.bootstrap.method]).toEqual(["bca", "bca"]);
    const studentized = resolve({ interval: "studentized", bootstrap: "200" });
    expect([studentized.paired.method, studentized.bootstrap.method]).toEqual(["studentized", "percentile"]);
    expect(studentized.bootstrap.resamples).toBe(200);
    const own = resolve({ interval: "normal" }, { evaluation: { bootstrap: { method: "basic" } } });
    expect([own.paired.method, own.bootstrap.method]).toEqual(["normal", "basic"]);
  });

  it("refuses --bootstrap in one line where nothing resamples (jackknife-t intervals)", async () => {
    const inert = await cli(["run", "--hedge", "AAPL", "--bootstrap", "10"]);
    expect(inert.code).toBe(1);
    expect(inert.stdout).toBe("");
    expect(inert.stderr).toBe(
      "hedgelab: --bootstrap 10 changes nothing: the intervals are jackknife-t (the default), which resample nothing; give --interval percentile|basic|normal|bca|studentized for bootstrap intervals\n",
    );
    const chosen = await cli(["run", "--hedge", "AAPL", "--interval", "jackknife-t", "--bootstrap", "10"]);
    expect(chosen.stderr).toMatch(
      /^hedgelab: --bootstrap 10 changes nothing: the intervals are jackknife-t, /,
    );
    // The paired differences resample: --bootstrap counts, though each strategy's intervals stay jackknife-t.
    const paired = { evaluation: { paired: { method: "percentile" } } };
    expect(() => buildRunConfigInput({ bootstrap: "10" }, paired)).not.toThrow();
    const bad = await cli(["run", "--hedge", "AAPL", "--interval", "bootstrap"]);
    expect(bad.stderr).toMatch(
      /^hedgelab: invalid --interval: "bootstrap" \(Invalid option: expected one of /,
    );
  });
});

describe("each command's --help", () => {
  it("shows every default as the schema has it, read from the schema (never written twice)", async () => {
    const { stdout } = await cli(["run", "--help"]);
    // A flag's help, its wrapped lines joined.
    const line = (flag: string): string => {
      const lines = stdout.split("\n");
      const start = lines.findIndex((l) => l.startsWith(`  ${flag} `));
      const end = lines.findIndex((l, k) => k > start && /^ {0,2}\S/.test(l));
      return lines
        .slice(start, end)
        .map((l) => l.trim())
        .join(" ");
    };
    const defaults = resolveRunConfig({});
    expect(line("--batch-size")).toContain(`(default ${defaults.training.batchSize})`);
    expect(line("--epochs")).toContain(`(default ${defaults.training.epochs})`);
    expect(line("--learning-rate")).toContain(`(default ${defaults.training.learningRate})`);
    expect(line("--levels")).toContain(`(default ${defaults.evaluation.levels.join(",")})`);
    expect(line("--block-length")).toMatch(/4 ⌈T \/ stride⌉ for the jackknife-t \(default auto\)/);
    expect(line("--vol-source")).toContain("training | realized | implied (default training)");
    expect(line("--loss")).toContain("entropic | expected-shortfall | mean-variance (default entropic)");
  });

  it("lists only the options that apply to it, grouped under headings", async () => {
    const train = await helpGroups("train");
    expect(Object.keys(train)).toEqual([
      "Options",
      "Data",
      "Option and hedge sets",
      "RNN hedger",
      "SigFormer hedger",
      "Feed-forward hedger",
      "No-transaction band hedger",
      "Training",
      "Regime-switching Black–Scholes source",
      "SigDiffusion source",
      "Heston source",
      "Merton jump-diffusion source",
      "Rough Bergomi source",
      "Black–Scholes (GBM) source",
      "Evaluation",
      "Run",
    ]);
    expect(train.Training).toContain("--epochs");
    expect(train["SigFormer hedger"]).toEqual([
      "--sigformer-size",
      "--dim",
      "--order",
      "--heads",
      "--blocks",
      "--dropout",
      "--sigformer-inputs",
      "--sigformer-epochs",
      "--sigformer-batch-size",
    ]);
    expect(train.Evaluation).toEqual(["--risk-aversion", "--cost"]);
    expect(Object.values(train).flat()).not.toContain("--vol-source");
    expect(Object.values(train).flat()).not.toContain("--strategies");

    const generate = Object.values(await helpGroups("generate")).flat();
    expect(generate).toContain("--paths-per-regime");
    expect(generate).toContain("--diffusion-epochs");
    for (const flag of ["--epochs", "--payoff", "--strike", "--bootstrap", "--hidden", "--vol-source"]) {
      expect(generate).not.toContain(flag);
    }
    const evaluate = Object.values(await helpGroups("evaluate")).flat();
    expect(evaluate).toContain("--vol-source");
    expect(evaluate).not.toContain("--epochs");
    expect(evaluate).not.toContain("--dim");
    const run = Object.values(await helpGroups("run")).flat();
    expect(run).toContain("--strategies");
    expect(new Set(run).size).toBe(run.length);
  });

  it("refuses, in one line, a flag that does not apply to the command", async () => {
    const result = await cli(["generate", "--epochs", "3", "--hedge", "AAPL", "--out", join(dir, "no")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("hedgelab: error: unknown option '--epochs'\n");
  });
});

describe("numbers on the command line and in config files", () => {
  it("reads decimal numbers strictly", () => {
    expect(readDecimal("0.5", "--cost")).toBe(0.5);
    expect(readDecimal("-.5e-3", "--rate")).toBe(-0.0005);
    expect(() => readDecimal("0x10", "--cost")).toThrow(
      'invalid --cost: "0x10" (must be a decimal number, e.g. 0.5)',
    );
    for (const text of ["", " ", "1_000", "Infinity", "1e", "0b1", "1,5"]) {
      expect(() => readDecimal(text, "--cost")).toThrow(/^invalid --cost: .* \(must be a decimal number/);
    }
    expect(() => readDecimal("1e400", "--cost")).toThrow(
      "invalid --cost: 1e400 (out of range: beyond the largest double, 1.8e308)",
    );
  });

  it("names the flag for a value from the command line, the field for one from a config file", async () => {
    const levels = await cli(["run", "--levels", "1.2", "--out", join(dir, "no")]);
    expect(levels.code).toBe(1);
    expect(levels.stderr).toMatch(/^hedgelab: invalid --levels: 1\.2 \(/);
    const hex = await cli(["run", "--cost", "0x10", "--out", join(dir, "no")]);
    expect(hex.stderr).toBe('hedgelab: invalid --cost: "0x10" (must be a decimal number, e.g. 0.5)\n');

    const file = join(dir, "seed.json");
    writeFileSync(file, '{"seed": 1e400, "evaluation": {"levels": [0.95, 1.2]}}');
    const seed = await cli(["run", "--config", file, "--out", join(dir, "no")]);
    expect(seed.code).toBe(1);
    expect(seed.stderr).toBe(
      `hedgelab: invalid seed in config file ${file}: out of range (a number beyond the largest double, 1.8e308)\n`,
    );
    writeFileSync(file, '{"seed": 1.5}');
    expect((await cli(["run", "--config", file, "--out", join(dir, "no")])).stderr).toMatch(
      new RegExp(`^hedgelab: invalid seed in config file ${file}: 1\\.5 \\(`),
    );
    // The same field given by its flag is named by the flag.
    expect((await cli(["run", "--config", file, "--seed", "2.5", "--out", join(dir, "no")])).stderr).toMatch(
      /^hedgelab: invalid --seed: 2\.5 \(/,
    );
  });
});

describe("readConfigFile", () => {
  it("accepts a UTF-8 byte-order mark", () => {
    expect(parseConfigText('\uFEFF{"seed": 7}', "c.json")).toEqual({ seed: 7 });
  });

  it("takes relative price paths from the config file's folder", async () => {
    const folder = join(dir, "configs");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "prices.csv"), "date,AAPL\n2020-01-02,100\n2020-01-03,101\n");
    const file = join(folder, "run.json");
    writeFileSync(file, JSON.stringify({ data: { prices: ["prices.csv", "/abs/x.csv"] } }));
    expect(readConfigFile(file)).toEqual({ data: { prices: [join(folder, "prices.csv"), "/abs/x.csv"] } });
    // From another working directory the file is found: the error is about its content, not its path.
    writeFileSync(file, JSON.stringify({ data: { prices: ["prices.csv"] } }));
    const result = await cli(["run", "--config", file, "--hedge", "ZZZ", "--out", join(dir, "no")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^hedgelab: unknown ticker ZZZ in .*configs\/prices\.csv \(has AAPL\)/);
  });
});

describe("the SigFormer's flags", () => {
  it("name the flag in one line, and refuse before reading any data a configuration that would not fit in memory", async () => {
    const out = join(dir, "no");
    const run = (...flags: string[]) => cli(["run", "--strategies", "sigformer", ...flags, "--out", out]);
    expect((await run("--dim", "0")).stderr).toMatch(/^hedgelab: invalid --dim: 0 \(/);
    expect((await run("--order", "5")).stderr).toMatch(/^hedgelab: invalid --order: 5 \(/);
    expect((await run("--sigformer-size", "huge")).stderr).toMatch(
      /^hedgelab: invalid --sigformer-size: "huge"/,
    );
    expect((await run("--sigformer-inputs", "returns,volume")).stderr).toMatch(
      /^hedgelab: invalid --sigformer-inputs: /,
    );
    expect((await run("--sigformer-batch-size", "some")).stderr).toBe(
      'hedgelab: invalid --sigformer-batch-size: "some" (must be a decimal number, e.g. 0.5)\n',
    );
    const huge = await run("--dim", "16", "--order", "4");
    expect(huge.code).toBe(1);
    expect(huge.stderr).toMatch(
      /^hedgelab: invalid --dim 16 with order 4: the SigFormer would need about [\d.]+ GiB .* more than its memory budget of 3\.0 GiB; lower dim, order or heads\n$/,
    );
  });

  it("--epochs and --batch-size set the SigFormer's too, unless its own flags are given", () => {
    const share = (flags: RunFlags) => shareTrainingLength(buildRunConfigInput(flags), flags);
    expect(buildRunConfigInput({ epochs: "3" })).toEqual({ training: { epochs: 3 } });
    const epochs = share({ epochs: "3", batchSize: "64" });
    expect(epochs).toMatchObject({
      training: { epochs: 3, batchSize: 64 },
      sigformer: { epochs: 3, batchSize: 64 },
    });
    const own = share({ epochs: "3", sigformerEpochs: "7", sigformerBatchSize: "all" });
    expect(own).toMatchObject({ training: { epochs: 3 }, sigformer: { epochs: 7, batchSize: "all" } });
  });
});

describe("saved configurations", () => {
  it("save price paths as absolute paths, so that config.json runs again from its own folder", async () => {
    const prices = join(dir, "saved.csv");
    writeFileSync(prices, wideCsv(300));
    const relativePrices = relative(process.cwd(), prices);
    const out = join(dir, "saved-runs");
    const quick = ["--hedge", "AAPL", "--strategies", "no-hedge", "--out", out];
    const first = await cli(["run", "--prices", relativePrices, ...quick, "--name", "a"]);
    expect(first.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(out, "a", "config.json"), "utf8"));
    expect(saved.data.prices).toEqual([prices]);
    const again = await cli(["run", "--config", join(out, "a", "config.json"), "--out", out, "--name", "b"]);
    expect(again.stderr).toBe("");
    expect(readFileSync(join(out, "b", "pnl.csv"), "utf8")).toBe(
      readFileSync(join(out, "a", "pnl.csv"), "utf8"),
    );
  });
});
