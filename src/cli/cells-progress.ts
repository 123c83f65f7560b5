import type { Cell } from "../graph/cell.js";
import type { CliIo } from "./io.js";

/** The progress display of cells run in parallel (`--workers N`): what {@link cellsProgress} returns. */
export interface CellsProgress {
  /** The cells to compute, before any starts. */
  plan(cells: readonly Cell<unknown, never>[]): void;
  start(cell: Cell<unknown, never>): void;
  done(cell: Cell<unknown, never>): void;
}

/**
 * One display on standard error for the cells of a study run `workers` at a time: a line when a
 * cell starts and one when it is stored,
 * `[3/30] training rnn · market on AAPL+MSFT: done in 4.2 s (2 running, about 1.5 min left)`.
 * The time left is the estimated work left (each cell waiting or running: the mean time of the
 * finished cells of its kind, else of all finished cells, less what a running one has spent)
 * divided by `workers`; it is left out until a cell has finished.
 *
 * @param now - the clock in milliseconds; default `performance.now`.
 * @param where - where the cells run, for the first line (`as jobs on redis://host:6379/0`); when
 *   given, the time left divides the work by the cells running now (the workers busy on the queue).
 */
export function cellsProgress(
  io: CliIo,
  workers: number,
  now: () => number = () => performance.now(),
  where?: string,
): CellsProgress {
  let total = 0;
  const waiting = new Map<string, string>(); // id → kind of the cells not started
  const running = new Map<string, { kind: string; since: number; index: number }>();
  const durations = new Map<string, number[]>(); // kind → seconds of its finished cells
  let started = 0;
  const estimate = (kind: string): number | undefined => {
    const own = durations.get(kind);
    const all = [...durations.values()].flat();
    const sample = own && own.length > 0 ? own : all;
    return sample.length > 0 ? sample.reduce((a, b) => a + b, 0) / sample.length : undefined;
  };
  const timeLeft = (): string => {
    let work = 0;
    for (const kind of waiting.values()) {
      const seconds = estimate(kind);
      if (seconds === undefined) return "";
      work += seconds;
    }
    for (const cell of running.values()) {
      const seconds = estimate(cell.kind);
      if (seconds === undefined) return "";
      work += Math.max(0, seconds - (now() - cell.since) / 1000);
    }
    // On a queue, the cells running now tell how many workers there are.
    const parallel = where === undefined ? workers : Math.max(1, running.size);
    return `, about ${formatDuration(work / parallel)} left`;
  };
  return {
    plan(cells) {
      total = cells.length;
      for (const cell of cells) waiting.set(cell.id, cell.kind);
      if (total > 0)
        io.stderr(
          `computing ${total} cell${total === 1 ? "" : "s"} missing from the cache, ` +
            `${where ?? `${Math.min(workers, total)} at a time in child processes`}\n`,
        );
    },
    start(cell) {
      waiting.delete(cell.id);
      running.set(cell.id, { kind: cell.kind, since: now(), index: ++started });
      io.stderr(`[${started}/${total}] ${describeCell(cell)}: started (${running.size} running)\n`);
    },
    done(cell) {
      const entry = running.get(cell.id);
      if (!entry) return;
      running.delete(cell.id);
      const seconds = (now() - entry.since) / 1000;
      durations.set(cell.kind, [...(durations.get(cell.kind) ?? []), seconds]);
      const left = waiting.size + running.size > 0 ? timeLeft() : "";
      io.stderr(
        `[${entry.index}/${total}] ${describeCell(cell)}: done in ${formatDuration(seconds)} (${running.size} running${left})\n`,
      );
    },
  };
}

/** A cell in a progress line: its label, after its kind when the label does not say it. */
export function describeCell(cell: Pick<Cell<unknown, never>, "kind" | "label">): string {
  const words = cell.kind.split("-");
  const stem = words[0]!.replace(/s$/, "");
  return cell.label.toLowerCase().startsWith(stem) ? cell.label : `${words.join(" ")} ${cell.label}`;
}

/** `4.2 s`, `1.5 min`, `2.3 h`. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(1)} s`;
  if (seconds < 90 * 60) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
