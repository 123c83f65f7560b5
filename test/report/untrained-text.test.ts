import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build-report.js";
import { riskTable } from "../../src/report/risk-table.js";
import { pairedComparisonTable } from "../../src/report/paired-comparison-table.js";
import { riskText } from "../../src/report/report-text.js";
import { untrainedText } from "../../src/report/untrained-text.js";
import { fakeReportData, withPaired } from "./report-fixture.js";

/** The fixture's results paired with delta, the learned row on AAPL+MSFT marked as having kept its initial weights. */
function markedData(): ReturnType<typeof fakeReportData> {
  const data = fakeReportData();
  const results = withPaired(data.results).map((r) =>
    r.source !== undefined && r.hedge.length === 2 ? { ...r, untrained: "equals-delta" as const } : r,
  );
  return { ...data, results };
}

describe("a learned strategy that did not train, in the report", () => {
  it("is marked 'did not train: equals delta' in the risk table and the paired table", () => {
    const { results } = markedData();
    const marked = (rows: readonly (readonly (string | number)[])[]): string[] =>
      rows.map((row) => String(row[1])).filter((label) => label.includes("did not train"));
    expect(marked(riskTable(results).rows)).toEqual(["rnn · market (did not train: equals delta)"]);
    expect(marked(pairedComparisonTable(results)!.rows)).toEqual([
      "rnn · market (did not train: equals delta)",
    ]);
  });

  it("is counted apart: 'N learned strategies, of which K did not train', with why, and left out of the counts compared", () => {
    const { results } = markedData();
    const learned = results.filter((r) => r.source !== undefined).length;
    const [text] = untrainedText(results);
    expect(text).toMatch(
      new RegExp(
        `^${learned} learned strateg(y|ies), of which 1 did not train \\(rnn · market on AAPL\\+MSFT: equals delta\\)`,
      ),
    );
    expect(text).toContain("exactly the delta hedge");
    // Its hedge set's paragraph compares no learned strategy with delta.
    const msft = riskText(results).find((p) => p.startsWith("AAPL+MSFT"))!;
    expect(msft).not.toContain("learned strategies are");
    expect(msft).not.toContain("The learned strategy of least entropic risk");
    const section = buildReport({ ...markedData() }).sections.find((s) => s.id === "results")!;
    expect(section.text.at(-1)).toBe(text);
  });

  it("with every learned strategy trained, nothing is said", () => {
    expect(untrainedText(withPaired(fakeReportData().results))).toEqual([]);
  });
});
