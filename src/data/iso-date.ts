/**
 * Calendar dates as hedgelab writes them: ISO `YYYY-MM-DD` strings, which sort as dates when
 * compared as strings. No time zones, no wall clock: a date is a label of a trading day.
 */

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The outcome of {@link parseIsoDate}: the date, or why the text is not one. */
export type IsoDateResult =
  | { readonly ok: true; readonly date: string }
  | { readonly ok: false; readonly reason: "format" | "calendar" };

/**
 * Reads a date written `YYYY-MM-DD`, optionally followed by a time that is dropped
 * (`2012-03-05T00:00:00`, `2012-03-05 00:00:00+00:00`; the time zone is ignored, not applied).
 *
 * @param text - the cell, surrounding spaces allowed.
 * @returns `{ ok: true, date: "YYYY-MM-DD" }`; or `reason: "format"` for any other spelling
 *   (`07/03/2012`, `2012-3-5`) and `reason: "calendar"` for a day that does not exist (`2021-02-30`).
 */
export function parseIsoDate(text: string): IsoDateResult {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return { ok: false, reason: "format" };
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: "calendar" };
  }
  return { ok: true, date: `${match[1]}-${match[2]}-${match[3]}` };
}

/** True when `text` is exactly a real calendar date `YYYY-MM-DD` (no time part). */
export function isIsoDate(text: string): boolean {
  if (text.length !== 10) return false;
  const result = parseIsoDate(text);
  return result.ok && result.date === text;
}

/** Days in `month` (1–12) of `year` in the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2 && (year % 4 === 0 ? year % 100 !== 0 || year % 400 === 0 : false)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}
