import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { defineCell, type Cell } from "../../src/graph/cell.js";
import { textFile } from "../../src/graph/cell-files.js";
import { executeGraph, outputOf } from "../../src/graph/execute-graph.js";
import { cellsToStore, executeInParallel } from "../../src/graph/execute-in-parallel.js";
import { folderStore, type FolderStore } from "../../src/store/folder-store.js";
import { createRandom } from "../../src/random/random-source.js";

const dir = mkdtempSync(join(tmpdir(), "hedgelab-parallel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const numberCodec = {
  encode: (value: number) => ({ "value.json": JSON.stringify(value) }),
  decode: (files: Record<string, string | Uint8Array>) => JSON.parse(textFile(files, "value.json")) as number,
};

/**
 * Four seeded draws (stored), a cheap shift of each (not stored), two sums of two shifted draws
 * (stored), and their total (stored); and an unrelated draw that no target needs.
 */
function grid(): { total: Cell<number>; sums: Cell<number>[]; draws: Cell<number>[]; unused: Cell<number> } {
  const draw = (seed: number): Cell<number> =>
    defineCell({
      kind: "draw",
      label: `draw ${seed}`,
      identity: { seed },
      inputs: [],
      codec: numberCodec,
      run: () => createRandom(seed).normal(),
    });
  const draws = [1, 2, 3, 4].map(draw);
  const shifted = draws.map((d) =>
    defineCell({ kind: "shift", label: "shift", identity: {}, inputs: [d], run: ([x]) => x + 1 }),
  );
  const sum = (a: Cell<number>, b: Cell<number>): Cell<number> =>
    defineCell({
      kind: "sum",
      label: "sum",
      identity: {},
      inputs: [a, b],
      codec: numberCodec,
      run: ([x, y]) => x + y,
    });
  const sums = [sum(shifted[0]!, shifted[1]!), sum(shifted[2]!, shifted[3]!)];
  const total = sum(sums[0]!, sums[1]!);
  return { total, sums, draws, unused: draw(99) };
}

const stored =
  (store: FolderStore) =>
  (cell: Cell): boolean =>
    store.has(cell.kind, cell.id);

/** Runs each cell in this process after a pause (so that several are in flight), recording the order. */
function recorder(store: FolderStore): {
  runCell: (cell: Cell) => Promise<void>;
  started: string[];
  maxRunning: () => number;
} {
  let running = 0;
  let max = 0;
  const started: string[] = [];
  return {
    started,
    maxRunning: () => max,
    runCell: async (cell) => {
      for (const input of cell.inputs)
        if (input.codec) expect(stored(store)(input), `${cell.label} starts after its inputs`).toBe(true);
      started.push(cell.label === "sum" ? `sum ${cell.id.slice(0, 4)}` : cell.label);
      running++;
      max = Math.max(max, running);
      await sleep(20);
      executeGraph([cell], { context: undefined, store });
      running--;
    },
  };
}

describe("executeInParallel", () => {
  it("stores every cell the targets need, inputs first, never more than N at once, and the outputs equal one process's", async () => {
    const store = folderStore(join(dir, "two"));
    const { total, draws, unused } = grid();
    const run = recorder(store);
    await executeInParallel([total], { workers: 2, isStored: stored(store), runCell: run.runCell });
    expect(run.started).toHaveLength(7);
    expect(run.maxRunning()).toBe(2);
    expect(run.started.slice(0, 2)).toEqual(["draw 1", "draw 2"]);
    for (const cell of [total, ...draws]) expect(stored(store)(cell)).toBe(true);
    expect(stored(store)(unused)).toBe(false);
    const inOneProcess = outputOf(executeGraph([total], { context: undefined }), total);
    let computed = 0;
    const outputs = executeGraph([total], {
      context: undefined,
      store,
      onDone: (_cell, origin) => (computed += origin === "computed" ? 1 : 0),
    });
    expect(outputOf(outputs, total)).toBe(inOneProcess);
    expect(computed).toBe(0);
  });

  it("with N = 1 runs one cell at a time; with N = 3 up to three", async () => {
    for (const workers of [1, 3]) {
      const store = folderStore(join(dir, `n${workers}`));
      const run = recorder(store);
      await executeInParallel([grid().total], { workers, isStored: stored(store), runCell: run.runCell });
      expect(run.maxRunning()).toBe(workers);
    }
  });

  it("skips stored cells and, the lazy executor's way, the inputs of stored cells", async () => {
    const store = folderStore(join(dir, "partly"));
    const { total, sums } = grid();
    executeGraph([sums[0]!], { context: undefined, store });
    const jobs = cellsToStore([total], stored(store));
    expect(jobs.map((j) => j.cell.label)).toEqual(["draw 3", "draw 4", "sum", "sum"]);
    expect(jobs[2]!.needs).toEqual([jobs[0]!.cell.id, jobs[1]!.cell.id]);
    expect(jobs[3]!.needs).toEqual([jobs[2]!.cell.id]);
    executeGraph([total], { context: undefined, store });
    expect(cellsToStore([total], stored(store))).toEqual([]);
    const run = recorder(store);
    await executeInParallel([total], { workers: 2, isStored: stored(store), runCell: run.runCell });
    expect(run.started).toEqual([]);
  });

  it("on a failure starts nothing more, aborts the running cells and rejects with the first error", async () => {
    const store = folderStore(join(dir, "failure"));
    const { total } = grid();
    const started: string[] = [];
    let aborted = 0;
    const failing = executeInParallel([total], {
      workers: 2,
      isStored: stored(store),
      runCell: async (cell, signal) => {
        started.push(cell.label);
        if (cell.label === "draw 1") throw new Error("draw 1 failed");
        await new Promise<void>((_resolve, reject) =>
          signal.addEventListener("abort", () => {
            aborted++;
            reject(new Error("aborted"));
          }),
        );
      },
    });
    await expect(failing).rejects.toThrow("draw 1 failed");
    expect(started).toEqual(["draw 1", "draw 2"]);
    expect(aborted).toBe(1);
  });

  it("fails when a cell ran but was not stored", async () => {
    const store = folderStore(join(dir, "unstored"));
    await expect(
      executeInParallel([grid().total], { workers: 1, isStored: stored(store), runCell: async () => {} }),
    ).rejects.toThrow(/the draw cell \w+ ran but was not stored/);
  });
});
