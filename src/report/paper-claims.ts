import type { PairedMetric } from "../evaluation/paired-comparison.js";
import { formatPairedVerdict, pairedVerdict } from "../evaluation/paired-verdict.js";
import { hedgeLabel, type ReportResult, type ReportTable } from "./report-data.js";
import { formatNumber } from "./risk-table.js";

/** What a run says of one of the paper's claims. */
export type ClaimVerdict = "holds" | "partly" | "does not hold" | "not run";

/** One claim of the paper's section 5, checked on a run's test windows. */
export interface PaperClaim {
  /** A stable name: `market-sigformer-positive`, `market-rnn-flat`, … */
  id: string;
  /** The claim, as the paper words it. */
  claim: string;
  verdict: ClaimVerdict;
  /** One sentence: the rule and the run's numbers behind the verdict. */
  reason: string;
  /** The rows the verdict reads, smallest hedge set first. */
  rows: ReportResult[];
}

/** Mean absolute holding, in shares per option, from which RNN holdings count as extremely leveraged. */
export const EXTREME_MEAN_HOLDING = 1.5;
/** Holdings beyond [−1, 2] shares per option, more than a call's delta can ever ask, count as leverage. */
export const LEVERAGE_BOUNDS = [-1, 2] as const;

const f = (x: number, digits = 2): string => formatNumber(x, digits);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The rows of a learned model (its name starts with `model`; a seed's own rows left out) trained on `source`, smallest hedge set first. */
function learnedRows(results: readonly ReportResult[], model: string, source?: string): ReportResult[] {
  return results
    .filter(
      (r) =>
        r.source !== undefined &&
        (source === undefined || r.source === source) &&
        r.strategy.startsWith(model) &&
        !r.strategy.includes(":seed"),
    )
    .sort((a, b) => a.hedge.length - b.hedge.length);
}

/** The paired difference of `metric` of a row, when it has one. */
function difference(row: ReportResult, metric: PairedMetric) {
  return row.paired?.differences.find((d) => d.metric === metric);
}

/** `holds` when every item passes, `does not hold` when none does, else `partly`. */
function byCount(passed: number, total: number): ClaimVerdict {
  return passed === total ? "holds" : passed === 0 ? "does not hold" : "partly";
}

const notRun = (id: string, claim: string, what: string): PaperClaim => ({
  id,
  claim,
  verdict: "not run",
  reason: `Not run in this configuration: it has no ${what}.`,
  rows: [],
});

/** "The market SigFormer achieves positive mean P&L across all hedge sets … remains stable." */
function marketSigFormer(results: readonly ReportResult[]): PaperClaim {
  const id = "market-sigformer-positive";
  const claim = "The market-trained SigFormer has a positive mean P&L on every hedge set and remains stable.";
  const rows = learnedRows(results, "sigformer", "market");
  if (rows.length === 0) return notRun(id, claim, "SigFormer trained on market windows");
  const above = rows.filter((r) => r.summary.meanInterval.lower > 0).length;
  const positive = rows.filter((r) => r.summary.mean > 0).length;
  const means = rows.map((r) => r.summary.mean);
  const spread = Math.max(...means) - Math.min(...means);
  const widths = rows
    .map((r) => r.summary.meanInterval.upper - r.summary.meanInterval.lower)
    .sort((a, b) => a - b);
  const width = widths[Math.floor(widths.length / 2)]!;
  const stable = spread <= width;
  const verdict: ClaimVerdict =
    above === rows.length && stable ? "holds" : positive === 0 ? "does not hold" : "partly";
  return {
    id,
    claim,
    verdict,
    reason:
      `Mean P&L above 0 on ${positive} of ${plural(rows.length, "hedge set")}, its interval above 0 on ${above}; ` +
      `the means span ${f(spread)} (${f(Math.min(...means))} to ${f(Math.max(...means))}) against a median interval width of ${f(width)}, ` +
      `so ${stable ? "stable" : "not stable"}. Holds: every interval above 0 and a span within the median width; ` +
      "does not hold: no mean above 0.",
    rows,
  };
}

/** "The market-trained RNN remains essentially flat." */
function marketRnn(results: readonly ReportResult[]): PaperClaim {
  const id = "market-rnn-flat";
  const claim =
    "The market-trained RNN remains essentially flat (no different from the delta hedge on mean P&L).";
  const rows = learnedRows(results, "rnn", "market").filter((r) => difference(r, "mean"));
  if (rows.length === 0) return notRun(id, claim, "RNN trained on market windows with a paired comparison");
  const same = rows.filter((r) => difference(r, "mean")!.excludesZero === "no").length;
  return {
    id,
    claim,
    verdict: byCount(same, rows.length),
    reason:
      `The paired Δmean with delta includes 0 on ${same} of ${plural(rows.length, "hedge set")}. ` +
      "Holds: on every set; does not hold: on none.",
    rows,
  };
}

/** "The delta hedge is slightly negative in the single-asset benchmark." */
function deltaNegative(results: readonly ReportResult[]): PaperClaim {
  const id = "delta-negative";
  const claim = "The delta hedge's mean P&L is slightly negative in the single-asset benchmark.";
  const row = results
    .filter((r) => r.strategy === "delta" && r.source === undefined)
    .sort((a, b) => a.hedge.length - b.hedge.length)[0];
  if (!row || row.hedge.length !== 1) return notRun(id, claim, "delta hedge on a single-asset hedge set");
  const { mean, meanInterval, std } = row.summary;
  const verdict: ClaimVerdict = meanInterval.upper < 0 ? "holds" : mean < 0 ? "partly" : "does not hold";
  return {
    id,
    claim,
    verdict,
    reason:
      `Delta's mean P&L on ${hedgeLabel(row.hedge)} is ${f(mean)} [${f(meanInterval.lower)}, ${f(meanInterval.upper)}] (std ${f(std)}). ` +
      "Holds: the interval lies below 0; partly: the mean is below 0 but its interval reaches 0.",
    rows: [row],
  };
}

/** "Black–Scholes trained hedgers deteriorate rapidly as the hedge dimension increases." */
function regimeDeteriorates(results: readonly ReportResult[]): PaperClaim {
  const id = "regime-bs-deteriorates";
  const claim = "Hedgers trained on regime-switching Black–Scholes paths deteriorate as the hedge set grows.";
  const models = ["rnn", "sigformer"]
    .map((model) => learnedRows(results, model, "regime-bs"))
    .filter((rows) => new Set(rows.map((r) => r.hedge.length)).size >= 2);
  if (models.length === 0)
    return notRun(id, claim, "hedger trained on regime-bs paths over hedge sets of different sizes");
  const parts: string[] = [];
  let fell = 0;
  let clearly = 0;
  for (const rows of models) {
    const small = rows[0]!;
    const large = rows[rows.length - 1]!;
    const lower = large.summary.mean < small.summary.mean;
    const clear = large.summary.meanInterval.upper < small.summary.meanInterval.lower;
    if (lower) fell++;
    if (clear) clearly++;
    parts.push(
      `${small.strategy}: mean P&L ${f(small.summary.mean)} on ${small.hedge.length} asset${small.hedge.length === 1 ? "" : "s"}, ` +
        `${f(large.summary.mean)} on ${large.hedge.length}${clear ? " (the intervals apart)" : ""}`,
    );
  }
  const verdict: ClaimVerdict = clearly === models.length ? "holds" : fell === 0 ? "does not hold" : "partly";
  return {
    id,
    claim,
    verdict,
    reason:
      `${parts.join("; ")}. Holds: for every model the largest set's mean interval lies below the smallest's; ` +
      "does not hold: no model's mean falls.",
    rows: models.flat(),
  };
}

/** "The diffusion-trained SigFormer … collapses for four and five hedge assets." */
function diffusionCollapses(results: readonly ReportResult[]): PaperClaim {
  const id = "sigdiffusion-sigformer-collapses";
  const claim =
    "The SigFormer trained on per-asset SigDiffusion paths does well on small hedge sets and collapses at 4–5 assets.";
  const rows = learnedRows(results, "sigformer", "sigdiffusion");
  const small = rows.filter((r) => r.hedge.length <= 2);
  const large = rows.filter((r) => r.hedge.length >= 4);
  if (small.length === 0 || large.length === 0)
    return notRun(
      id,
      claim,
      "SigFormer trained on SigDiffusion paths on hedge sets of 1–2 and of 4–5 assets",
    );
  const floor = Math.min(...small.map((r) => r.summary.meanInterval.lower));
  const best = Math.max(...small.map((r) => r.summary.mean));
  const collapsed = large.filter((r) => r.summary.mean < floor).length;
  const lower = large.filter((r) => r.summary.mean < best).length;
  const verdict: ClaimVerdict =
    collapsed === large.length ? "holds" : collapsed > 0 || lower > 0 ? "partly" : "does not hold";
  return {
    id,
    claim,
    verdict,
    reason:
      `On 1–2 assets the lowest interval bound of the mean P&L is ${f(floor)}; on 4–5 assets the means are ` +
      `${large.map((r) => f(r.summary.mean)).join(", ")}, ${collapsed} of ${large.length} below that bound. ` +
      "Holds: every 4–5-asset mean below it; partly: some, or only below the best small-set mean.",
    rows,
  };
}

/** "RNN hedges exhibit economically implausible magnitudes, with extreme leverage." */
function rnnLeverage(results: readonly ReportResult[]): PaperClaim {
  const id = "rnn-leverage";
  const claim = "RNN hedges show extreme leverage (under market- and diffusion-trained settings).";
  const rows = learnedRows(results, "rnn").filter((r) => r.leverage);
  if (rows.length === 0) return notRun(id, claim, "RNN with recorded holdings");
  const extreme = rows.filter((r) => r.leverage!.meanAbsolute >= EXTREME_MEAN_HOLDING).length;
  const [low, high] = LEVERAGE_BOUNDS;
  const beyond = rows.filter((r) => r.leverage!.min < low || r.leverage!.max > high).length;
  const min = Math.min(...rows.map((r) => r.leverage!.min));
  const max = Math.max(...rows.map((r) => r.leverage!.max));
  const verdict: ClaimVerdict =
    extreme === rows.length ? "holds" : extreme > 0 || beyond > 0 ? "partly" : "does not hold";
  return {
    id,
    claim,
    verdict,
    reason:
      `Over ${plural(rows.length, "RNN row")} the holdings range from ${f(min)} to ${f(max)} shares; ` +
      `${extreme} of them hold ${EXTREME_MEAN_HOLDING} shares or more on average (mean |δ|), ${beyond} reach beyond [${low}, ${high}]. ` +
      `Holds: every row's mean |δ| ≥ ${EXTREME_MEAN_HOLDING}; partly: some row's, or some row beyond [${low}, ${high}].`,
    rows,
  };
}

/**
 * The claims of the paper's section 5, each checked on the run's test results with a stated rule:
 * - the market SigFormer is positive and stable: every hedge set's mean-P&L interval above 0, and
 *   the means' span within the median interval width;
 * - the market RNN is flat: its paired Δmean with delta includes 0 on every hedge set;
 * - delta is slightly negative on the single-asset set: its mean interval below 0;
 * - regime-bs-trained hedgers deteriorate as the hedge set grows: the largest set's mean interval
 *   below the smallest set's, for every model;
 * - the per-asset SigDiffusion SigFormer collapses at 4–5 assets: every 4–5-asset mean below the
 *   lowest interval bound of the 1–2-asset sets;
 * - RNN holdings are extremely leveraged: a mean |δ| of {@link EXTREME_MEAN_HOLDING} shares or more
 *   on every row (partly: on some, or holdings beyond {@link LEVERAGE_BOUNDS} on some).
 *
 * A claim whose rows the run does not have is `not run`. The rules read the mean P&L as the paper's
 * Figure 3 does; the tables of {@link paperClaimTables} put the risk beside it.
 */
export function paperClaims(results: readonly ReportResult[]): PaperClaim[] {
  return [
    marketSigFormer(results),
    marketRnn(results),
    deltaNegative(results),
    regimeDeteriorates(results),
    diffusionCollapses(results),
    rnnLeverage(results),
  ];
}

/**
 * The claims as report tables: one overview (claim, verdict, the numbers behind it), then, for each
 * claim that was run, its rows with the risk figures the paper's Figure 3 leaves out — mean P&L
 * with its interval, std, CVaR95, entropic risk, the paired Δentropic and ΔCVaR95 with delta (with
 * their verdicts) — and the leverage of the holdings (range, mean |δ|, share outside [0, 1]).
 */
export function paperClaimTables(claims: readonly PaperClaim[]): ReportTable[] {
  const overview: ReportTable = {
    title: "The paper's claims (section 5) on this run's test windows",
    columns: ["claim", "verdict", "the numbers"],
    rows: claims.map((c) => [c.claim, c.verdict, c.reason]),
  };
  const paired = (r: ReportResult, metric: PairedMetric): string => {
    const d = difference(r, metric);
    if (!d || !r.paired) return "";
    const sign = d.estimate > 0 && f(d.estimate) !== f(0) ? "+" : "";
    return `${sign}${f(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${formatPairedVerdict(pairedVerdict(d, r.paired))}`;
  };
  const details = claims
    .filter((c) => c.rows.length > 0)
    .map((c): ReportTable => ({
      title: `${c.claim} Verdict: ${c.verdict}.`,
      columns: [
        "hedge set",
        "strategy",
        "mean P&L [95% CI]",
        "std",
        "CVaR95",
        "entropic",
        "Δentropic vs delta",
        "ΔCVaR95 vs delta",
        "holdings min..max",
        "mean |δ|",
        "outside [0, 1]",
      ],
      rows: c.rows.map((r) => {
        const s = r.summary;
        const cvar = s.tails.find((t) => t.level === 0.95)?.expectedShortfall;
        const lev = r.leverage;
        return [
          hedgeLabel(r.hedge),
          r.source ? `${r.strategy} · ${r.source}` : r.strategy,
          `${f(s.mean)} [${f(s.meanInterval.lower)}, ${f(s.meanInterval.upper)}]`,
          f(s.std),
          cvar === undefined ? "" : f(cvar),
          f(s.entropicRisk),
          paired(r, "entropic"),
          paired(r, "cvar"),
          lev ? `${f(lev.min)}..${f(lev.max)}` : "",
          lev ? f(lev.meanAbsolute) : "",
          lev ? `${f(100 * lev.outsideUnit, 1)}%` : "",
        ];
      }),
    }));
  return [overview, ...details];
}
