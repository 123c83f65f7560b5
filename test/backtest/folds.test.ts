import { describe, expect, it } from "vitest";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import { addYears, foldPeriods, walkForwardFolds, type Fold } from "../../src/backtest/folds.js";

const dates = loadEmbeddedPrices().dates;

/** Every span of a fold non-empty, in order and without overlap; the test periods in order too. */
function expectOrdered(folds: readonly Fold[], steps = 30): void {
  folds.forEach((fold, k) => {
    for (const span of [fold.train, fold.validation, fold.test]) {
      expect(span.endIndex - span.startIndex).toBeGreaterThanOrEqual(steps);
      expect(dates[span.startIndex]).toBe(span.start);
      expect(dates[span.endIndex]).toBe(span.end);
    }
    expect(fold.train.endIndex).toBeLessThan(fold.validation.startIndex);
    expect(fold.validation.endIndex).toBeLessThan(fold.test.startIndex);
    if (k > 0) expect(folds[k - 1]!.test.endIndex).toBeLessThan(fold.test.startIndex);
  });
}

describe("walkForwardFolds", () => {
  it("cuts the embedded data into the years 2012…2024, each validated on the year before and trained on all before that", () => {
    const folds = walkForwardFolds(dates, { start: "2008-09-26", steps: 30 });
    expect(folds.map((f) => f.name)).toEqual(Array.from({ length: 13 }, (_, k) => String(2012 + k)));
    expectOrdered(folds);
    for (const fold of folds) {
      const year = Number(fold.name);
      expect(fold.test.start.slice(0, 4)).toBe(String(year));
      expect(fold.test.end.slice(0, 4)).toBe(String(year));
      expect(fold.validation.start.slice(0, 4)).toBe(String(year - 1));
      expect(fold.validation.end.slice(0, 4)).toBe(String(year - 1));
      expect(fold.train.start).toBe("2008-09-26");
      // The training period runs to the trading day before validation.
      expect(fold.train.endIndex + 1).toBe(fold.validation.startIndex);
      expect(fold.validation.endIndex + 1).toBe(fold.test.startIndex);
    }
    expect(foldPeriods(folds[0]!)).toEqual({
      train: "2008-09-26..2010-12-31",
      validation: "2011-01-03..2011-12-30",
      test: "2012-01-03..2012-12-31",
    });
  });

  it("slides the training span with trainYears and lengthens validation with validationYears", () => {
    const folds = walkForwardFolds(dates, {
      start: "2008-09-26",
      trainYears: 3,
      validationYears: 2,
      steps: 30,
    });
    expectOrdered(folds);
    const last = folds[folds.length - 1]!;
    expect(last.validation.start).toBe("2022-01-03");
    expect(last.train.start >= addYears(last.validation.start, -3)).toBe(true);
    expect(last.train.start < "2019-01-10").toBe(true);
  });

  it("cuts quarters and explicit periods, filling open ends", () => {
    const quarters = walkForwardFolds(dates, { folds: "quarterly", from: "2023-01-01", steps: 30 });
    expect(quarters.map((f) => f.name)).toEqual([
      "2023Q1",
      "2023Q2",
      "2023Q3",
      "2023Q4",
      "2024Q1",
      "2024Q2",
      "2024Q3",
      "2024Q4",
    ]);
    expectOrdered(quarters);
    expect(quarters[1]!.validation.start >= "2022-04-01").toBe(true);
    const explicit = walkForwardFolds(dates, {
      folds: ["2020-01-01..2021-06-30", "2023-01-01.."],
      steps: 30,
    });
    expect(explicit.map((f) => [f.test.start, f.test.end])).toEqual([
      ["2020-01-02", "2021-06-30"],
      ["2023-01-03", "2024-12-31"],
    ]);
  });

  it("drops a last calendar period shorter than a window, and stops at `to`", () => {
    const folds = walkForwardFolds(dates, { from: "2023-01-01", to: "2024-01-20", steps: 30 });
    expect(folds.map((f) => f.name)).toEqual(["2023"]);
  });

  it("refuses overlapping or too short periods, and a start that leaves no validation, with one line naming the fold", () => {
    expect(() =>
      walkForwardFolds(dates, { folds: ["2020-01-01..2021-06-30", "2021-01-01..2021-12-31"] }),
    ).toThrow(
      /^fold 2021-01-01..2021-12-31: the test period 2021-01-04..2021-12-31 overlaps the previous one/,
    );
    expect(() => walkForwardFolds(dates, { folds: ["2020-01-01..2020-01-20"] })).toThrow(
      /the test period 2020-01-01..2020-01-20 holds 12 trading dates; one window of T = 30 steps needs 31/,
    );
    expect(() => walkForwardFolds(dates, { from: "2004-06-01" })).toThrow(
      /^fold 2004: no 1-year validation period/,
    );
    expect(() => walkForwardFolds(dates, { from: "2030-01-01" })).toThrow(/has no test period/);
    expect(() => walkForwardFolds(dates, { folds: ["2020-13-01..2021-01-01"] })).toThrow(
      /invalid --folds period 1/,
    );
  });

  it("moves dates by calendar years and months", () => {
    expect(addYears("2024-02-29", -1)).toBe("2023-02-28");
    expect(addYears("2012-01-03", -1)).toBe("2011-01-03");
    expect(addYears("2012-01-31", -0.25)).toBe("2011-10-31");
  });
});
