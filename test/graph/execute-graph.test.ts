import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defineCell, cellsInOrder, type Cell } from "../../src/graph/cell.js";
import { executeGraph, outputOf } from "../../src/graph/execute-graph.js";
import { hashOf, stableJson } from "../../src/graph/identity.js";
import { textFile } from "../../src/graph/cell-files.js";
import { folderStore } from "../../src/store/folder-store.js";
import { createRandom } from "../../src/random/random-source.js";

const dir = mkdtempSync(join(tmpdir(), "hedgelab-graph-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const numberCodec = {
  encode: (value: number) => ({ "value.json": JSON.stringify(value) }),
  decode: (files: Record<string, string | Uint8Array>) => JSON.parse(textFile(files, "value.json")) as number,
};

/** A small graph: two seeded draws, their sum (stored), and a cheap label of the sum. */
function graph(runs: string[]): { sum: Cell<number>; label: Cell<string>; draws: Cell<number>[] } {
  const draw = (seed: number): Cell<number> =>
    defineCell({
      kind: "draw",
      label: `draw ${seed}`,
      identity: { seed },
      inputs: [],
      codec: numberCodec,
      run: () => {
        runs.push(`draw ${seed}`);
        return createRandom(seed).normal();
      },
    });
  const draws = [draw(1), draw(2)];
  const sum = defineCell({
    kind: "sum",
    label: "sum",
    identity: {},
    inputs: draws,
    codec: numberCodec,
    run: (values) => {
      runs.push("sum");
      return (values as number[]).reduce((a, b) => a + b, 0);
    },
  });
  const label = defineCell({
    kind: "label",
    label: "label",
    identity: {},
    inputs: [sum],
    run: ([value]) => value.toFixed(6),
  });
  return { sum, label, draws };
}

describe("a cell's identity", () => {
  it("is the hash of its kind, its settings (keys in any order) and its inputs' ids", () => {
    expect(stableJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(
      stableJson({ a: { c: 3, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    const cell = (identity: Record<string, unknown>, inputs: Cell[] = []): Cell =>
      defineCell({ kind: "k", label: "", identity, inputs, run: () => 0 });
    expect(cell({ a: 1, b: 2 }).id).toBe(cell({ b: 2, a: 1 }).id);
    expect(cell({ a: 1 }).id).not.toBe(cell({ a: 2 }).id);
    expect(cell({}, [cell({ a: 1 })]).id).not.toBe(cell({}, [cell({ a: 2 })]).id);
    expect(cell({ a: 1 }).id).toBe(hashOf({ kind: "k", identity: { a: 1 }, inputs: [] }));
  });
});

describe("executeGraph", () => {
  it("runs every cell once, inputs first, and gives the same outputs in any order of the targets", () => {
    const runs: string[] = [];
    const { sum, label, draws } = graph(runs);
    const outputs = executeGraph([label], { context: {} });
    expect(runs).toEqual(["draw 1", "draw 2", "sum"]);
    const reversed = executeGraph([draws[1]!, draws[0]!, label], { context: {} });
    expect(outputOf(reversed, sum)).toBe(outputOf(outputs, sum));
    expect(outputOf(reversed, label)).toBe(outputOf(outputs, label));
    expect(cellsInOrder([label]).map((c) => c.label)).toEqual(["draw 1", "draw 2", "sum", "label"]);
  });

  it("stores what it computes and reads it back without computing the stored cell or its inputs", () => {
    const store = folderStore(join(dir, "store"));
    const first: string[] = [];
    const a = graph(first);
    const computed = executeGraph([a.label], { context: {}, store });
    expect(first).toEqual(["draw 1", "draw 2", "sum"]);
    const second: string[] = [];
    const b = graph(second);
    const origins: string[] = [];
    const read = executeGraph([b.label], {
      context: {},
      store,
      onDone: (cell, origin) => origins.push(`${cell.kind} ${origin}`),
    });
    expect(second).toEqual([]);
    expect(origins).toEqual(["sum stored", "label computed"]);
    expect(outputOf(read, b.label)).toBe(outputOf(computed, a.label));
    expect(readdirSync(join(dir, "store")).sort()).toEqual(
      [`draw-${a.draws[0]!.id}`, `draw-${a.draws[1]!.id}`, `sum-${a.sum.id}`].sort(),
    );
  });

  it("computes a damaged stored cell again, with a warning, and goes on when the store cannot be written", () => {
    const store = folderStore(join(dir, "damaged"));
    const runs: string[] = [];
    const { sum } = graph(runs);
    executeGraph([sum], { context: {}, store });
    writeFileSync(join(dir, "damaged", `sum-${sum.id}`, "value.json"), "{not json");
    const warnings: string[] = [];
    runs.length = 0;
    executeGraph([sum], { context: {}, store, warn: (line) => warnings.push(line) });
    expect(runs).toEqual(["sum"]);
    expect(warnings[0]).toMatch(/^stored sum \w+ cannot be read .*; computing it again$/);
    const full = { read: () => undefined, write: () => void Promise.reject, checkpointPath: () => "" };
    const failing = {
      ...full,
      write: () => {
        throw new Error("ENOSPC: no space left on device, write");
      },
    };
    warnings.length = 0;
    executeGraph([graph([]).sum], { context: {}, store: failing, warn: (line) => warnings.push(line) });
    expect(warnings).toContain(
      "cannot store the sum cell (ENOSPC: no space left on device); the run goes on",
    );
  });
});

describe("folderStore", () => {
  it("removes what an interrupted write left and never shows a half-written entry", () => {
    const root = join(dir, "interrupted");
    mkdirSync(join(root, ".sum-abc.partial-999999999"), { recursive: true });
    writeFileSync(join(root, ".sum-abc.partial-999999999", "value.json"), "1");
    const store = folderStore(root);
    expect(readdirSync(root)).toEqual([]);
    expect(store.read("sum", "abc")).toBeUndefined();
    store.write("sum", "abc", { "value.json": "2" });
    expect(readdirSync(root)).toEqual(["sum-abc"]);
    expect(textFile(store.read("sum", "abc")!, "value.json")).toBe("2");
  });
});
