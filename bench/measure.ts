/** One benchmark result: printed as a JSON line, the format `../shared/bench/compare` reads. */
export interface BenchResult {
  workload: string;
  median_s: number;
  [key: string]: unknown;
}

/** Options of {@link measure}, as the PyTorch reference's `bench` (workloads_torch.py). */
export interface MeasureOptions {
  warmup?: number;
  samples?: number;
  /** Each sample runs the step enough times to last at least this many seconds. */
  minSample?: number;
  /** Fewer samples (down to 3) when they would take longer than this in all. */
  maxTotal?: number;
}

/**
 * Times `step` as the reference does: `warmup` untimed calls, one timed call to size the samples,
 * then `samples` samples of k calls each (k so that a sample lasts ≥ `minSample` seconds); returns
 * the median seconds per call. Wall clock, one process: compare figures taken in one run only.
 */
export function measure(
  step: () => void,
  options: MeasureOptions = {},
): { median_s: number; min_s: number; max_s: number; samples: number; iters_per_sample: number } {
  const { warmup = 3, minSample = 0.5, maxTotal = 90 } = options;
  let { samples = 7 } = options;
  const now = (): number => Number(process.hrtime.bigint()) / 1e9;
  for (let i = 0; i < warmup; i++) step();
  let t0 = now();
  step();
  const one = now() - t0;
  const k = Math.max(1, Math.ceil(minSample / Math.max(one, 1e-6)));
  while (samples > 3 && samples * k * one > maxTotal) samples--;
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    t0 = now();
    for (let i = 0; i < k; i++) step();
    times.push((now() - t0) / k);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    median_s: median,
    min_s: sorted[0]!,
    max_s: sorted[sorted.length - 1]!,
    samples,
    iters_per_sample: k,
  };
}
