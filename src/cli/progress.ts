import type { TrainingHooks } from "../study/train-policy.js";
import type { MixtureSelectionOptions } from "../math/mixture-selection.js";
import type { CliIo } from "./io.js";

/** A progress bar: `update` redraws it, `done` replaces it with a final line. */
export interface ProgressBar {
  /** Redraws the bar at `done` of `total`, with a detail after it (a loss, a stage). */
  update(done: number, total: number, detail?: string): void;
  /** Ends the bar with one line (a summary). */
  done(line: string): void;
}

/**
 * A progress bar on standard error (`AAPL+MSFT rnn [#####---------------] 7/30 epoch 2/20 loss 4.1234`):
 * on a terminal it is redrawn in place and `done` replaces it with its summary line; elsewhere (a
 * file, a pipe, CI) only the summary line is written, so a log holds one line per task.
 */
export function progressBar(io: CliIo, label: string, width = 20): ProgressBar {
  let shown = 0;
  return {
    update: (done, total, detail = "") => {
      if (!io.isTTY) return;
      const filled = total > 0 ? Math.min(width, Math.round((width * done) / total)) : 0;
      const text = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${detail ? ` ${detail}` : ""}`;
      io.stderr(`\r${text.padEnd(shown)}`);
      shown = text.length;
    },
    done: (line) => {
      io.stderr(io.isTTY ? `\r${line.padEnd(shown)}\n` : `${line}\n`);
      shown = 0;
    },
  };
}

/**
 * Training progress on standard error: on a terminal, a bar redrawn on every step over the whole
 * training (`AAPL+MSFT rnn [####----] 3/20 epochs, step 7/12, loss 4.1234, validation risk 3.9876`);
 * when training ends, one summary line (`AAPL+MSFT rnn: 12 epochs, early stop, kept epoch 7
 * (validation risk 3.9876)`), followed by what `after` returns (a grid's time left). Off a terminal,
 * only the summary line.
 */
export function trainingProgress(
  io: CliIo,
  label: string,
  epochs: number,
  after?: () => string,
): TrainingHooks {
  const bar = progressBar(io, label);
  let validation = "";
  return {
    onStep: (epoch, step, steps, loss) => {
      bar.update(
        epoch - 1,
        epochs,
        `epochs, step ${step}/${steps} of epoch ${epoch}, loss ${loss.toFixed(4)}${validation}`,
      );
    },
    onEpoch: (r) => {
      validation = `, validation risk ${r.validationRisk.toFixed(4)}`;
      bar.update(r.epoch, epochs, `epochs, loss ${r.loss.toFixed(4)}${validation}`);
    },
    onEnd: (fit) => {
      const ran = fit.history.length - fit.resumedFrom;
      const best = fit.history.find((r) => r.epoch === fit.bestEpoch);
      bar.done(
        `${label}: ${ran} epoch${ran === 1 ? "" : "s"}` +
          (fit.resumedFrom > 0 ? ` after resuming at epoch ${fit.resumedFrom}` : "") +
          (fit.stoppedEarly ? ", early stop" : "") +
          (fit.diverged ? ", diverged" : "") +
          `, kept epoch ${fit.bestEpoch}` +
          (best ? ` (validation risk ${best.validationRisk.toFixed(4)})` : "") +
          (after?.() ?? ""),
      );
    },
  };
}

/**
 * Progress of the regime model's BIC selection: a bar over the candidate mixtures on a terminal
 * (`regime model [######--------------] 8/24 mixtures, K = 2 tied`), then one line when all are fitted.
 */
export function mixtureProgress(io: CliIo): NonNullable<MixtureSelectionOptions["onCandidate"]> {
  const bar = progressBar(io, "regime model");
  return (candidate, done, total) => {
    bar.update(done, total, `mixtures, K = ${candidate.components} ${candidate.covariance}`);
    if (done === total)
      bar.done(`regime model: ${total} mixtures fitted by EM, K and covariance chosen by BIC`);
  };
}
