/**
 * The sorted union of several lists of ISO dates, without repeats: the calendar of a table that
 * joins several tickers or files. ISO `YYYY-MM-DD` strings sort as dates.
 *
 * @param lists - date lists, each strictly increasing.
 * @returns the dates found in any list, strictly increasing.
 */
export function unionOfDates(lists: readonly (readonly string[])[]): string[] {
  if (lists.length === 0) return [];
  const first = lists[0]!;
  if (lists.every((list) => sameDates(list, first))) return [...first];
  const all = new Set<string>();
  for (const list of lists) for (const date of list) all.add(date);
  return [...all].sort();
}

/** True when two date lists are equal element by element. */
export function sameDates(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
