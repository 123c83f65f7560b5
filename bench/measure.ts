/** One benchmark result: printed as a JSON line, the format of ../shared/bench/compare. */
export interface BenchResult {
  workload: string;
  median_s: number;
  repeats: number;
  [key: string]: unknown;
}

/**
 * Times `run` `repeats` times after `warmup` untimed calls and returns the median in seconds.
 * Wall clock (process.hrtime), single process: compare figures taken in one run only.
 */
export function measure(
  run: () => void,
  options: { repeats?: number; warmup?: number } = {},
): {
  median_s: number;
  repeats: number;
} {
  const { repeats = 5, warmup = 1 } = options;
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { median_s: median, repeats };
}
