import { describe, expect, it } from "vitest";
import { createPathBatch, type PathBatch } from "../../src/data/path-batch.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { returnCorrelation } from "../../src/evaluation/path-statistics.js";
import {
  formatQualityTarget,
  qualityTargets,
  type QualityTargetRow,
} from "../../src/evaluation/quality-targets.js";
import { createRandom, type RandomSource } from "../../src/random/random-source.js";

const DAILY = Math.sqrt(0.04 / 252);

/**
 * A GARCH(1,1) series of daily log-returns r_t = σ_t z_t, σ_t² = ω + α r²_{t−1} + β σ²_{t−1}, with the
 * unconditional variance of a 20% annual volatility, after a burn-in of 500 days.
 */
function garchReturns(days: number, random: RandomSource, alpha = 0.1, beta = 0.85): Float64Array {
  const omega = DAILY ** 2 * (1 - alpha - beta);
  const out = new Float64Array(days);
  let [variance, last] = [DAILY ** 2, 0];
  for (let t = -500; t < days; t++) {
    variance = omega + alpha * last ** 2 + beta * variance;
    last = Math.sqrt(variance) * random.normal();
    if (t >= 0) out[t] = last;
  }
  return out;
}

/** Rolling windows [N, T + 1, 1] of prices from 100, every `stride` days, with their start indices. */
function windowsOf(returns: Float64Array, steps: number, stride: number): PathBatch {
  const starts: number[] = [];
  for (let s = 0; s + steps <= returns.length; s += stride) starts.push(s);
  const values = new Float64Array(starts.length * (steps + 1));
  starts.forEach((s, i) => {
    values[i * (steps + 1)] = 100;
    for (let t = 1; t <= steps; t++)
      values[i * (steps + 1) + t] = values[i * (steps + 1) + t - 1]! * Math.exp(returns[s + t - 1]!);
  });
  return createPathBatch(
    values,
    { n: starts.length, steps, tickers: ["GBM"] },
    { startIndex: Int32Array.from(starts) },
  );
}

/** Independent GARCH paths [N, T + 1, 1], each from its own burn-in: a generator with volatility clustering. */
function garchPaths(n: number, steps: number, random: RandomSource): PathBatch {
  const values = new Float64Array(n * (steps + 1));
  for (let i = 0; i < n; i++) {
    const r = garchReturns(steps, random.fork(i));
    values[i * (steps + 1)] = 100;
    for (let t = 1; t <= steps; t++)
      values[i * (steps + 1) + t] = values[i * (steps + 1) + t - 1]! * Math.exp(r[t - 1]!);
  }
  return createPathBatch(values, { n, steps, tickers: ["GBM"] });
}

function row(rows: readonly QualityTargetRow[], statistic: string, asset = "all"): QualityTargetRow {
  const found = rows.find((r) => r.statistic === statistic && r.asset === asset);
  if (!found) throw new Error(`no row ${statistic} of ${asset}`);
  return found;
}

const FAST = { discriminativePaths: 300 } as const;

