/** The first `count` weekdays from 2019-01-01, as ISO dates (the calendar of the CLI tests' price files). */
export function weekdays(count: number): string[] {
  const out: string[] = [];
  for (let day = Date.UTC(2019, 0, 1); out.length < count; day += 86_400_000) {
    const date = new Date(day);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) out.push(date.toISOString().slice(0, 10));
  }
  return out;
}
