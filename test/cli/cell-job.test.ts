import { describe, expect, it } from "vitest";
import { cellJobId, parseCellJob, studySpecPath } from "../../src/cli/cell-job.js";

const STUDY = "0123456789abcdef";
const CELL = "cb72c3bad7cc4a6d59c8";

describe("parseCellJob", () => {
  it("accepts a study key, a cell id and a kind, nothing else", () => {
    expect(parseCellJob({ study: STUDY, cell: CELL, kind: "regime-bs-paths" })).toEqual({
      job: { study: STUDY, cell: CELL, kind: "regime-bs-paths" },
    });
  });
  it.each([
    [
      { study: STUDY, cell: "../../etc/passwd", kind: "training" },
      "invalid job: cell: a hexadecimal cell id",
    ],
    [{ study: "/tmp/x", cell: CELL, kind: "training" }, "invalid job: study: a hexadecimal study key"],
    [{ study: STUDY, cell: CELL, kind: "../training" }, "invalid job: kind: a cell kind"],
    [{ study: STUDY, cell: CELL, kind: "training", spec: "/etc/passwd" }, "invalid job: "],
    [{ study: STUDY, cell: CELL }, "invalid job: kind: "],
    ["rm -rf /", "invalid job: "],
  ])("refuses %j with one line", (data, start) => {
    const parsed = parseCellJob(data);
    expect("error" in parsed && parsed.error.startsWith(start)).toBe(true);
    expect("error" in parsed && parsed.error.includes("\n")).toBe(false);
  });
});

describe("job ids and spec paths", () => {
  it("prefix a job's id with its study's key and keep the spec inside the store", () => {
    expect(cellJobId(STUDY, CELL)).toBe(`${STUDY}-${CELL}`);
    expect(studySpecPath(STUDY)).toBe(`queue-studies/${STUDY}.json`);
  });
});
