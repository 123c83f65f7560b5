import { describe, expect, it } from "vitest";
import type { StrategyEvaluation } from "../../src/evaluation/evaluate-policy.js";
import { comparePaired, pairedBlocks } from "../../src/evaluation/paired-comparison.js";
import { formatPairedTable, pairedCsv } from "../../src/evaluation/paired-table.js";
import { MIN_BLOCKS } from "../../src/evaluation/paired-verdict.js";
import { createRandom } from "../../src/random/random-source.js";

const sample = (n: number, seed: number): Float64Array => {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, () => random.normal() * 2 - 1);
};

/** A learned row paired with its baseline as pairWithDelta pairs it: blocks of `block` requested, the ones used recorded. */
const pairedRow = (hedge: string, n: number, block: number, seed: number): StrategyEvaluation => {
  const base = sample(n, seed);
  const pnl = base.map((x) => x + 0.5);
  const differences = comparePaired(pnl, base, createRandom(1), { blockLength: block });
  return {
    hedge: [hedge],
    strategy: "rnn",
    holdings: new Float64Array(0),
    pnl,
    summary: undefined as never,
    paired: { baseline: "delta", ...pairedBlocks(n, block), differences },
  };
};

describe("formatPairedTable and pairedCsv with the blocks actually used", () => {
  it("a short record: the header and paired.csv give the cut blocks (2 of 100 windows), not the 120 requested", () => {
    const row = pairedRow("AAPL", 200, 120, 3);
    expect(row.paired).toMatchObject({ blockLength: 100, blocks: 2 });
    const table = formatPairedTable([row]);
    expect(table.split("\n")[0]).toContain("(2 blocks of 100 windows)");
    expect(table).not.toMatch(/blocks of 120/);
    const csv = pairedCsv([row]).trim().split("\n");
    expect(csv[0]).toBe(
      "hedge,strategy,baseline,metric,estimate,lower,upper,level,method,block,blocks,verdict,training",
    );
    expect(csv).toHaveLength(1 + 4);
    for (const line of csv.slice(1)) expect(line.split(",").slice(9, 11)).toEqual(["100", "2"]);
  });

  it("rows with different blocks get a blocks column (J × ℓ) instead of one header", () => {
    const table = formatPairedTable([pairedRow("AAPL", 952, 120, 3), pairedRow("MSFT", 600, 120, 4)]);
    const lines = table.split("\n");
    expect(lines[0]).toContain("(blocks: J × ℓ windows, per row)");
    expect(table).toMatch(/^hedge set\s+strategy\s+blocks\s+Δmean/m);
    expect(table).toMatch(/^AAPL\s+rnn\s+7 × 120\s/m);
    expect(table).toMatch(/^MSFT\s+rnn\s+5 × 120\s/m);
  });

  it("a record of fewer than J_min blocks prints 'too short to tell' with the record a verdict needs", () => {
    // 100 windows with blocks of 120 requested: the jackknife uses two blocks of 50, a record of no whole block.
    const row = pairedRow("AAPL", 100, 120, 5);
    expect(row.paired).toMatchObject({ windows: 100, requestedBlockLength: 120, blockLength: 50, blocks: 2 });
    const table = formatPairedTable([row]);
    const windows = MIN_BLOCKS * 120;
    expect(table).toContain(
      `too short to tell: 100 windows (2 blocks of 50 used); a verdict needs ${MIN_BLOCKS} block${MIN_BLOCKS === 1 ? "" : "s"} of 120 or more, ` +
        `a record of ${windows} windows (about ${windows} trading days at stride 1, stride × that otherwise)`,
    );
    expect(table.split("\n")[0]).toContain("(2 blocks of 50 windows)");
    for (const metric of ["Δmean", "Δstd", "ΔCVaR95", "Δentropic"]) expect(table).toContain(metric);
    expect(table).toMatch(/^AAPL\s+rnn\s+\+0\.500 \[[^\]]+\] too short to tell\s+/m);
    expect(table.match(/too short to tell/g)).toHaveLength(1 + 4);
    expect(pairedCsv([row])).toMatch(/,jackknife-t,50,2,too short to tell,trained$/m);
  });
});

describe("a learned strategy that did not train is marked in the paired table and paired.csv", () => {
  it("kept initial weights: 'did not train: equals delta' on its row and its CSV lines, with the note saying why", () => {
    const trained = pairedRow("AAPL", 952, 120, 3);
    const untrained: StrategyEvaluation = { ...pairedRow("MSFT", 952, 120, 4), untrained: "equals-delta" };
    const table = formatPairedTable([trained, untrained]);
    expect(table).toMatch(/^MSFT\s+rnn\s+.*did not train: equals delta$/m);
    expect(table).not.toMatch(/^AAPL\s+rnn\s+.*did not train/m);
    expect(table).toContain("counted apart and left out of the comparisons with delta");
    const csv = pairedCsv([trained, untrained]).trim().split("\n");
    expect(
      csv.filter((l) => l.startsWith("MSFT,")).every((l) => l.endsWith(",did not train: equals delta")),
    ).toBe(true);
    expect(csv.filter((l) => l.startsWith("AAPL,")).every((l) => l.endsWith(",trained"))).toBe(true);
  });

  it("with every learned strategy trained, the table has no marker column and no note", () => {
    const table = formatPairedTable([pairedRow("AAPL", 952, 120, 3)]);
    expect(table).not.toContain("did not train");
    expect(table.split("\n").at(-1)).not.toMatch(/\s{2}$/);
  });
});
