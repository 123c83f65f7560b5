import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { studyOf, type StudySpec } from "../../src/cli/cell-children.js";
import { PRICE_TABLE_JSON, priceTableFromJson, priceTableToJson } from "../../src/cli/price-table-json.js";
import { queuedSpec } from "../../src/cli/queue-cells.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { cellsInOrder } from "../../src/graph/cell.js";
import { loadRunInputs } from "../../src/study/run-study.js";
import { wideCsv } from "./price-csv.js";

const dir = mkdtempSync(join(tmpdir(), "hedgelab-price-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("priceTableToJson", () => {
  it("round-trips a table, NaN prices through null, and passes its schema", () => {
    const table = {
      dates: ["2020-01-02", "2020-01-03"],
      tickers: ["A"],
      prices: [Float64Array.from([1.5, NaN])],
      origins: [{ file: "a.csv", lines: Int32Array.from([2, 0]), column: "Close" }],
    };
    const json = priceTableToJson(table);
    expect(json.prices).toEqual([[1.5, null]]);
    expect(PRICE_TABLE_JSON.parse(JSON.parse(JSON.stringify(json)))).toEqual(json);
    expect(priceTableFromJson(json)).toEqual(table);
  });
});

describe("queuedSpec", () => {
  it("carries the prices of a configuration's files as data, with the same cells as the files", () => {
    const file = join(dir, "prices.csv");
    writeFileSync(file, wideCsv(900));
    const config = resolveRunConfig({
      data: { prices: [file] },
      hedgeSets: [["AAPL"]],
      strategies: ["delta"],
    });
    const spec: StudySpec = { command: "run", config };
    const ids = (s: StudySpec): string[] => cellsInOrder(studyOf(s).targets).map((c) => c.id);
    const fromFiles = ids(spec);
    const queued = queuedSpec(spec, loadRunInputs(config));
    expect(queued.prices?.tickers).toEqual(["AAPL", "MSFT"]);
    rmSync(file); // the queued spec reads no file
    expect(ids(JSON.parse(JSON.stringify(queued)) as StudySpec)).toEqual(fromFiles);
  });
  it("leaves a study on the embedded data as it is", () => {
    const spec: StudySpec = { command: "run", config: resolveRunConfig({}) };
    expect(queuedSpec(spec, {})).toEqual(spec);
  });
});
