import { createRandom } from "../../src/random/random-source.js";

/** Weekdays from 2019-01-01, as ISO dates. */
export function weekdays(count: number): string[] {
  const out: string[] = [];
  for (let day = Date.UTC(2019, 0, 1); out.length < count; day += 86_400_000) {
    const date = new Date(day);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) out.push(date.toISOString().slice(0, 10));
  }
  return out;
}

/** A wide CSV of two random-walk tickers, AAPL and MSFT, over `count` weekdays. */
export function wideCsv(count: number, seed = 1): string {
  const random = createRandom(seed);
  let a = 150;
  let b = 250;
  const lines = ["date,AAPL,MSFT"];
  for (const date of weekdays(count)) {
    lines.push(`${date},${a.toFixed(4)},${b.toFixed(4)}`);
    a *= Math.exp(0.015 * random.normal());
    b *= Math.exp(0.012 * random.normal());
  }
  return `${lines.join("\n")}\n`;
}

/** The arguments of a one-epoch `train` of a tiny RNN on AAPL of the `prices` CSV, into `out`. */
export function tinyTraining(prices: string, out: string, ...extra: string[]): string[] {
  return [
    "train",
    "--prices",
    prices,
    "--hedge",
    "AAPL",
    "--hidden",
    "4",
    "--epochs",
    "1",
    "--out",
    out,
    ...extra,
  ];
}
