import { describe, expect, it } from "vitest";
import { formatDuration, progressBar, trainingProgress } from "../../src/cli/progress.js";
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

  it("writes one line per epoch off a terminal, with the time an epoch takes and the time left, then the summary", () => {
    let clock = 0;
    let text = "";
    const io: CliIo = { stdout: () => {}, stderr: (t) => (text += t), now: () => new Date(clock) };
    const hooks = trainingProgress(io, "AAPL rnn", 20);
    const record = { epoch: 1, loss: 2, validationRisk: 1.5, meanHolding: 0.5, learningRate: 1e-3 };
    clock = 1000;
    hooks.onStep!(1, 1, 3, 2);
    clock = 3000;
    hooks.onEpoch!(record);
    clock = 5000;
    hooks.onEpoch!({ ...record, epoch: 2, loss: 1.9 });
    hooks.onEnd!({
      history: [record, { ...record, epoch: 2 }],
      bestEpoch: 1,
      stoppedEarly: true,
      resumedFrom: 0,
    });
    expect(text).toBe(
      "AAPL rnn: epoch 1/20, loss 2.0000, validation risk 1.5000, 3 s an epoch, at most 57 s left\n" +
        "AAPL rnn: epoch 2/20, loss 1.9000, validation risk 1.5000, 2 s an epoch, at most 36 s left\n" +
        "AAPL rnn: 2 epochs, early stop, kept epoch 1 (validation risk 1.5000)\n",
    );
  });

  it("writes a line every 10 s of a long epoch off a terminal, with the time left at this epoch's pace", () => {
    let clock = 0;
    let text = "";
    const io: CliIo = { stdout: () => {}, stderr: (t) => (text += t), now: () => new Date(clock) };
    const hooks = trainingProgress(io, "AAPL sigformer", 5);
    clock = 6000;
    hooks.onStep!(1, 1, 10, 3); // 6 s: no line yet
    clock = 12_000;
    hooks.onStep!(1, 2, 10, 2.5); // 12 s: 6 s a step, 60 s an epoch
    clock = 18_000;
    hooks.onStep!(1, 3, 10, 2.4); // 6 s after the last line: none
    expect(text).toBe("AAPL sigformer: epoch 1/5, step 2/10, loss 2.5000, at most 4.8 min left\n");
  });

  it("formats durations in seconds, minutes and hours", () => {
    expect([
      formatDuration(200),
      formatDuration(42_400),
      formatDuration(150_000),
      formatDuration(3 * 3_600_000),
    ]).toEqual(["1 s", "42 s", "2.5 min", "3.0 h"]);
  });
});
