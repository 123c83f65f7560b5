import { assertOption } from "../errors.js";
import { resolveDateSpan, spanLength, type DateSpan } from "./date-span.js";
import { createPathBatch, type PathBatch } from "./path-batch.js";
import type { PriceTable } from "./price-table.js";
import { DEFAULT_STEPS, rollingWindows } from "./rolling-windows.js";

/** Options of {@link chronologicalSplit}; defaults in {@link DEFAULT_SPLIT}. */
export interface SplitOptions {
  /** First date of the data used, ISO `YYYY-MM-DD`, inclusive. */
  readonly start?: string;
  /** Last date of the data used, ISO `YYYY-MM-DD`, inclusive. */
  readonly end?: string;
  /** Fraction of the D dates given to training, in (0, 1). */
  readonly train?: number;
  /** Fraction of the dates left after training given to validation, in [0, 1). */
  readonly validation?: number;
}

/**
 * The paper's split: the trading days 2008-09-26..2024-12-31, 70 % for training, then 20 % of the
 * remaining dates for validation (as the paper's code computes it) and the rest for testing.
 */
export const DEFAULT_SPLIT = {
  start: "2008-09-26",
  end: "2024-12-31",
  train: 0.7,
  validation: 0.2,
} as const satisfies Required<SplitOptions>;

/** Three consecutive, non-overlapping date spans, in time order: train, validation, test. */
export interface DataSplit {
  /** The first ⌊train · D⌋ dates. */
  readonly train: DateSpan;
  /** The next ⌊validation · (D − train)⌋ dates; empty (endIndex = startIndex − 1) when validation is 0. */
  readonly validation: DateSpan;
  /** The remaining dates, ending on the range's last trading date. */
  readonly test: DateSpan;
}

/**
 * Cuts the D trading dates of `table` in [start, end] into three consecutive spans:
 * train = the first ⌊train·D⌋ dates, validation = the next ⌊validation·(D − train)⌋ dates,
 * test = the rest. Windows are then built per span ({@link splitWindows}), so none crosses a boundary
 * and no test information leaks into training.
 *
 * @param options - range and fractions; see {@link DEFAULT_SPLIT} for the defaults.
 * @throws HedgelabError for a malformed or out-of-data range, a fraction outside its interval, or
 *   fractions that leave the training or (non-zero) validation span without dates.
 */
export function chronologicalSplit(table: PriceTable, options: SplitOptions = {}): DataSplit {
  const train = options.train ?? DEFAULT_SPLIT.train;
  const validation = options.validation ?? DEFAULT_SPLIT.validation;
  assertOption(
    Number.isFinite(train) && train > 0 && train < 1,
    "train",
    train,
    "must be a fraction in (0, 1)",
  );
  assertOption(
    Number.isFinite(validation) && validation >= 0 && validation < 1,
    "validation",
    validation,
    "must be a fraction in [0, 1)",
  );
  const range = resolveDateSpan(table, {
    start: options.start ?? DEFAULT_SPLIT.start,
    end: options.end ?? DEFAULT_SPLIT.end,
  });
  const total = spanLength(range);
  const trainDates = Math.floor(train * total);
  assertOption(
    trainDates >= 1,
    "train",
    train,
    `leaves no training dates: ⌊${train} × ${total}⌋ = 0 of the ${total} dates in ${range.start}..${range.end}`,
  );
  const rest = total - trainDates;
  const validationDates = Math.floor(validation * rest);
  assertOption(
    validation === 0 || validationDates >= 1,
    "validation",
    validation,
    `leaves no validation dates: ⌊${validation} × ${rest}⌋ = 0 of the ${rest} dates after training`,
  );
  // train < 1 and validation < 1 leave at least one test date: ⌊v·rest⌋ < rest for rest ≥ 1.
  const a = range.startIndex + trainDates;
  const b = a + validationDates;
  return {
    train: spanOf(table, range.startIndex, a - 1),
    validation: spanOf(table, a, b - 1),
    test: spanOf(table, b, range.endIndex),
  };
}

/** Options of {@link splitWindows}: those of `rollingWindows` but the span. */
export interface SplitWindowsOptions {
  /** The assets, in batch order (the first is the option's underlying). */
  readonly tickers: readonly string[];
  /** T, steps per window (default 30). */
  readonly steps?: number;
  /** Trading days between window starts (default 1). */
  readonly stride?: number;
  /** Level of every S_0 (default 100). */
  readonly rebase?: number;
}

/** The windows of each part of a {@link DataSplit}. */
export interface SplitBatches {
  /** Windows inside the training span, shape [N_train, T + 1, H]. */
  readonly train: PathBatch;
  /** Windows inside the validation span; N = 0 when the span holds fewer than T + 1 dates. */
  readonly validation: PathBatch;
  /** Windows inside the test span, shape [N_test, T + 1, H]. */
  readonly test: PathBatch;
}

/**
 * Rolling windows ({@link rollingWindows}) built separately inside each span of `split`, so that no
 * window crosses a boundary. The validation batch is empty (N = 0) when its span is shorter than
 * T + 1 dates (always when the validation fraction is 0).
 *
 * @throws HedgelabError from {@link rollingWindows}, including too little history for the training
 *   or test span.
 */
export function splitWindows(
  table: PriceTable,
  split: DataSplit,
  options: SplitWindowsOptions,
): SplitBatches {
  const windows = (span: DateSpan): PathBatch => rollingWindows(table, { ...options, span });
  const train = windows(split.train);
  const steps = options.steps ?? DEFAULT_STEPS;
  const validation =
    spanLength(split.validation) >= steps + 1
      ? windows(split.validation)
      : createPathBatch(
          new Float64Array(0),
          { n: 0, steps, tickers: options.tickers },
          { startDates: [], startIndex: new Int32Array(0) },
        );
  return { train, validation, test: windows(split.test) };
}

function spanOf(table: PriceTable, startIndex: number, endIndex: number): DateSpan {
  return { start: table.dates[startIndex]!, end: table.dates[endIndex]!, startIndex, endIndex };
}
