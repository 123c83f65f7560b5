import type { QualityTargetRecord } from "../evaluation/quality-targets.js";
import { hedgeLabel } from "./report-data.js";

/**
 * The paragraphs above the quality-target tables: what the targets are, then for each source how
 * many it meets on each hedge set and which statistics it misses most often. Written from the records
 * only (nothing is recomputed).
 */
export function qualityTargetsText(records: readonly QualityTargetRecord[]): string[] {
  const sources = [...new Set(records.map((r) => r.source))];
  const hedges = [...new Set(records.map((r) => hedgeLabel(r.hedge)))];
  const lines = [
    "Quality targets (issue 23), measured on every hedge set against the market's training windows, with the validation windows as the market's own " +
      "second sample: the KS distance of the one-window log-return to the training windows at most the market's train-vs-validation KS; the " +
      "realised-volatility quantiles p5, p50 and p95 within ±15% of the training windows'; the autocorrelations of daily returns and of their " +
      "absolute values at lags 1–5 inside the training windows' 95% band (delete-one-block jackknife over 20 contiguous blocks of windows, " +
      "corrected for their overlap; each band misses 5% of a perfect generator's rows by chance); the correlation matrix's Frobenius error at most " +
      "1.5× the market's floor ‖C_train − C_validation‖_F; a discriminative score of at most 0.15; and, for SigDiffusion, at most 5% of samples " +
      "rejected by the inversion check. The market's validation windows are held to the same targets as a source: the floor. Measured, not tuned toward.",
  ];
  for (const source of sources) {
    const mine = records.filter((r) => r.source === source);
    const perSet = hedges
      .map((hedge) => {
        const rows = mine.filter((r) => hedgeLabel(r.hedge) === hedge);
        return rows.length > 0 ? `${rows.filter((r) => r.pass).length}/${rows.length} on ${hedge}` : "";
      })
      .filter((t) => t !== "");
    const missed = new Map<string, number>();
    for (const r of mine.filter((x) => !x.pass)) {
      const family = r.statistic.replace(/ lag \d+$/, "").replace(/ p\d+$/, " quantiles");
      missed.set(family, (missed.get(family) ?? 0) + 1);
    }
    const worst = [...missed.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([family, count]) => `${family} (${count})`);
    lines.push(
      `${source} meets ${perSet.join(", ")}` +
        (worst.length > 0 ? `; missed most: ${worst.join(", ")}.` : "; every target met."),
    );
  }
  return lines;
}
