import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { residualOutput, trainingLength, wholeSetBatchNote } from "../../src/study/train-policy.js";

describe("the SigFormer's batches: small by default, the paper's whole-set batches said for what they do", () => {
  it("defaults to batches of 32 paths, so the default train --model sigformer takes many steps an epoch", () => {
    const config = resolveRunConfig({ hedgeSets: [["AAPL"]] });
    expect(config.sigformer.batchSize).toBe(32);
    expect(trainingLength(config, "sigformer", 1418)).toEqual({ epochs: 5, batchSize: 32 });
    expect(wholeSetBatchNote(config, "sigformer", 1418)).toBeUndefined();
  });

  it("the paper profile (size paper, batchSize all) keeps one step per epoch and says so", () => {
    const config = resolveRunConfig({
      hedgeSets: [["AAPL"]],
      sigformer: { size: "paper", epochs: 5, batchSize: "all" },
    });
    expect(trainingLength(config, "sigformer", 2835)).toEqual({ epochs: 5, batchSize: 2835 });
    expect(wholeSetBatchNote(config, "sigformer", 2835)).toBe(
      'sigformer: batches of the whole training set (the paper\'s, batchSize "all"): one optimiser step per epoch, ' +
        "5 in all on 2835 paths, which barely move the model from where it starts (the delta hedge); " +
        "batches of 32 paths (the default) would make 89 steps per epoch",
    );
  });
});

describe("which models the study wraps in the residual policy", () => {
  it("wraps the networks under policy.output residual, never the no-transaction band (its own holding)", () => {
    const residual = resolveRunConfig({ hedgeSets: [["AAPL"]] });
    expect(residual.policy.output).toBe("residual");
    expect(residualOutput(residual, "rnn")).toBe(true);
    expect(residualOutput(residual, "feed-forward")).toBe(true);
    expect(residualOutput(residual, "ntb")).toBe(false);
    const direct = resolveRunConfig({ hedgeSets: [["AAPL"]], policy: { output: "direct", inputs: "paper" } });
    expect(residualOutput(direct, "rnn")).toBe(false);
    expect(residualOutput(direct, "ntb")).toBe(false);
  });
});
