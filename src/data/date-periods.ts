import { HedgelabError } from "../errors.js";
import { isIsoDate } from "./iso-date.js";
import { resolveDateSpan, spanLength, type DateSpan } from "./date-span.js";
import type { DataSplit } from "./chronological-split.js";
import type { PriceTable } from "./price-table.js";

/** The parts of a split, in time order. */
export const PERIOD_NAMES = ["train", "validation", "test"] as const;
/** A part of a split. */
export type PeriodName = (typeof PERIOD_NAMES)[number];

/**
 * Periods of a split given as dates, each `FROM..TO` (ISO dates, both inclusive):
 * `{ train: "2008-09-26..2019-12-31", validation: "2020-01-02..2020-12-31", test: "2021-01-04..2024-12-31" }`.
 * An open start (`..TO`) means the first date of the data for `train`, the trading day after the
 * previous period for `validation` and `test`; an open end (`FROM..`) is allowed for `test` only and
 * means the last date of the data. `test` defaults to `..` (every date after the previous period).
 */
export interface PeriodOptions {
  readonly train: string;
  /** Optional: without it there are no validation windows. */
  readonly validation?: string;
  /** Default `..`: from the trading day after validation (or training) to the data's last date. */
  readonly test?: string;
}

/** A period as written, split into its ends (undefined = open). */
export interface PeriodText {
  readonly start: string | undefined;
  readonly end: string | undefined;
}

const PERIOD = /^\s*(\d{4}-\d{2}-\d{2})?\s*\.\.\s*(\d{4}-\d{2}-\d{2})?\s*$/;

/** True when `text` is written `FROM..TO` with optional ends (not checked against a calendar). */
export function isPeriodText(text: string): boolean {
  return PERIOD.test(text);
}

/**
 * Reads `FROM..TO` (either end may be omitted).
 *
 * @param name - the option's name in messages (`data.periods.test`).
 * @throws HedgelabError `invalid data.periods.test: "2021-13-01..2024" (expected FROM..TO with dates YYYY-MM-DD)`.
 */
export function parsePeriod(text: string, name: string): PeriodText {
  const match = PERIOD.exec(text);
  const bad = (why: string): HedgelabError =>
    new HedgelabError(`invalid ${name}: ${JSON.stringify(text)} (${why})`);
  if (!match) throw bad("expected FROM..TO with dates YYYY-MM-DD");
  const [, start, end] = match;
  for (const date of [start, end])
    if (date !== undefined && !isIsoDate(date)) throw bad(`${date} is not a calendar date`);
  if (start !== undefined && end !== undefined && start > end) throw bad(`${start} is after ${end}`);
  return { start, end };
}

/** The span and its text, for messages. */
function describe(span: DateSpan): string {
  return `${span.start}..${span.end}`;
}

/** Options of {@link resolvePeriod}. */
export interface ResolvePeriodOptions {
  /** The option's name in messages (`data.periods.test`). */
  name: string;
  /** T: the period must hold at least T + 1 dates. */
  steps: number;
  /** Whether the end may be left open (then the data's last date); default false. */
  openEnd?: boolean;
  /** The period this one must follow (an open start means the trading day after it). */
  after?: { part: string; span: DateSpan };
}

/**
 * The trading dates of `table` inside the period `text` (`FROM..TO`), checked: inside the data,
 * after `options.after` without overlapping it, and holding at least one window (T + 1 dates). An
 * open start is the data's first date, or the trading day after `options.after`.
 *
 * @throws HedgelabError `invalid data.periods.test: "2025-01-02..2025-01-20" (2025-01-02..2025-01-20 holds 13 trading dates …; one window of T = 30 steps needs 31)`.
 */
export function resolvePeriod(table: PriceTable, text: string, options: ResolvePeriodOptions): DateSpan {
  const { name, steps, openEnd = false, after: previous } = options;
  const fail = (why: string): never => {
    throw new HedgelabError(`invalid ${name}: ${JSON.stringify(text)} (${why})`);
  };
  const range = parsePeriod(text, name);
  if (range.end === undefined && !openEnd) fail("give its last date: only the test period may be open-ended");
  let start = range.start;
  if (start === undefined && previous) {
    const next = table.dates[previous.span.endIndex + 1];
    if (next === undefined)
      fail(`no dates are left after the ${previous.part} period ${describe(previous.span)}`);
    start = next;
  }
  if (start !== undefined && range.end !== undefined && start > range.end)
    fail(`no dates are left in it after the ${previous!.part} period ${describe(previous!.span)}`);
  let span: DateSpan | undefined;
  try {
    span = resolveDateSpan(table, { start, end: range.end });
  } catch (error) {
    if (error instanceof HedgelabError) fail(error.message);
    throw error;
  }
  if (previous && span!.startIndex <= previous.span.endIndex) {
    const before = span!.endIndex < previous.span.startIndex;
    fail(
      before
        ? `it comes before the ${previous.part} period ${describe(previous.span)}: periods go in the order train, validation, test`
        : `it overlaps the ${previous.part} period ${describe(previous.span)}`,
    );
  }
  const dates = spanLength(span!);
  if (dates < steps + 1) {
    fail(
      `${describe(span!)} holds ${dates} trading date${dates === 1 ? "" : "s"} of the data ` +
        `(${table.dates[0]}..${table.dates[table.dates.length - 1]}); one window of T = ${steps} steps needs ${steps + 1}`,
    );
  }
  return span!;
}

/**
 * Cuts `table` into the periods given as dates: each period is the trading dates inside its range;
 * periods must lie inside the data, be in the order train, validation, test, not overlap, and
 * each hold at least one window of T + 1 dates (`steps` + 1). Gaps between periods are allowed
 * (their dates belong to no period).
 *
 * @param names - how to name each period in messages; default `data.periods.<part>`.
 * @throws HedgelabError with one line naming the period: out of the data, unordered, overlapping,
 *   or shorter than one window.
 */
export function periodSplit(
  table: PriceTable,
  periods: PeriodOptions,
  steps: number,
  names: Partial<Record<PeriodName, string>> = {},
): DataSplit {
  let previous: { part: PeriodName; span: DateSpan } | undefined;
  const spans: Partial<Record<PeriodName, DateSpan>> = {};
  for (const part of PERIOD_NAMES) {
    const text = part === "test" ? (periods.test ?? "..") : periods[part];
    if (text === undefined) continue;
    const span = resolvePeriod(table, text, {
      name: names[part] ?? `data.periods.${part}`,
      steps,
      openEnd: part === "test",
      ...(previous ? { after: previous } : {}),
    });
    spans[part] = span;
    previous = { part, span };
  }
  const train = spans.train!;
  // Without a validation period: an empty span right after training (no validation windows).
  const validation = spans.validation ?? {
    start: table.dates[train.endIndex + 1]!,
    end: train.end,
    startIndex: train.endIndex + 1,
    endIndex: train.endIndex,
  };
  return { train, validation, test: spans.test! };
}
