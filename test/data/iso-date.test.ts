import { describe, expect, it } from "vitest";
import { isIsoDate, parseIsoDate } from "../../src/data/iso-date.js";

describe("parseIsoDate", () => {
  it("reads YYYY-MM-DD and drops a trailing time and zone", () => {
    expect(parseIsoDate("2012-03-05")).toEqual({ ok: true, date: "2012-03-05" });
    expect(parseIsoDate(" 2012-03-05T00:00:00 ")).toEqual({ ok: true, date: "2012-03-05" });
    expect(parseIsoDate("2012-03-05 00:00:00+00:00")).toEqual({ ok: true, date: "2012-03-05" });
    expect(parseIsoDate("2012-03-05 00:00:00-05:00")).toEqual({ ok: true, date: "2012-03-05" });
  });

  it("calls other spellings a format error", () => {
    for (const text of ["07/03/2012", "2012-3-5", "20120305", "", "2012-03-05x"]) {
      expect(parseIsoDate(text)).toEqual({ ok: false, reason: "format" });
    }
  });

  it("calls days that do not exist a calendar error, leap years included", () => {
    expect(parseIsoDate("2021-02-30")).toEqual({ ok: false, reason: "calendar" });
    expect(parseIsoDate("2021-02-29")).toEqual({ ok: false, reason: "calendar" });
    expect(parseIsoDate("2100-02-29")).toEqual({ ok: false, reason: "calendar" });
    expect(parseIsoDate("2021-13-01")).toEqual({ ok: false, reason: "calendar" });
    expect(parseIsoDate("2020-02-29").ok).toBe(true);
    expect(parseIsoDate("2000-02-29").ok).toBe(true);
  });
});

describe("isIsoDate", () => {
  it("accepts only an exact, real YYYY-MM-DD date", () => {
    expect(isIsoDate("2024-12-31")).toBe(true);
    expect(isIsoDate("2024-12-31T00:00:00")).toBe(false);
    expect(isIsoDate("2024-02-30")).toBe(false);
    expect(isIsoDate(" 2024-12-31")).toBe(false);
  });
});
