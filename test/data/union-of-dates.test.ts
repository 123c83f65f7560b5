import { describe, expect, it } from "vitest";
import { sameDates, unionOfDates } from "../../src/data/union-of-dates.js";

describe("unionOfDates", () => {
  it("returns every date of any list once, in increasing order", () => {
    expect(unionOfDates([["2024-01-03", "2024-01-05"], ["2024-01-02", "2024-01-03"], []])).toEqual([
      "2024-01-02",
      "2024-01-03",
      "2024-01-05",
    ]);
    expect(unionOfDates([])).toEqual([]);
  });

  it("sameDates compares element by element", () => {
    expect(sameDates(["2024-01-02"], ["2024-01-02"])).toBe(true);
    expect(sameDates(["2024-01-02"], ["2024-01-03"])).toBe(false);
    expect(sameDates(["2024-01-02"], [])).toBe(false);
  });
});
