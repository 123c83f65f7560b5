import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareWithModel } from "../../src/config/model-compatibility.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { EMBEDDED_DATA_DIR, EMBEDDED_FILES } from "../../src/data/load-prices.js";
import { cli } from "../cli/run-cli.js";
import { tinyTraining, wideCsv } from "../cli/price-csv.js";

let dir: string;
let model: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-model-"));
  const prices = join(dir, "prices.csv");
  writeFileSync(prices, wideCsv(300));
  const trained = await cli(tinyTraining(prices, join(dir, "models"), "--name", "m"));

  expect(trained.code).toBe(0);
  model = join(dir, "models", "m");
});

describe("compareWithModel", () => {
  it("separates what contradicts a model from what only changes the question", () => {
    const trained = resolveRunConfig({ hedgeSets: [["AAPL"]] });
    const requested = resolveRunConfig({
      hedgeSets: [["MSFT"]],
      option: { kind: "put" },
      evaluation: { cost: 0.001 },
    });
    const { contradictions, changes } = compareWithModel(trained, requested, { hedgeSets: "--hedge" });
    expect(contradictions).toEqual([
      expect.stringMatching(/^--hedge MSFT contradicts the model, trained with hedgeSets AAPL/),
      expect.stringMatching(/^option\.kind put contradicts the model, trained with option\.kind call/),
    ]);
    expect(changes).toEqual(["evaluation.cost 0.001 (trained with 0)"]);
  });
});

describe("compareWithModel and the embedded prices", () => {
  it("names the embedded file a model trained on without --prices, and counts giving that file as no change", () => {
    const trained = resolveRunConfig({ hedgeSets: [["AAPL"]] });
    const other = resolveRunConfig({ hedgeSets: [["AAPL"]], data: { prices: ["later.csv"] } });
    expect(compareWithModel(trained, other, { "data.prices": "--prices" }).changes).toEqual([
      "--prices later.csv (trained with the embedded data/adj_close_2004_2024.csv)",
    ]);
    const embedded = join(EMBEDDED_DATA_DIR, EMBEDDED_FILES.prices);
    const same = resolveRunConfig({ hedgeSets: [["AAPL"]], data: { prices: [embedded] } });
    expect(compareWithModel(trained, same).changes).toEqual([]);
  });
});

describe("hedgelab evaluate", () => {
  const evaluate = (...extra: string[]) =>
    cli(["evaluate", "--model", model, "--out", join(dir, "runs"), ...extra]);

  it("refuses a hedge set, option kind or strike that contradicts the model, in one line", async () => {
    for (const [args, message] of [
      [
        ["--hedge", "MSFT"],
        /^hedgelab: --hedge MSFT contradicts the model, trained with hedgeSets AAPL: .*\(model .*m\/model\.json\)\n$/,
      ],
      [["--payoff", "put"], /^hedgelab: --payoff put contradicts the model, trained with option\.kind call/],
      [["--strike", "110"], /^hedgelab: --strike 110 contradicts the model, trained with option\.strike 100/],
    ] as const) {
      const result = await evaluate(...args);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
    }
  });

  it("says in the header what an evaluation changed from the model's training", async () => {
    const result = await evaluate("--cost", "0.001", "--name", "costly");
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      /^evaluated under settings that differ from the model's training: --cost 0\.001 \(trained with 0\)$/m,
    );
  });
});
