import { HedgelabError } from "../errors.js";
import { parsePeriod } from "../data/date-periods.js";
import type { DateSpan } from "../data/date-span.js";

/** How the test record is cut into folds: calendar years, calendar quarters, or explicit `FROM..TO` periods. */
export type FoldScheme = "yearly" | "quarterly" | readonly string[];

/** Options of {@link walkForwardFolds}; defaults in brackets. */
export interface WalkForwardOptions {
  /** The test periods [`"yearly"`]. An explicit list holds `FROM..TO` periods in time order, not overlapping. */
  folds?: FoldScheme;
  /** First date of the first test period, ISO [2012-01-01, or the first year that leaves three years before it]. */
  from?: string;
  /** Last date of the last test period, ISO [the data's last date]. */
  to?: string;
  /** First date any fold trains on (the study's start), ISO [the data's first date]. */
  start?: string;
  /** Years of training before the validation period (a sliding span) [expanding: from `start`]. */
  trainYears?: number;
  /** Years of validation just before each test period [1]. */
  validationYears?: number;
  /** T: every period must hold one window, T + 1 dates [30]. */
  steps?: number;
}

/** One fold of a walk-forward backtest: three consecutive, non-overlapping spans of trading dates. */
export interface Fold {
  /** `2012` (yearly), `2012Q1` (quarterly), or the test period's `FROM..TO`. */
  name: string;
  train: DateSpan;
  validation: DateSpan;
  test: DateSpan;
}

/** The default first test date of the embedded data: the paper's period starts 2008-09-26. */
export const DEFAULT_FIRST_TEST = "2012-01-01";

/**
 * The folds of a walk-forward backtest on the trading dates `dates` (sorted ISO dates): each test
 * period (a calendar year by default), the `validationYears` before it for validation and model
 * selection, and everything from `start` up to the validation period for training (or the last
 * `trainYears` of it). The periods of a fold follow one another without overlap, so a window cut
 * inside one period never crosses into the next, and nothing fitted on the training span sees a
 * date of the fold's validation or test period. The test periods follow one another too: the
 * record of every fold's test windows, in order, is the out-of-sample record.
 *
 * A last test period shorter than one window (T + 1 dates) is dropped; any other period too short,
 * or a test period outside the dates, is an error.
 *
 * @throws HedgelabError with one line naming the fold and what is wrong.
 * @example walkForwardFolds(table.dates, { folds: "yearly", from: "2012-01-01", steps: 30 })
 */
export function walkForwardFolds(dates: readonly string[], options: WalkForwardOptions = {}): Fold[] {
  const { folds: scheme = "yearly", validationYears = 1, steps = 30, trainYears } = options;
  if (dates.length === 0) throw new HedgelabError("the backtest needs prices: the price table is empty");
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const start = options.start !== undefined && options.start > first ? options.start : first;
  const to = options.to !== undefined && options.to < last ? options.to : last;
  if (!(validationYears > 0)) throw invalid("--validation-years", validationYears, "must be > 0");
  if (trainYears !== undefined && !(trainYears > 0))
    throw invalid("--train-years", trainYears, "must be > 0");
  const from =
    options.from ??
    (() => {
      // Three years before the first test period: at least two of training and one of validation.
      const earliest = `${Number(start.slice(0, 4)) + 3 + (start.slice(5) > "01-01" ? 1 : 0)}-01-01`;
      return earliest > DEFAULT_FIRST_TEST ? earliest : DEFAULT_FIRST_TEST;
    })();
  if (from > to)
    throw new HedgelabError(
      `the backtest has no test period: it starts ${from} and the prices stop at ${to} (give --backtest FROM..TO inside the data)`,
    );
  const periods = testPeriods(scheme, from, to);
  const out: Fold[] = [];
  periods.forEach(({ name, start: a, end: b }, k) => {
    const test = spanOf(dates, a, b);
    if (!test || test.endIndex - test.startIndex < steps) {
      // A last calendar period too short for one window (the data stop early in it) is left out.
      if (typeof scheme === "string" && k === periods.length - 1 && k > 0) return;
      throw new HedgelabError(
        `fold ${name}: the test period ${a}..${b} holds ${test ? test.endIndex - test.startIndex + 1 : 0} trading dates; one window of T = ${steps} steps needs ${steps + 1}`,
      );
    }
    const validationStart = addYears(test.start, -validationYears);
    const validation = spanOf(dates, validationStart, dates[test.startIndex - 1] ?? "");
    if (!validation || validation.endIndex - validation.startIndex < steps || validationStart < start)
      throw new HedgelabError(
        `fold ${name}: no ${validationYears}-year validation period before ${test.start} inside the data from ${start} (start the backtest later with --backtest FROM..)`,
      );
    const trainStart =
      trainYears === undefined ? start : maxDate(start, addYears(validation.start, -trainYears));
    const train = spanOf(dates, trainStart, dates[validation.startIndex - 1] ?? "");
    if (!train || train.endIndex - train.startIndex < steps)
      throw new HedgelabError(
        `fold ${name}: the training period before ${validation.start} holds ${train ? train.endIndex - train.startIndex + 1 : 0} trading dates from ${trainStart}; one window of T = ${steps} steps needs ${steps + 1} (start the backtest later with --backtest FROM..)`,
      );
    const previous = out[out.length - 1];
    if (previous && test.startIndex <= previous.test.endIndex)
      throw new HedgelabError(
        `fold ${name}: the test period ${test.start}..${test.end} overlaps the previous one ${previous.test.start}..${previous.test.end} (give the periods in time order, without overlap)`,
      );
    out.push({ name, train, validation, test });
  });
  return out;
}

