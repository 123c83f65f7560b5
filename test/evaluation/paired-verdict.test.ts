import { describe, expect, it } from "vitest";
import {
  pairedBlocks,
  type PairedDifference,
  type PairedMetric,
} from "../../src/evaluation/paired-comparison.js";
import {
  formatPairedVerdict,
  isSignificant,
  MEASURED_PAIRED_COVERAGE,
  measuredPairedCoverage,
  MIN_BLOCKS,
  pairedVerdict,
  RELIABLE_COVERAGE,
} from "../../src/evaluation/paired-verdict.js";

/** A difference whose interval lies wholly on the good side of 0 (above for the mean, below for the risks). */
const better = (
  metric: PairedMetric,
  method: PairedDifference["method"] = "jackknife-t",
  level = 0.95,
): PairedDifference => {
  const sign = metric === "mean" ? 1 : -1;
  return {
    metric,
    estimate: sign * 1,
    lower: metric === "mean" ? 0.5 : -1.5,
    upper: metric === "mean" ? 1.5 : -0.5,
    level,
    method,
    standardError: 0.25,
    excludesZero: metric === "mean" ? "above" : "below",
  };
};
/** A record of J whole blocks of 120 windows (T = 30, stride 1). */
const record = (blocks: number) => pairedBlocks(blocks * 120, 120);

describe("J_min and the measured coverage table", () => {
  it("J_min is the least measured J from which the Δmean interval covers 93% or more", () => {
    const mean = MEASURED_PAIRED_COVERAGE.map((row) => [row.blocks, row.coverage.mean] as const);
    const least = Math.min(...mean.filter(([, c]) => c >= RELIABLE_COVERAGE).map(([j]) => j));
    expect(MIN_BLOCKS).toBe(least);
    for (const [j, c] of mean) if (j >= MIN_BLOCKS) expect(c).toBeGreaterThanOrEqual(RELIABLE_COVERAGE);
  });

  it("a J between two measured ones takes the worse of their figures; beyond the last, the last's", () => {
    const rows = MEASURED_PAIRED_COVERAGE;
    for (let k = 0; k + 1 < rows.length; k++) {
      const a = rows[k]!;
      const b = rows[k + 1]!;
      if (b.blocks - a.blocks < 2) continue;
      expect(measuredPairedCoverage("cvar", a.blocks + 1)).toBe(Math.min(a.coverage.cvar, b.coverage.cvar));
    }
    const last = rows[rows.length - 1]!;
    expect(measuredPairedCoverage("entropic", last.blocks + 100)).toBe(last.coverage.entropic);
    expect(measuredPairedCoverage("mean", rows[0]!.blocks - 1)).toBeUndefined();
  });
});

describe("pairedVerdict", () => {
  it("below J_min every metric is too short to tell, whatever its interval", () => {
    // One window short of J_min whole blocks.
    const short = pairedBlocks(MIN_BLOCKS * 120 - 1, 120);
    for (const metric of ["mean", "std", "cvar", "entropic"] as const) {
      const verdict = pairedVerdict(better(metric), short);
      expect(verdict.reliability).toBe("too-short");
      expect(formatPairedVerdict(verdict)).toBe("too short to tell");
      expect(isSignificant(verdict)).toBe(false);
    }
  });

  it("a record whose blocks were cut to ⌊n/2⌋ holds fewer than two requested blocks: too short when J_min ≥ 2", () => {
    const cut = pairedBlocks(200, 120);
    expect(cut).toMatchObject({ blockLength: 100, blocks: 2 });
    expect(pairedVerdict(better("mean"), cut).reliability).toBe(MIN_BLOCKS >= 2 ? "too-short" : "reliable");
  });

  it("Δmean from J_min blocks on is reliable: better / same / worse as is", () => {
    const verdict = pairedVerdict(better("mean"), record(Math.max(MIN_BLOCKS, 7)));
    expect(verdict).toMatchObject({ direction: "better", reliability: "reliable" });
    expect(verdict.coverage).toBeGreaterThanOrEqual(RELIABLE_COVERAGE);
    expect(formatPairedVerdict(verdict)).toBe("better");
    expect(isSignificant(verdict)).toBe(true);
    const same = pairedVerdict({ ...better("mean"), lower: -0.5, excludesZero: "no" }, record(7));
    expect(formatPairedVerdict(same)).toBe("same");
    expect(isSignificant(same)).toBe(false);
  });

  it("a tail metric whose measured coverage is under 93% is indicative", () => {
    // The 952 windows of the default test period: 7 blocks of 120.
    for (const metric of ["cvar", "entropic"] as const) {
      const verdict = pairedVerdict(better(metric), pairedBlocks(952, 120));
      expect(verdict.coverage).toBe(measuredPairedCoverage(metric, 7));
      expect(verdict.coverage).toBeLessThan(RELIABLE_COVERAGE);
      expect(verdict.reliability).toBe("indicative");
      expect(formatPairedVerdict(verdict)).toBe("better (indicative)");
      expect(isSignificant(verdict)).toBe(false);
    }
    const same = pairedVerdict({ ...better("entropic"), upper: 0.5, excludesZero: "no" }, record(7));
    expect(formatPairedVerdict(same)).toBe("same (indicative)");
  });

  it("another method or level than the measured 95% jackknife-t is indicative", () => {
    expect(pairedVerdict(better("mean", "percentile"), record(7)).reliability).toBe("indicative");
    expect(pairedVerdict(better("mean", "jackknife-t", 0.9), record(7)).reliability).toBe("indicative");
    expect(pairedVerdict(better("mean", "percentile"), record(7)).coverage).toBeUndefined();
  });
});