describe("qualityTargets", () => {
  const train = generateGbm({ n: 600, volatility: 0.2 }, createRandom(1));
  const validation = generateGbm({ n: 300, volatility: 0.2 }, createRandom(2));

  it("a GBM of the market's law meets the KS, realised-vol, autocorrelation and discriminative targets; rows state their bounds", () => {
    const same = generateGbm({ n: 1000, volatility: 0.2 }, createRandom(3));
    const rows = qualityTargets({ same }, train, validation, createRandom(4), FAST);
    // 1 KS + 3 quantiles + 2 × 5 lags per asset, and the discriminative score (one asset: no correlation).
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r.source === "same")).toBe(true);
    // Each acf band covers the market's own sampling error only (95% each): a generator of the market's
    // law misses some of the 10 by chance, by more than the band by at most its own three standard errors.
    const acf = rows.filter((r) => r.statistic.startsWith("acf"));
    for (const r of rows.filter((x) => !acf.includes(x)))
      expect(r.pass, `${r.statistic}: ${r.value} in ${formatQualityTarget(r)}`).toBe(true);
    expect(acf.filter((r) => r.pass).length).toBeGreaterThanOrEqual(8);
    const own = 3 / Math.sqrt(1000 * 30);
    for (const r of acf) expect(r.lower - own <= r.value && r.value <= r.upper + own, r.statistic).toBe(true);
    const ks = row(rows, "KS log-return 30d", "GBM");
    expect(ks.upper).toBe(ks.reference);
    expect(ks.lower).toBe(-Infinity);
    const p50 = row(rows, "realised vol p50", "GBM");
    expect(p50.reference).toBeCloseTo(0.2, 1);
    expect(p50.lower).toBeCloseTo(0.85 * p50.reference, 12);
    expect(p50.upper).toBeCloseTo(1.15 * p50.reference, 12);
    expect(row(rows, "discriminative score").upper).toBe(0.15);
    expect(formatQualityTarget({ lower: -Infinity, upper: 0.15 })).toBe("≤ 0.1500");
  });

  it("a GBM of σ 30% fails the realised-vol quantiles and the KS target of a σ 20% market", () => {
    const wider = generateGbm({ n: 1000, volatility: 0.3 }, createRandom(3));
    const rows = qualityTargets({ wider }, train, validation, createRandom(4), FAST);
    for (const p of [5, 50, 95]) {
      const r = row(rows, `realised vol p${p}`, "GBM");
      // The quantile scales with σ: 1.5× the market's, outside ±15%.
      expect(r.value / r.reference).toBeGreaterThan(1.3);
      expect(r.pass).toBe(false);
    }
    expect(row(rows, "KS log-return 30d", "GBM").pass).toBe(false);
  });

  it("two independent GBMs: correlation near 0, and a generator of the same law within 1.5× the sampling floor; a correlated one fails", () => {
    const vol = [0.2, 0.3];
    const market = generateGbm({ n: 600, volatility: vol }, createRandom(11));
    const later = generateGbm({ n: 300, volatility: vol }, createRandom(12));
    // Three standard errors of a correlation of 0 from N·T pooled returns.
    expect(Math.abs(returnCorrelation(market)[1]!)).toBeLessThan(3 / Math.sqrt(600 * 30));
    const same = generateGbm({ n: 1000, volatility: vol }, createRandom(13));
    const good = row(
      qualityTargets({ same }, market, later, createRandom(14), FAST),
      "correlation error (Frobenius)",
    );
    // The floor is √2 |ρ_train − ρ_validation|, of order √2 · √(1/18000 + 1/9000) ≈ 0.018.
    expect(good.reference).toBeGreaterThan(0);
    expect(good.reference).toBeLessThan(0.06);
    expect(good.upper).toBeCloseTo(1.5 * good.reference, 12);
    expect(good.pass).toBe(true);
    const correlated = generateGbm(
      { n: 1000, volatility: vol, correlation: [1, 0.5, 0.5, 1] },
      createRandom(13),
    );
    const bad = row(
      qualityTargets({ correlated }, market, later, createRandom(14), FAST),
      "correlation error (Frobenius)",
    );
    expect(bad.value).toBeCloseTo(0.5 * Math.SQRT2, 1);
    expect(bad.pass).toBe(false);
  });

  it("a GARCH market: |r| autocorrelation at lag 1 positive and outside an i.i.d. GBM's, so GBM fails the |r| target and a GARCH generator meets it", () => {
    const random = createRandom(21);
    // 4,000 days in overlapping windows of 30 days every 2 days (m = 15 windows share a day).
    const market = windowsOf(garchReturns(4000, random.fork(0)), 30, 2);
    const later = windowsOf(garchReturns(1200, random.fork(1)), 30, 2);
    const gbm = generateGbm({ n: 1000, volatility: 0.2 }, createRandom(22));
    const garch = garchPaths(1000, 30, createRandom(23));
    const gbmRows = qualityTargets({ gbm }, market, later, createRandom(24), FAST);
    const garchRows = qualityTargets({ garch }, market, later, createRandom(24), FAST);
    const onGbm = row(gbmRows, "acf |r| lag 1", "GBM");
    // GARCH(1,1) with α = 0.1, β = 0.85 has acf(r², 1) ≈ 0.18; |r| a little less.
    expect(onGbm.reference).toBeGreaterThan(0.08);
    expect(onGbm.lower).toBeGreaterThan(0);
    // An i.i.d. series has |r| acf 0 up to three standard errors of N·T pooled returns.
    expect(Math.abs(onGbm.value)).toBeLessThan(3 / Math.sqrt(1000 * 30));
    expect(onGbm.pass).toBe(false);
    const onGarch = row(garchRows, "acf |r| lag 1", "GBM");
    expect(onGarch.value).toBeGreaterThan(0.05);
    expect(onGarch.pass).toBe(true);
    // The returns themselves are uncorrelated under both: the r target holds for both generators.
    expect(row(gbmRows, "acf r lag 1", "GBM").pass).toBe(true);
    expect(row(garchRows, "acf r lag 1", "GBM").pass).toBe(true);
  });

  it("the jackknife band of overlapping windows widens with the overlap correction", () => {
    const market = windowsOf(garchReturns(2000, createRandom(31)), 30, 2);
    const same = generateGbm({ n: 200, volatility: 0.2 }, createRandom(32));
    const later = windowsOf(garchReturns(600, createRandom(33)), 30, 2);
    const width = (overlap: number): number => {
      const r = row(
        qualityTargets({ same }, market, later, createRandom(34), { ...FAST, overlap }),
        "acf r lag 1",
        "GBM",
      );
      return r.upper - r.lower;
    };
    // The default reads m = ⌈30/2⌉ = 15 from the start indices; ℓ = ⌊986/20⌋ = 49: factor 1/√(1 − 15/147).
    expect(width(15) / width(1)).toBeCloseTo(1 / Math.sqrt(1 - 15 / 147), 10);
    const defaults = row(
      qualityTargets({ same }, market, later, createRandom(34), FAST),
      "acf r lag 1",
      "GBM",
    );
    expect(defaults.upper - defaults.lower).toBeCloseTo(width(15), 12);
  });

  it("the discriminative score: a far law fails, and the rejection rate is rejected / drawn against 5%", () => {
    const far = generateGbm({ n: 600, volatility: 0.6 }, createRandom(41));
    const rows = qualityTargets({ far }, train, validation, createRandom(42), {
      ...FAST,
      rejections: { far: { drawn: 100, rejected: 3 } },
    });
    const score = row(rows, "discriminative score");
    expect(score.value).toBeGreaterThan(0.2);
    expect(score.pass).toBe(false);
    // The market's own score (validation against training windows) is chance.
    expect(Math.abs(score.reference)).toBeLessThan(0.15);
    const rejection = row(rows, "rejection rate");
    expect(rejection.value).toBe(0.03);
    expect(rejection.pass).toBe(true);
    const many = qualityTargets({ far }, train, validation, createRandom(42), {
      ...FAST,
      rejections: { far: { drawn: 100, rejected: 10 } },
    });
    expect(row(many, "rejection rate").pass).toBe(false);
  });

  it("a short span gives NaN figures that fail their targets, not an error", () => {
    const few = generateGbm({ n: 6, volatility: 0.2 }, createRandom(7));
    const same = generateGbm({ n: 300, volatility: 0.2 }, createRandom(8));
    const rows = qualityTargets({ same }, few, few, createRandom(9), FAST);
    const score = row(rows, "discriminative score");
    expect(score.value).toBeNaN();
    expect(score.reference).toBeNaN();
    expect(score.pass).toBe(false);
    // 6 windows: 3 blocks of 2, a band all the same.
    expect(Number.isFinite(row(rows, "acf r lag 1", "GBM").upper)).toBe(true);
    const three = generateGbm({ n: 3, volatility: 0.2 }, createRandom(7));
    const none = row(qualityTargets({ same }, three, few, createRandom(9), FAST), "acf |r| lag 2", "GBM");
    expect(none.upper).toBeNaN();
    expect(none.pass).toBe(false);
  });

  it("refuses a batch of another shape and a bad option, naming it", () => {
    const short = generateGbm({ n: 100, steps: 20, volatility: 0.2 }, createRandom(5));
    expect(() => qualityTargets({ short }, train, validation, createRandom(6))).toThrow(/short/);
    expect(() => qualityTargets({ train }, train, validation, createRandom(6), { band: 1 })).toThrow(/band/);
  });
});
