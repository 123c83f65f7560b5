import { describe, expect, it } from "vitest";
import { HedgelabError } from "../../src/errors.js";
import { trainScoreNetwork, type ScoreCheckpoint } from "../../src/generators/score-training.js";
import { createRandom } from "../../src/random/random-source.js";

const network = { channels: 2, tokens: 6, hidden: 8, layers: 1, heads: 2, feedForward: 16, seed: 3 };
const data = Float32Array.from(createRandom(1).fillNormal(new Float64Array(40 * 6 * 2)));

describe("trainScoreNetwork", () => {
  it("resumed from the checkpoint of epoch 2 ends exactly where an uninterrupted run of 4 epochs ends", () => {
    const whole = trainScoreNetwork(data, 40, network, { epochs: 4, batchSize: 8 }, createRandom(5));
    let saved: ScoreCheckpoint | undefined;
    trainScoreNetwork(data, 40, network, { epochs: 2, batchSize: 8 }, createRandom(5), {
      saveCheckpoint: (c) => (saved = JSON.parse(JSON.stringify(c)) as ScoreCheckpoint),
    });
    expect(saved!.epoch).toBe(2);
    const resumed = trainScoreNetwork(data, 40, network, { epochs: 4, batchSize: 8 }, createRandom(5), {
      resume: saved!,
    });
    expect(resumed.history.map((r) => r.loss)).toEqual(whole.history.map((r) => r.loss));
    expect(resumed.ema).toEqual(whole.ema);
  });

  it("refuses fewer samples than the batch size in one line", () => {
    expect(() => trainScoreNetwork(data, 40, network, { batchSize: 64 }, createRandom(5))).toThrow(
      HedgelabError,
    );
  });
});
