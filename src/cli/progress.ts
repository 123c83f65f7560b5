import type { TrainingHooks } from "../experiments/train-policy.js";
import type { CliIo } from "./io.js";

/**
 * Training progress on standard error: on a terminal, a bar redrawn on every step
 * (`AAPL+MSFT rnn  epoch 3/20 [#####-----] 7/12 loss 4.1234`); then one line per epoch with the
 * training loss, the validation risk and the mean holding.
 */
export function trainingProgress(io: CliIo, label: string, epochs: number): TrainingHooks {
  const width = 20;
  return {
    onStep: (epoch, step, steps, loss) => {
      if (!io.isTTY) return;
      const filled = Math.round((width * step) / steps);
      const bar = "#".repeat(filled) + "-".repeat(width - filled);
      io.stderr(`\r${label}  epoch ${epoch}/${epochs} [${bar}] ${step}/${steps} loss ${loss.toFixed(4)}`);
    },
    onEpoch: (r) => {
      const line =
        `${label}  epoch ${r.epoch}/${epochs}  loss ${r.loss.toFixed(4)}  validation risk ${r.validationRisk.toFixed(4)}` +
        `  mean holding ${r.meanHolding.toFixed(3)}`;
      io.stderr(io.isTTY ? `\r${line.padEnd(width + 60)}\n` : `${line}\n`);
    },
  };
}