/** A fold's periods as `data.periods` of a run's configuration (`FROM..TO`, trading dates). */
export function foldPeriods(fold: Fold): { train: string; validation: string; test: string } {
  const text = (s: DateSpan): string => `${s.start}..${s.end}`;
  return { train: text(fold.train), validation: text(fold.validation), test: text(fold.test) };
}

/** The calendar test periods between `from` and `to`, or the explicit ones with their open ends filled. */
function testPeriods(
  scheme: FoldScheme,
  from: string,
  to: string,
): { name: string; start: string; end: string }[] {
  if (typeof scheme !== "string") {
    if (scheme.length === 0) throw new HedgelabError("invalid --folds: the list of test periods is empty");
    return scheme.map((text, k) => {
      const { start, end } = parsePeriod(text, `--folds period ${k + 1}`);
      const a = start ?? from;
      const b = end ?? to;
      return { name: `${a}..${b}`, start: a, end: b };
    });
  }
  const out: { name: string; start: string; end: string }[] = [];
  const quarterly = scheme === "quarterly";
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const parts = quarterly ? [1, 2, 3, 4] : [0];
    for (const q of parts) {
      const a = quarterly ? `${year}-${pad(3 * q - 2)}-01` : `${year}-01-01`;
      const b = quarterly ? `${year}-${pad(3 * q)}-${q === 1 || q === 4 ? 31 : 30}` : `${year}-12-31`;
      if (b < from || a > to) continue;
      out.push({
        name: quarterly ? `${year}Q${q}` : String(year),
        start: maxDate(a, from),
        end: b < to ? b : to,
      });
    }
  }
  return out;
}

/** The span of `dates` inside [a, b], or undefined when it holds no date. */
function spanOf(dates: readonly string[], a: string, b: string): DateSpan | undefined {
  const startIndex = lowerBound(dates, a);
  const endIndex = lowerBound(dates, `${b}\uffff`) - 1;
  if (endIndex < startIndex) return undefined;
  return { start: dates[startIndex]!, end: dates[endIndex]!, startIndex, endIndex };
}

/** The first index whose date is ≥ `date`. */
function lowerBound(dates: readonly string[], date: string): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `date` moved by `years` calendar years (29 February to 28 February); fractional years by whole months. */
export function addYears(date: string, years: number): string {
  const months = Math.round(years * 12);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const day = Math.min(Number(date.slice(8, 10)), daysIn(year, month));
  return `${year}-${pad(month + 1)}-${pad(day)}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function invalid(flag: string, value: unknown, why: string): HedgelabError {
  return new HedgelabError(`invalid ${flag}: ${JSON.stringify(value)} (${why})`);
}
