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

/** Off a terminal, the longest time without a progress line during a long epoch (10 s). */
export const PROGRESS_LINE_INTERVAL_MS = 10_000;

/** A duration as progress lines show it: `12 s`, `3.4 min`, `2.1 h`. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  return seconds < 5400 ? `${(seconds / 60).toFixed(1)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * Training progress on standard error: on a terminal, a bar redrawn on every step over the whole
 * training (`AAPL+MSFT rnn [####----] 3/20 epochs, step 7/12, loss 4.1234, validation risk 3.9876`);
 * when training ends, one summary line (`AAPL+MSFT rnn: 12 epochs, early stop, kept epoch 7
 * (validation risk 3.9876)`), followed by what `after` returns (a grid's time left).
 *
 * Off a terminal (a log, a pipe, CI) one line per epoch with the time left if every epoch runs
 * (`AAPL+MSFT rnn: epoch 3/20, loss 4.1234, validation risk 3.9876, 12 s an epoch, at most 3.4 min
 * left`), and during an epoch longer than {@link PROGRESS_LINE_INTERVAL_MS} one line every 10 s
 * (`AAPL+MSFT rnn: epoch 1/5, step 7/12, loss 4.1234, at most 4.0 min left`), then the summary line.
 */
export function trainingProgress(
  io: CliIo,
  label: string,
  epochs: number,
  after?: () => string,
): TrainingHooks {
  const bar = progressBar(io, label);
  const now = (): number => (io.now ?? (() => new Date()))().getTime();
  let validation = "";
  // Off a terminal: when the current epoch began, and when the last line was written.
  let epochStart = now();
  let lastLine = epochStart;
  let epochTime: number | undefined;
  const line = (text: string): void => {
    io.stderr(`${label}: ${text}\n`);
    lastLine = now();
  };
  return {
    onStep: (epoch, step, steps, loss) => {
      if (io.isTTY) {
        bar.update(
          epoch - 1,
          epochs,
          `epochs, step ${step}/${steps} of epoch ${epoch}, loss ${loss.toFixed(4)}${validation}`,
        );
        return;
      }
      const time = now();
      if (time - lastLine < PROGRESS_LINE_INTERVAL_MS) return;
      // This epoch's pace: the steps done so far; the epochs after it take as long (or the last one's).
      const thisEpoch = ((time - epochStart) / step) * steps;
      const left = thisEpoch - (time - epochStart) + (epochs - epoch) * (epochTime ?? thisEpoch);
      line(
        `epoch ${epoch}/${epochs}, step ${step}/${steps}, loss ${loss.toFixed(4)}, at most ${formatDuration(left)} left`,
      );
    },
    onEpoch: (r) => {
      validation = `, validation risk ${r.validationRisk.toFixed(4)}`;
      if (io.isTTY) {
        bar.update(r.epoch, epochs, `epochs, loss ${r.loss.toFixed(4)}${validation}`);
        return;
      }
      const time = now();
      epochTime = time - epochStart;
      epochStart = time;
      const left = (epochs - r.epoch) * epochTime;
      line(
        `epoch ${r.epoch}/${epochs}, loss ${r.loss.toFixed(4)}${validation}, ${formatDuration(epochTime)} an epoch` +
          (r.epoch < epochs ? `, at most ${formatDuration(left)} left` : ""),
      );
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
