import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigFile } from "../../src/cli/run-options.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { buildStudyGraph } from "../../src/study/study-graph.js";
import { drawStudyGraph } from "../../src/study/draw-study.js";
import { cli } from "../cli/run-cli.js";

const root = join(import.meta.dirname, "..", "..");

describe("the drawing of a study", () => {
  it("in docs/study.md is the graph of experiments/quick.json as the code builds it", () => {
    const config = resolveRunConfig(readConfigFile(join(root, "experiments", "quick.json")));
    const drawn = drawStudyGraph(buildStudyGraph(config, loadEmbeddedPrices()));
    const doc = readFileSync(join(root, "docs", "study.md"), "utf8");
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block).toBe(drawn);
    expect(drawn.split("\n").filter((line) => /^ {2}\S+\[/.test(line))).toHaveLength(69);
  });

  it("is what hedgelab graph prints, one line per cell with --format text, and a bad format is one line", async () => {
    const text = await cli(["graph", "--hedge", "AAPL", "--strategies", "delta,rnn", "--format", "text"]);
    expect(text.code).toBe(0);
    expect(
      text.stdout
        .trimEnd()
        .split("\n")
        .map((line) => line.split(" ")[1]),
    ).toEqual(["market-data:", "market-paths:", "training", "evaluation:"]);
    const bad = await cli(["graph", "--format", "svg"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('hedgelab: invalid --format: "svg" (available: mermaid, text)\n');
  });
});
