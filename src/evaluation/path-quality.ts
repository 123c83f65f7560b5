import type { RandomSource } from "../random/random-source.js";
import { selectAssets, type PathBatch } from "../data/path-batch.js";
import { discriminativeScore } from "./discriminative-score.js";
import {
  frobeniusDistance,
  ksDistance,
  logReturnsAtHorizon,
  realisedVolatilities,
  returnAutocorrelation,
  returnCorrelation,
} from "./path-statistics.js";

/** One cell of a quality table: a statistic of one set of paths, or a distance between two sets. */
export interface QualityRow {
  /** What is measured, e.g. `KS log-return 5d`, `acf |r| lag 2`, `mean realised vol`. */
  metric: string;
  /** The asset, or `all` for joint measures. */
  asset: string;
  /** The set of paths measured (a generator or a real period). */
  source: string;
  /** For a distance, the real set it is measured against; empty for a statistic. */
  reference: string;
  value: number;
}

/** Options of {@link pathQuality}. */
export interface PathQualityOptions {
  /** Horizons of the KS distances of log-returns, in days (those ≤ T are used); default [1, 5, 30]. */
  horizons?: readonly number[];
  /** Lags of the autocorrelations; default 1..5. */
  lags?: readonly number[];
  /** Paths per set in the discriminative score; default 2000. */
  discriminativePaths?: number;
}

/**
 * Quality tables of generated paths against real ones (the issue's and the SigDiffusions paper's
 * measures), for every asset of the references:
 * - statistics of each set (sources and references): mean and quantiles 5/50/95% of the per-path
 *   realised volatility, autocorrelation of daily returns and of absolute returns at each lag, the
 *   mean and standard deviation of the log-return over the whole window;
 * - distances of each source to each reference: KS distance of log-returns at each horizon and of
 *   the realised volatilities, the Frobenius error of the return correlation matrix (H ≥ 2), and the
 *   discriminative score (held-out accuracy − 0.5 of a small classifier); none between a source and
 *   a reference that are the same batch (the floor against itself).
 *
 * Shapes: every batch [N, T + 1, ·] holding the references' tickers (sources are reduced to them).
 */
export function pathQuality(
  sources: Readonly<Record<string, PathBatch>>,
  references: Readonly<Record<string, PathBatch>>,
  random: RandomSource,
  options: PathQualityOptions = {},
): QualityRow[] {
  const { horizons = [1, 5, 30], lags = [1, 2, 3, 4, 5], discriminativePaths = 2000 } = options;
  const first = Object.values(references)[0];
  if (!first) return [];
  const tickers = first.tickers;
  const sets = Object.entries({ ...references, ...sources }).map(
    ([name, batch]) => [name, selectAssets(batch, tickers)] as const,
  );
  // A source that is a reference itself (the floor: the training windows) has no distance to it.
  const same = (source: string, reference: string): boolean => sources[source] === references[reference];
  const rows: QualityRow[] = [];
  const push = (metric: string, asset: string, source: string, reference: string, value: number): void => {
    rows.push({ metric, asset, source, reference, value });
  };
  for (const [name, batch] of sets) {
    tickers.forEach((ticker, a) => {
      const vols = realisedVolatilities(batch, a).sort();
      const at = (p: number): number => vols[Math.min(vols.length - 1, Math.floor(p * vols.length))]!;
      push("mean realised vol", ticker, name, "", vols.reduce((s, v) => s + v, 0) / vols.length);
      push("realised vol p5", ticker, name, "", at(0.05));
      push("realised vol p50", ticker, name, "", at(0.5));
      push("realised vol p95", ticker, name, "", at(0.95));
      const whole = logReturnsAtHorizon(batch, a, batch.steps);
      const m = whole.reduce((s, v) => s + v, 0) / whole.length;
      push(`mean log-return ${batch.steps}d`, ticker, name, "", m);
      push(
        `sd log-return ${batch.steps}d`,
        ticker,
        name,
        "",
        Math.sqrt(whole.reduce((s, v) => s + (v - m) ** 2, 0) / whole.length),
      );
      for (const lag of lags.filter((l) => l < batch.steps)) {
        push(`acf r lag ${lag}`, ticker, name, "", returnAutocorrelation(batch, a, lag, "returns"));
        push(`acf |r| lag ${lag}`, ticker, name, "", returnAutocorrelation(batch, a, lag, "absolute"));
      }
    });
  }
  for (const [source, batch] of sets.filter(([name]) => name in sources)) {
    for (const [reference, real] of sets.filter(([name]) => name in references && !same(source, name))) {
      tickers.forEach((ticker, a) => {
        for (const h of horizons.filter((d) => d <= Math.min(batch.steps, real.steps))) {
          push(
            `KS log-return ${h}d`,
            ticker,
            source,
            reference,
            ksDistance(logReturnsAtHorizon(batch, a, h), logReturnsAtHorizon(real, a, h)),
          );
        }
        push(
          "KS realised vol",
          ticker,
          source,
          reference,
          ksDistance(realisedVolatilities(batch, a), realisedVolatilities(real, a)),
        );
      });
      if (tickers.length > 1) {
        push(
          "correlation error (Frobenius)",
          "all",
          source,
          reference,
          frobeniusDistance(returnCorrelation(batch), returnCorrelation(real)),
        );
      }
      push(
        "discriminative score",
        "all",
        source,
        reference,
        discriminativeScore(batch, real, random.fork(rows.length), { maxPaths: discriminativePaths }),
      );
    }
  }
  return rows;
}

/** The rows as CSV: `metric,asset,source,reference,value`. */
export function qualityCsv(rows: readonly QualityRow[]): string {
  const lines = rows.map((r) => [r.metric, r.asset, r.source, r.reference, formatNumber(r.value)].join(","));
  return `metric,asset,source,reference,value\n${lines.join("\n")}\n`;
}

/**
 * The rows as a Markdown table: one line per metric and asset, one column per set; a distance cell
 * lists its value against each reference (`0.031 / 0.052` for train / test).
 */
export function qualityMarkdown(rows: readonly QualityRow[], references: readonly string[]): string {
  const columns = [...new Set(rows.map((r) => r.source))];
  const keys = [...new Set(rows.map((r) => `${r.metric}\u0000${r.asset}`))];
  const header = `| metric | asset | ${columns.map((c) => (references.includes(c) ? c : `${c}${rows.some((r) => r.source === c && r.reference) ? ` (vs ${references.join(" / ")})` : ""}`)).join(" | ")} |`;
  const rule = `|---|---|${columns.map(() => "---:").join("|")}|`;
  const body = keys.map((key) => {
    const [metric, asset] = key.split("\u0000") as [string, string];
    const cells = columns.map((c) => {
      const matching = rows.filter((r) => r.metric === metric && r.asset === asset && r.source === c);
      if (matching.length === 0) return "";
      if (!matching[0]!.reference) return formatNumber(matching[0]!.value);
      return references
        .map((ref) => formatNumber(matching.find((r) => r.reference === ref)?.value ?? Number.NaN))
        .join(" / ");
    });
    return `| ${metric} | ${asset} | ${cells.join(" | ")} |`;
  });
  return [header, rule, ...body].join("\n") + "\n";
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "";
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(2);
}
