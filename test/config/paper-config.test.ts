import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { sigDiffusionSettings } from "../../src/sources/sigdiffusion-paths.js";

/** One setting of the paper's configuration and where it comes from (paper, its code, or a guess). */
interface PaperSetting {
  path: string;
  value: unknown;
  source: string;
}

const SETTINGS = JSON.parse(
  readFileSync(new URL("./paper-settings.json", import.meta.url), "utf8"),
) as PaperSetting[];

function resolved(file: string): Record<string, unknown> {
  const config = resolveRunConfig(
    JSON.parse(readFileSync(new URL(`../../experiments/${file}`, import.meta.url), "utf8")),
  );
  return { ...config, sigdiffusionSettings: sigDiffusionSettings(config.sigdiffusion, config.seed) };
}

function at(object: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], object);
}

describe("experiments/paper.json", () => {
  it("resolves to the paper's settings, field by field, each with its source", () => {
    const config = resolved("paper.json");
    for (const { path, value, source } of SETTINGS) {
      expect(source.length, path).toBeGreaterThan(10);
      expect(at(config, path), `${path} (${source})`).toEqual(value);
    }
  });

  it("docs/paper-method.md gives every setting with its value and source", () => {
    const docs = readFileSync(new URL("../../docs/paper-method.md", import.meta.url), "utf8");
    const cells = (line: string): string[] => line.split("|").map((cell) => cell.trim());
    for (const { path, value, source } of SETTINGS) {
      const row = docs.split("\n").find((line) => cells(line)[1] === `\`${path}\``);
      expect(row, path).toBeDefined();
      const [, , shown, cited] = cells(row!);
      expect(JSON.parse(shown!.slice(1, -1)), path).toEqual(value);
      expect(cited, path).toBe(source);
    }
  });

  it("paper-market.json is the same configuration on the market source alone", () => {
    const paper = resolved("paper.json");
    const market = resolved("paper-market.json");
    expect(market.sources).toEqual(["market"]);
    for (const { path, value } of SETTINGS) {
      if (path === "sources" || path.startsWith("regime.") || path.startsWith("sigdiffusion")) continue;
      expect(at(market, path), path).toEqual(value);
    }
    for (const section of [
      "data",
      "option",
      "hedgeSets",
      "strategies",
      "policy",
      "rnn",
      "sigformer",
      "training",
      "evaluation",
    ])
      expect(market[section], section).toEqual(paper[section]);
  });
});
