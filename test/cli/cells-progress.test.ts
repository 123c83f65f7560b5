import { describe, expect, it } from "vitest";
import { cellsProgress, describeCell, formatDuration } from "../../src/cli/cells-progress.js";
import type { Cell } from "../../src/graph/cell.js";

const cell = (id: string, kind: string, label: string): Cell<unknown, never> =>
  ({ id, kind, label, identity: {}, inputs: [], run: () => undefined }) as Cell<unknown, never>;

describe("cellsProgress", () => {
  it("prints a line per start and end, numbered in start order, with the time left from finished cells of the same kind", () => {
    let text = "";
    let clock = 0;
    const progress = cellsProgress({ stdout: () => {}, stderr: (t) => (text += t) }, 2, () => clock);
    const paths = cell("p", "regime-bs-paths", "regime-bs paths of AAPL");
    const a = cell("a", "training", "rnn · market on AAPL");
    const b = cell("b", "training", "rnn · market on AAPL+MSFT");
    const c = cell("c", "training", "rnn · regime-bs on AAPL");
    progress.plan([paths, a, b, c]);
    progress.start(paths);
    progress.start(a);
    clock = 2000;
    progress.done(paths); // no training finished yet: the estimate uses every finished cell (2 s)
    progress.start(b);
    clock = 10_000;
    progress.done(a); // trainings take 10 s: b has spent 8 s (2 left), c waits (10): 12 s of work over 2 workers
    progress.start(c);
    clock = 16_000;
    progress.done(b);
    progress.done(c);
    expect(text.split("\n")).toEqual([
      "computing 4 cells missing from the cache, 2 at a time in child processes",
      "[1/4] regime-bs paths of AAPL: started (1 running)",
      "[2/4] training rnn · market on AAPL: started (2 running)",
      "[1/4] regime-bs paths of AAPL: done in 2.0 s (1 running, about 2.0 s left)",
      "[3/4] training rnn · market on AAPL+MSFT: started (2 running)",
      "[2/4] training rnn · market on AAPL: done in 10.0 s (1 running, about 6.0 s left)",
      "[4/4] training rnn · regime-bs on AAPL: started (2 running)",
      "[3/4] training rnn · market on AAPL+MSFT: done in 14.0 s (1 running, about 3.0 s left)",
      "[4/4] training rnn · regime-bs on AAPL: done in 6.0 s (0 running)",
      "",
    ]);
  });

  it("prints nothing when every cell is in the cache", () => {
    let text = "";
    cellsProgress({ stdout: () => {}, stderr: (t) => (text += t) }, 2).plan([]);
    expect(text).toBe("");
  });
});

describe("describeCell", () => {
  it("puts the kind before a label that does not start with it", () => {
    expect(describeCell({ kind: "training", label: "rnn · market on AAPL" })).toBe(
      "training rnn · market on AAPL",
    );
    expect(describeCell({ kind: "regimes", label: "regime model" })).toBe("regime model");
    expect(describeCell({ kind: "sigdiffusion-model", label: "SigDiffusion model of AAPL" })).toBe(
      "SigDiffusion model of AAPL",
    );
  });
});

describe("formatDuration", () => {
  it("uses seconds below 90 s, minutes below 90 min, then hours", () => {
    expect([formatDuration(4.24), formatDuration(90), formatDuration(5400)]).toEqual([
      "4.2 s",
      "1.5 min",
      "1.5 h",
    ]);
  });
});
