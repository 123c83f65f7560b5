import { describe, expect, it } from "vitest";
import { progressBar, trainingProgress } from "../../src/cli/progress.js";
import type { CliIo } from "../../src/cli/io.js";

function capture(isTTY: boolean): { io: CliIo; text: () => string } {
  let text = "";
  return { io: { stdout: () => {}, stderr: (t) => (text += t), isTTY }, text: () => text };
}

describe("progress", () => {
  it("redraws a bar in place on a terminal and ends it with one line", () => {
    const { io, text } = capture(true);
    const bar = progressBar(io, "paths", 10);
    bar.update(5, 10, "paths");
    bar.update(10, 10, "paths");
    bar.done("generated 10 paths");
    // The final line covers the bar it replaces (30 characters).
    expect(text()).toBe(
      `\rpaths [#####-----] 5/10 paths\rpaths [##########] 10/10 paths\r${"generated 10 paths".padEnd(30)}\n`,
    );
  });

  it("writes only the summary line of a training off a terminal", () => {
    const { io, text } = capture(false);
    const hooks = trainingProgress(io, "AAPL rnn", 20);
    const record = { epoch: 1, loss: 2, validationRisk: 1.5, meanHolding: 0.5, learningRate: 1e-3 };
    hooks.onStep!(1, 1, 3, 2);
    hooks.onEpoch!(record);
    hooks.onEnd!({
      history: [record, { ...record, epoch: 2 }],
      bestEpoch: 1,
      stoppedEarly: true,
      resumedFrom: 0,
    });
    expect(text()).toBe("AAPL rnn: 2 epochs, early stop, kept epoch 1 (validation risk 1.5000)\n");
  });
});
