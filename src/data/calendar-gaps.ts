import { assertOption, HedgelabError } from "../errors.js";
import type { DateSpan } from "./date-span.js";
import type { PriceTable } from "./price-table.js";

/**
 * Default of {@link checkCalendarGaps}: the most business days (Monday to Friday) that may be missing
 * between two consecutive dates before a run is refused. Exchange holidays miss one or two; the
 * longest closure of the NYSE since 1933, after 11 September 2001, missed four.
 */
export const DEFAULT_MAX_GAP = 10;

/** Gaps of more missing business days than this are reported (holidays miss one or two). */
export const REPORTED_GAP = 3;

/** Consecutive dates of a price table with business days missing between them. */
export interface CalendarGap {
  /** The date before the gap and the date after it. */
  from: string;
  to: string;
  /** Business days (Monday to Friday) strictly between them. */
  missing: number;
  /** Where the two dates are: a file and its 1-based lines (0 when unknown). */
  file: string;
  fromLine: number;
  toLine: number;
}

/**
 * The gaps inside `span` between consecutive dates with more than `reported` business days missing.
 * Weekends are not gaps; holidays are not known, which is why a few missing days are tolerated.
 *
 * @param reported - default {@link REPORTED_GAP}.
 */
export function findCalendarGaps(table: PriceTable, span: DateSpan, reported = REPORTED_GAP): CalendarGap[] {
  assertOption(Number.isInteger(reported) && reported >= 0, "reported", reported, "must be an integer ≥ 0");
  const gaps: CalendarGap[] = [];
  for (let d = span.startIndex + 1; d <= span.endIndex; d++) {
    const from = table.dates[d - 1]!;
    const to = table.dates[d]!;
    const missing = businessDaysBetween(from, to);
    if (missing <= reported) continue;
    const origin = table.origins.find((o) => o.lines[d - 1]! > 0 && o.lines[d]! > 0) ?? table.origins[0];
    gaps.push({
      from,
      to,
      missing,
      file: origin?.file ?? "the price table",
      fromLine: origin?.lines[d - 1] ?? 0,
      toLine: origin?.lines[d] ?? 0,
    });
  }
  return gaps;
}

/**
 * Refuses the first gap of more than `maxGap` missing business days inside `span` with one line:
 * `prices.csv lines 41 and 42: no prices from 2019-03-01 to 2019-06-03 (63 business days missing);
 * hedgelab does not fill gaps: fix the file, or allow such gaps with --max-gap 63`.
 *
 * @param maxGap - default {@link DEFAULT_MAX_GAP}.
 */
export function checkCalendarGaps(table: PriceTable, span: DateSpan, maxGap = DEFAULT_MAX_GAP): void {
  assertOption(Number.isInteger(maxGap) && maxGap >= 0, "maxGap", maxGap, "must be an integer ≥ 0");
  const gap = findCalendarGaps(table, span, maxGap)[0];
  if (!gap) return;
  const where = gap.fromLine > 0 ? `${gap.file} lines ${gap.fromLine} and ${gap.toLine}` : gap.file;
  throw new HedgelabError(
    `${where}: no prices from ${gap.from} to ${gap.to} (${gap.missing} business days missing); ` +
      `hedgelab does not fill gaps: fix the file, or allow such gaps with --max-gap ${gap.missing}`,
  );
}

/** One line reporting `gaps`, or undefined when there are none. */
export function describeCalendarGaps(gaps: readonly CalendarGap[]): string | undefined {
  if (gaps.length === 0) return undefined;
  const shown = gaps
    .slice(0, 3)
    .map((g) => `${g.from}..${g.to} (${g.missing} business days)`)
    .join(", ");
  const more = gaps.length > 3 ? `, and ${gaps.length - 3} more` : "";
  return `warning: ${gaps.length} gap${gaps.length === 1 ? "" : "s"} in the price dates longer than ${REPORTED_GAP} business days: ${shown}${more}`;
}

/** Business days (Monday to Friday) strictly between two ISO dates. */
export function businessDaysBetween(from: string, to: string): number {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`) / day;
  const end = Date.parse(`${to}T00:00:00Z`) / day;
  let count = 0;
  for (let t = start + 1; t < end; t++) {
    const weekday = (t + 4) % 7; // 1970-01-01 was a Thursday (4)
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}
