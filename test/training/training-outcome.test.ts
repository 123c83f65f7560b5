import { describe, expect, it } from "vitest";
import { fit } from "../../src/training/fit.js";
import {
  ensembleUntrainedReason,
  UNMOVED_RISK_TOLERANCE,
  untrainedCount,
  untrainedLabel,
  untrainedReason,
} from "../../src/training/training-outcome.js";
import { RnnHedger } from "../../src/hedgers/rnn-hedger.js";
import { ResidualHedger } from "../../src/hedgers/residual-hedger.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";

const history = (risks: number[]): { epoch: number; validationRisk: number }[] =>
  risks.map((validationRisk, k) => ({ epoch: k + 1, validationRisk }));

describe("untrainedReason: the one definition of 'did not train'", () => {
  it("kept epoch 0 with a measured initial risk (a residual policy) equals delta", () => {
    expect(untrainedReason({ bestEpoch: 0, initialRisk: 14.29, history: history([14.4, 14.5]) })).toBe(
      "equals-delta",
    );
    expect(untrainedLabel("equals-delta")).toBe("did not train: equals delta");
  });

  it("kept epoch 0 without an initial risk: initial weights kept", () => {
    expect(untrainedReason({ bestEpoch: 0, history: [] })).toBe("initial-weights");
  });

  it("a kept risk within the relative tolerance of the initial risk is unmoved; just outside it trained", () => {
    const r0 = 10;
    const inside = r0 * (1 - UNMOVED_RISK_TOLERANCE / 2);
    const outside = r0 * (1 - 2 * UNMOVED_RISK_TOLERANCE);
    expect(untrainedReason({ bestEpoch: 1, initialRisk: r0, history: history([inside]) })).toBe(
      "risk-unmoved",
    );
    expect(untrainedReason({ bestEpoch: 1, initialRisk: r0, history: history([outside]) })).toBeUndefined();
    expect(untrainedReason({ bestEpoch: 2, history: history([5, 4]) })).toBeUndefined();
  });

  it("an ensemble did not train only when every member did, for the same reason", () => {
    const still = { bestEpoch: 0, initialRisk: 1, history: [] };
    const moved = { bestEpoch: 1, initialRisk: 1, history: history([0.5]) };
    expect(ensembleUntrainedReason([still, still])).toBe("equals-delta");
    expect(ensembleUntrainedReason([still, moved])).toBeUndefined();
  });

  it("untrainedCount counts them apart: 'N learned strategies, of which K did not train'", () => {
    const text = untrainedCount([
      { label: "rnn · market on AAPL" },
      { label: "sigformer · market on AAPL+MSFT", untrained: "equals-delta" },
      { label: "rnn · sigdiffusion on AAPL+MSFT" },
    ]);
    expect(text).toMatch(
      /^3 learned strategies, of which 1 did not train \(sigformer · market on AAPL\+MSFT: equals delta\)/,
    );
    expect(text).toContain("not counted among the learned strategies compared with delta");
    expect(untrainedCount([{ label: "rnn · market on AAPL" }])).toBeUndefined();
  });

  it("a residual training forced to stand still (1 epoch, learning rate 1e-12) is marked", () => {
    const sigma = 0.2;
    const option = new EuropeanOption();
    const train = generateGbm({ n: 64, volatility: sigma }, createRandom(20));
    const validation = generateGbm({ n: 64, volatility: sigma }, createRandom(21));
    const policy = new ResidualHedger(new RnnHedger({ assets: 1, steps: 30, hidden: [4] }), {
      assets: 1,
      volatility: sigma,
    });
    const result = fit(policy, train, validation, option, {
      epochs: 1,
      batchSize: 32,
      learningRate: 1e-12,
      keepInitial: true,
    });
    policy.dispose();
    expect(["equals-delta", "risk-unmoved"]).toContain(untrainedReason(result));
  });
});
