import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";

describe("resolveRunConfig", () => {
  it("fills the paper's defaults from an empty object", () => {
    const config = resolveRunConfig({});
    expect(config.seed).toBe(42);
    expect(config.option).toEqual({ kind: "call", strike: 100 });
    expect(config.data).toMatchObject({ steps: 30, stride: 1, train: 0.7, validation: 0.2 });
    expect(config.hedgeSets).toEqual([
      ["AAPL"],
      ["AAPL", "MSFT"],
      ["AAPL", "GOOGL", "MSFT"],
      ["AAPL", "GOOGL", "MSFT", "AMZN"],
      ["AAPL", "GOOGL", "MSFT", "AMZN", "JPM"],
    ]);
    expect(config.evaluation).toMatchObject({ riskAversion: 1.3, cost: 0, levels: [0.95, 0.99] });
    expect(config.evaluation.bootstrap).toEqual({
      resamples: 1000,
      level: 0.95,
      blockLength: "auto",
      method: "jackknife-t",
    });
    expect(config.evaluation.paired).toEqual({ method: "jackknife-t", blockLength: "auto" });
  });

  it("has the paper's SigFormer by default: dim 8, order 3, 2 heads, 2 blocks, 5 epochs, in batches of 32 (not the paper's whole set)", () => {
    const { sigformer } = resolveRunConfig({});
    expect(sigformer).toEqual({
      size: "paper",
      dropout: 0,
      inputs: ["returns"],
      epochs: 5,
      batchSize: 32,
    });
    expect(() => resolveRunConfig({ sigformer: { inputs: ["returns", "returns"] } })).toThrow(
      /^invalid sigformer.inputs: .*must not repeat a name/,
    );
    // The memory check runs only when the SigFormer is among the strategies.
    expect(() => resolveRunConfig({ sigformer: { dim: 16, order: 4 } })).not.toThrow();
    expect(() => resolveRunConfig({ strategies: ["sigformer"], sigformer: { dim: 16, order: 4 } })).toThrow(
      /^invalid sigformer.dim 16 with order 4: /,
    );
  });

  it("is idempotent: a resolved config resolves to itself", () => {
    const config = resolveRunConfig({ option: { strike: 105 } });
    expect(resolveRunConfig(config)).toEqual(config);
  });

  it("names the invalid value and its path, or the flag when one is given", () => {
    expect(() => resolveRunConfig({ evaluation: { riskAversion: -1 } })).toThrow(
      /^invalid evaluation.riskAversion: -1 \(/,
    );
    expect(() =>
      resolveRunConfig({ evaluation: { riskAversion: 0 } }, { "evaluation.riskAversion": "--risk-aversion" }),
    ).toThrow(/^invalid --risk-aversion: 0 \(/);
    expect(() => resolveRunConfig({ option: { kind: "digitl" } })).toThrow(/^invalid option.kind: "digitl"/);
    expect(() => resolveRunConfig({ data: { start: "2020-02-30" } })).toThrow(
      /^invalid data.start: "2020-02-30"/,
    );
  });

  it("rejects unknown options instead of ignoring them", () => {
    expect(() => resolveRunConfig({ option: { strik: 100 } })).toThrow('unknown option "strik" in option');
  });
});

describe("hedge sets and the option's underlying", () => {
  it("refuses a hedge set given twice (in any order) and a ticker named twice in a set", () => {
    expect(() =>
      resolveRunConfig({
        hedgeSets: [
          ["AAPL", "MSFT"],
          ["MSFT", "AAPL"],
        ],
      }),
    ).toThrow("invalid hedgeSets: hedge sets 1 and 2 are the same set (MSFT+AAPL); give each once");
    expect(() => resolveRunConfig({ hedgeSets: [["AAPL"], ["AAPL"]] }, { hedgeSets: "--hedge" })).toThrow(
      /^invalid --hedge: hedge sets 1 and 2 are the same set/,
    );
    expect(() => resolveRunConfig({ hedgeSets: [["AAPL", "AAPL"]] })).toThrow(
      "invalid hedgeSets: AAPL+AAPL names AAPL twice",
    );
  });

  it("takes an explicit underlying, moves it to the front of every set, and refuses a set without it", () => {
    const config = resolveRunConfig({
      option: { underlying: "MSFT" },
      hedgeSets: [["MSFT"], ["AAPL", "MSFT"]],
    });
    expect(config.hedgeSets).toEqual([["MSFT"], ["MSFT", "AAPL"]]);
    expect(resolveRunConfig(config)).toEqual(config);
    expect(() => resolveRunConfig({ option: { underlying: "MSFT" } })).toThrow(
      "invalid option.underlying: MSFT is not in the hedge set AAPL (the underlying must be in every hedge set)",
    );
  });
});

describe("listed options in the hedge sets", () => {
  it("accepts TICKER:CALLd after the underlying and refuses one that expires inside the window, or on a world without its price", () => {
    expect(resolveRunConfig({ hedgeSets: [["AAPL", "AAPL:CALL60"]] }).hedgeSets).toEqual([
      ["AAPL", "AAPL:CALL60"],
    ]);
    expect(() => resolveRunConfig({ hedgeSets: [["AAPL", "AAPL:CALL20"]] })).toThrow(
      /^invalid hedgeSets: AAPL:CALL20 expires after 20 days, before the 30-day window ends/,
    );
    expect(() => resolveRunConfig({ hedgeSets: [["AAPL:CALL60", "AAPL"]] })).toThrow(
      /starts with the option AAPL:CALL60; the first entry is the claim's underlying, a ticker/,
    );
    expect(() =>
      resolveRunConfig({ hedgeSets: [["AAPL", "AAPL:CALL60"]], training: { data: "rough-bergomi" } }),
    ).toThrow(/the listed option AAPL:CALL60 has no model price on rough-bergomi paths/);
  });
});
