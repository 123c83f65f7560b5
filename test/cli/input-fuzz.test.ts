import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { encodeCheckpointFile, parseCheckpointFile } from "../../src/cli/checkpoint-file.js";
import { parseConfigText } from "../../src/cli/run-options.js";
import { streamCsv } from "../../src/data/csv.js";
import { parsePriceStream } from "../../src/data/parse-prices.js";
import { isHedgelabError } from "../../src/errors.js";
import { prepareMarketData } from "../../src/market/market-data.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { trainPolicy } from "../../src/study/train-policy.js";
import { RnnHedger } from "../../src/hedgers/rnn-hedger.js";
import { createRandom, type RandomSource } from "../../src/random/random-source.js";
import { Adam } from "../../src/tensor/adam.js";
import type { Checkpoint } from "../../src/training/fit.js";

/** Characters that matter to the parsers: separators, quotes, line breaks, signs, exponents, braces. */
const ALPHABET = [
  ",",
  '"',
  "\n",
  "\r",
  " ",
  "-",
  "+",
  ".",
  "e",
  "E",
  "0",
  "9",
  "x",
  "{",
  "}",
  "[",
  "]",
  ":",
  "\uFEFF",
  "\u0000",
  "null",
  "1e400",
  "NaN",
];

/** One seeded mutation of `text`: a flip, an insertion, a deletion, a duplication or a truncation. */
function mutate(text: string, random: RandomSource): string {
  const at = random.integer(text.length + 1);
  const span = 1 + random.integer(Math.min(40, text.length + 1));
  switch (random.integer(5)) {
    case 0:
      return text.slice(0, at) + String.fromCharCode(random.integer(128)) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + ALPHABET[random.integer(ALPHABET.length)]! + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + span);
    case 3:
      return text.slice(0, at) + text.slice(at, at + span) + text.slice(at);
    default:
      return text.slice(0, at);
  }
}

/**
 * Runs `parse` on `count` mutants of the seeds (1 to 4 mutations each): each must succeed or throw
 * the project's own error (one readable line), never anything else.
 */
function fuzz(seeds: readonly string[], count: number, parse: (text: string) => void, seed: number): number {
  const random = createRandom(seed);
  let refused = 0;
  for (let k = 0; k < count; k++) {
    let text = seeds[k % seeds.length]!;
    for (let m = 1 + random.integer(4); m > 0; m--) text = mutate(text, random);
    try {
      parse(text);
    } catch (error) {
      if (!isHedgelabError(error)) {
        throw new Error(`mutant ${k} raised ${String(error)}:\n${JSON.stringify(text.slice(0, 400))}`);
      }
      expect(error.message).not.toContain("\n");
      refused++;
    }
  }
  return refused;
}

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../data/fixtures/${name}`, import.meta.url)), "utf8");

describe("fuzzing the input readers: only the project's own one-line errors, no hang", () => {
  it("the price CSV reader, fed in chunks", () => {
    const seeds = ["aapl.csv", "long-tickers.csv", "wide-msft-jpm.csv", "spy-typo.csv"].map(fixture);
    const refused = fuzz(
      seeds,
      1500,
      (text) => {
        const chunks = [text.slice(0, text.length >> 1), text.slice(text.length >> 1)];
        parsePriceStream(streamCsv(chunks, "fuzz.csv", 4096), { file: "fuzz.csv", ticker: "FUZZ" });
      },
      1,
    );
    expect(refused).toBeGreaterThan(100);
  });

  it("the config file parser and the one schema", () => {
    const seeds = [
      JSON.stringify(
        resolveRunConfig({ data: { prices: ["p.csv"] }, option: { underlying: "AAPL" } }),
        null,
        2,
      ),
      '{"seed": 7, "hedgeSets": [["AAPL", "MSFT"]], "evaluation": {"levels": [0.95], "cost": 0.001}}',
    ];
    const refused = fuzz(seeds, 1500, (text) => void resolveRunConfig(parseConfigText(text, "fuzz.json")), 2);
    expect(refused).toBeGreaterThan(100);
  });

  it("the checkpoint reader, down to loading the weights and the optimiser state", () => {
    const config = resolveRunConfig({
      hedgeSets: [["MSFT"]],
      rnn: { hidden: [2] },
      training: { epochs: 1 },
      data: { start: "2015-01-02", end: "2016-12-30" },
    });
    let saved: Checkpoint | undefined;
    const trained = trainPolicy(config, ["MSFT"], prepareMarketData(config), {
      checkpoints: { save: (c) => (saved = c), load: () => undefined },
    });
    trained.policy.dispose();
    // The file's bytes as a latin1 text, one character a byte, so that the mutations reach the binary parts too.
    const text = Buffer.from(encodeCheckpointFile({ hedge: ["MSFT"], config, checkpoint: saved! })).toString(
      "latin1",
    );
    const policy = new RnnHedger({ assets: 1, steps: 30, hidden: [2], seed: 1 });
    const adam = new Adam(policy.parameters);
    const refused = fuzz(
      [text],
      200,
      (mutant) => {
        const { checkpoint } = parseCheckpointFile(
          Buffer.from(mutant, "latin1"),
          "fuzz.checkpoint.safetensors",
        );
        policy.load(checkpoint.policy);
        policy.load(checkpoint.best);
        adam.load(checkpoint.optimizer);
      },
      3,
    );
    policy.dispose();
    expect(refused).toBeGreaterThan(50);
  });
});
