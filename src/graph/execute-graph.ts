import type { Cell } from "./cell.js";
import type { CellStore } from "./cell-store.js";

/** How a cell's output was obtained. */
export type CellOrigin = "computed" | "stored";

/** Options of {@link executeGraph}. */
export interface ExecuteOptions<C> {
  /** Passed to every cell's `run`. */
  context: C;
  /** Where stored cells are read from and written to; default none (everything is computed). */
  store?: CellStore;
  /** Outputs already obtained, by id (an earlier call's): they are reused, and the new ones added. */
  outputs?: Map<string, unknown>;
  /** Called before a cell is read from the store (`stored`) or computed (its inputs are ready). */
  onStart?: (cell: Cell<unknown, C>, stored: boolean) => void;
  /** Called when a cell's output is ready (and stored, when the cell has a codec). */
  onDone?: (cell: Cell<unknown, C>, origin: CellOrigin) => void;
  /** Receives a line when something optional fails (a store entry that cannot be written or read). */
  warn?: (line: string) => void;
}

/**
 * The in-process executor: obtains the output of every target, depth first in the order given. A
 * cell is read from the store when it is there (and then its inputs are not needed), else its inputs
 * are obtained, it runs, and its output is stored (cells with a codec): a finished cell is never
 * computed twice, a stored entry is read whole or not at all, and a damaged one is computed again.
 * The outputs do not depend on the order: each cell's randomness comes from its identity.
 *
 * @returns the output of every cell obtained, by id (`options.outputs` when given).
 */
export function executeGraph<C>(
  targets: readonly Cell<unknown, C>[],
  options: ExecuteOptions<C>,
): Map<string, unknown> {
  const { store, context, warn } = options;
  const outputs = options.outputs ?? new Map<string, unknown>();
  const obtain = (cell: Cell<unknown, C>): unknown => {
    if (outputs.has(cell.id)) return outputs.get(cell.id);
    const stored = store && cell.codec ? readStored(store, cell, warn) : undefined;
    if (stored) {
      options.onStart?.(cell, true);
      outputs.set(cell.id, stored.value);
      options.onDone?.(cell, "stored");
      return stored.value;
    }
    const inputs = cell.inputs.map(obtain);
    options.onStart?.(cell, false);
    const value = cell.run(inputs, context);
    if (store && cell.codec) {
      try {
        store.write(cell.kind, cell.id, cell.codec.encode(value));
      } catch (error) {
        warn?.(
          `cannot store the ${cell.kind} cell (${(error as Error).message.split(",")[0]}); the run goes on`,
        );
      }
    }
    outputs.set(cell.id, value);
    options.onDone?.(cell, "computed");
    return value;
  };
  for (const target of targets) obtain(target);
  return outputs;
}

/** The decoded stored output of `cell`, or undefined when absent or unreadable (then it is computed again). */
function readStored<C>(
  store: CellStore,
  cell: Cell<unknown, C>,
  warn: ((line: string) => void) | undefined,
): { value: unknown } | undefined {
  try {
    const files = store.read(cell.kind, cell.id);
    return files === undefined ? undefined : { value: cell.codec!.decode(files) };
  } catch (error) {
    warn?.(`stored ${cell.kind} ${cell.id} cannot be read (${(error as Error).message}); computing it again`);
    return undefined;
  }
}

/** The output of `cell` among the outputs of {@link executeGraph}. */
export function outputOf<T, C>(outputs: ReadonlyMap<string, unknown>, cell: Cell<T, C>): T {
  if (!outputs.has(cell.id)) throw new Error(`the ${cell.kind} cell ${cell.id} was not executed`);
  return outputs.get(cell.id) as T;
}
