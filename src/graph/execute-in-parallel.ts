import type { Cell } from "./cell.js";

/** A stored cell that must be computed, with the other such cells it waits for. */
export interface CellJob<C> {
  cell: Cell<unknown, C>;
  /** Ids of the jobs whose outputs this cell reads (directly, or through cells without a codec). */
  needs: readonly string[];
}

/**
 * The cells with a codec that must be computed to obtain `targets` with the lazy executor
 * (`executeGraph`), inputs first: a stored cell is read, so its inputs are not needed at all; a cell
 * without a codec is recomputed by whoever reads it, so what it reads is needed. Each job lists the
 * jobs it waits for.
 *
 * @param isStored - whether a cell's output is in the store (called once per cell with a codec reached).
 */
export function cellsToStore<C>(
  targets: readonly Cell<unknown, C>[],
  isStored: (cell: Cell<unknown, C>) => boolean,
): CellJob<C>[] {
  const jobs: CellJob<C>[] = [];
  // The jobs each cell's output needs, by id.
  const frontier = new Map<string, ReadonlySet<string>>();
  const visit = (cell: Cell<unknown, C>): ReadonlySet<string> => {
    const known = frontier.get(cell.id);
    if (known) return known;
    if (cell.codec && isStored(cell)) {
      frontier.set(cell.id, new Set());
      return new Set();
    }
    const needs = new Set<string>();
    for (const input of cell.inputs) for (const id of visit(input)) needs.add(id);
    if (!cell.codec) {
      frontier.set(cell.id, needs);
      return needs;
    }
    jobs.push({ cell, needs: [...needs] });
    const own = new Set([cell.id]);
    frontier.set(cell.id, own);
    return own;
  };
  for (const target of targets) visit(target);
  return jobs;
}

/** Options of {@link executeInParallel}. */
export interface ParallelOptions<C> {
  /** How many cells may run at once (an integer ≥ 1). */
  workers: number;
  /** Whether a cell's output is in the store. */
  isStored: (cell: Cell<unknown, C>) => boolean;
  /**
   * Computes `cell` and stores its output (in another process, a worker thread or this one); its
   * stored inputs are there when it is called. It should stop and reject soon after `signal` aborts.
   */
  runCell: (cell: Cell<unknown, C>, signal: AbortSignal) => Promise<void>;
  /** Called once, before anything runs, with the cells to compute, inputs first. */
  onPlan?: (cells: readonly Cell<unknown, C>[]) => void;
  /** Called when a cell starts. */
  onStart?: (cell: Cell<unknown, C>) => void;
  /** Called when a cell is stored. */
  onDone?: (cell: Cell<unknown, C>) => void;
}

/**
 * Stores every cell that the lazy executor would compute to obtain `targets` ({@link cellsToStore}),
 * running up to `workers` of them at once, each as soon as the cells it reads are stored (first
 * ready, first started, in the order of {@link cellsToStore}). Then `executeGraph` on the same
 * targets and store reads every stored cell and computes only the cheap ones (without a codec): the
 * outputs are those of a run in one process, since each cell's randomness comes from its identity.
 *
 * When a cell fails (or is not stored when `runCell` resolves), no other cell starts, the running
 * ones are aborted through their signal, and the promise rejects with the first error once they
 * have settled; what was stored stays stored, so running again resumes.
 */
export function executeInParallel<C>(
  targets: readonly Cell<unknown, C>[],
  options: ParallelOptions<C>,
): Promise<void> {
  const { workers, isStored, runCell } = options;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`invalid workers: ${workers}`);
  const pending = cellsToStore(targets, isStored);
  options.onPlan?.(pending.map((j) => j.cell));
  const done = new Set<string>();
  const running = new Set<string>();
  const controller = new AbortController();
  let failure: { error: unknown } | undefined;
  return new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (failure === undefined && running.size < workers) {
        const next = pending.findIndex((job) => job.needs.every((id) => done.has(id)));
        if (next < 0) break;
        start(pending.splice(next, 1)[0]!.cell);
      }
      if (running.size > 0) return;
      if (failure !== undefined) reject(failure.error);
      else if (pending.length > 0) reject(new Error(`${pending.length} cells wait for cells that never run`));
      else resolve();
    };
    const start = (cell: Cell<unknown, C>): void => {
      running.add(cell.id);
      options.onStart?.(cell);
      Promise.resolve()
        .then(() => runCell(cell, controller.signal))
        .then(() => {
          if (!isStored(cell)) throw new Error(`the ${cell.kind} cell ${cell.id} ran but was not stored`);
          done.add(cell.id);
          options.onDone?.(cell);
        })
        .catch((error: unknown) => {
          if (failure !== undefined) return;
          failure = { error };
          controller.abort();
        })
        .finally(() => {
          running.delete(cell.id);
          pump();
        });
    };
    pump();
  });
}
