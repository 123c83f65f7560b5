import { hashOf } from "./identity.js";

/** The files a cell's output is stored as, by name: text or bytes. */
export type CellFiles = Record<string, string | Uint8Array>;

/**
 * How a cell's output is written to a store and read back: `decode(encode(x))` must give an output
 * that every later cell uses exactly as it would use `x`.
 */
export interface CellCodec<T> {
  encode(value: T): CellFiles;
  /** @throws when the files are not an output of this codec (a damaged entry is then recomputed). */
  decode(files: CellFiles): T;
}

/**
 * One piece of work of a study: price data and periods, a regime model, one source's paths, one
 * SigDiffusion model, one sampling shard, one training, one evaluation, …
 *
 * Its `id` is the hash of its kind, its own `identity` (every setting it depends on, the seed of its
 * random draws included) and the ids of its inputs, so it names the output: two cells with the same
 * id compute the same thing, whichever run or machine asks, and in whatever order the cells run.
 * A cell draws its random numbers from seeds in its identity only, never from a shared stream.
 *
 * @typeParam T - the output.
 * @typeParam C - what the executor passes every cell besides its inputs (progress hooks).
 */
export interface Cell<T = unknown, C = unknown> {
  /** What the cell does (`training`, `regime-bs-paths`): the stored entry's prefix. */
  readonly kind: string;
  /** Hash of kind, identity and the inputs' ids (20 hexadecimal characters). */
  readonly id: string;
  /** A short description for progress lines and the study's drawing. */
  readonly label: string;
  /** Every setting the output depends on, besides the inputs. */
  readonly identity: Readonly<Record<string, unknown>>;
  /** The cells whose outputs this one reads, in the order `run` receives them. */
  readonly inputs: readonly Cell<unknown, C>[];
  /** How the output is stored; absent: the output is cheap and recomputed in every run. */
  readonly codec?: CellCodec<T>;
  /** Computes the output from the inputs' outputs. */
  run(inputs: readonly unknown[], context: C): T;
}

/** The outputs of a tuple of cells. */
export type OutputsOf<I extends readonly Cell<unknown, never>[]> = {
  [K in keyof I]: I[K] extends Cell<infer T, never> ? T : never;
};

/** What {@link defineCell} takes: a cell without its id, with typed inputs. */
export interface CellSpec<I extends readonly Cell<unknown, C>[], T, C> {
  kind: string;
  label: string;
  identity: Record<string, unknown>;
  inputs: I;
  codec?: CellCodec<T>;
  run: (inputs: OutputsOf<I>, context: C) => T;
}

/**
 * A cell from its parts, with its id computed from them ({@link Cell}).
 *
 * @example
 * const paths = defineCell({ kind: "gbm-paths", label: "GBM", identity: { n, seed }, inputs: [], run: () => generateGbm({ n }, createRandom(seed)) });
 */
export function defineCell<const I extends readonly Cell<unknown, C>[], T, C = unknown>(
  spec: CellSpec<I, T, C>,
): Cell<T, C> {
  const id = hashOf({ kind: spec.kind, identity: spec.identity, inputs: spec.inputs.map((i) => i.id) });
  return {
    kind: spec.kind,
    id,
    label: spec.label,
    identity: spec.identity,
    inputs: spec.inputs,
    ...(spec.codec ? { codec: spec.codec } : {}),
    run: (inputs, context) => spec.run(inputs as OutputsOf<I>, context),
  };
}

/**
 * Every cell that `targets` depend on, each once, inputs before the cells that read them
 * (depth first, in the order of the targets and of each cell's inputs).
 */
export function cellsInOrder<C>(targets: readonly Cell<unknown, C>[]): Cell<unknown, C>[] {
  const seen = new Set<string>();
  const order: Cell<unknown, C>[] = [];
  const visit = (cell: Cell<unknown, C>): void => {
    if (seen.has(cell.id)) return;
    seen.add(cell.id);
    for (const input of cell.inputs) visit(input);
    order.push(cell);
  };
  for (const target of targets) visit(target);
  return order;
}
