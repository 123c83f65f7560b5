import { describe, expect, it } from "vitest";
import { resultsSummaryText } from "../../src/report/summary-text.js";
import { formatNumber } from "../../src/report/risk-table.js";
import { hedgeLabel, strategyLabel, type ReportResult } from "../../src/report/report-data.js";
import { fakeResult, withPaired } from "./report-fixture.js";

/** Five hedge sets with delta, no hedge and two learned strategies each, of P&L varying with the set. */
function fiveSets(): ReportResult[] {
  const hedges = [["A"], ["A", "B"], ["A", "B", "C"], ["A", "B", "C", "D"], ["A", "B", "C", "D", "E"]];
  return withPaired(
    hedges.flatMap((hedge, h) => [
      fakeResult(hedge, "delta", -1, 1, 1),
      fakeResult(hedge, "no-hedge", -2, 6, 2),
      fakeResult(hedge, "rnn", -0.8 - 0.05 * h, 0.6 + 0.1 * h, 10 + h, "market"),
      fakeResult(hedge, "sigformer", -1, 1.1 + 0.2 * h, 20 + h, "market"),
    ]),
  );
}

const sentences = (lines: readonly string[]): string[] =>
  lines.flatMap((line) => line.split(/(?<=\.) (?=[A-Z])/)).map((s) => s.trim());

describe("resultsSummaryText", () => {
  const results = fiveSets();
  const lines = resultsSummaryText(results);

  it("says what every hedge set shares once: the windows, the pairing and its intervals, the learned strategies", () => {
    expect(lines[0]).toMatch(/^All 5 hedge sets are scored on the same test windows/);
    expect(lines[0]).toContain("400 windows, 95% jackknife-t intervals, 20 blocks of 20 windows");
    expect(lines[0]).toContain("the same 2 learned strategies in each (rnn · market, sigformer · market)");
    const text = lines.join(" ");
    expect(text.match(/jackknife-t/g)).toHaveLength(1);
    expect(text.match(/scored on the same test windows/g)).toHaveLength(1);
  });

  it("repeats no sentence across hedge sets", () => {
    const all = sentences(lines);
    expect(new Set(all).size).toBe(all.length);
    // Each hedge set is named in exactly one sentence of its own.
    const own = lines.filter((l) => l.includes(": lowest entropic risk"));
    for (const hedge of [...new Set(results.map((r) => hedgeLabel(r.hedge)))]) {
      const naming = own.filter((l) =>
        l
          .split(": lowest")[0]!
          .split(/, | and /)
          .includes(hedge),
      );
      expect(naming, hedge).toHaveLength(1);
    }
  });

  it("gives each hedge set its own numbers: lowest entropic risk and the best learned strategy's paired differences", () => {
    for (const hedge of [...new Set(results.map((r) => hedgeLabel(r.hedge)))]) {
      const rows = results.filter((r) => hedgeLabel(r.hedge) === hedge);
      const own = lines.find((l) => l.startsWith(`${hedge}: `))!;
      const lowest = rows.reduce((a, b) => (b.summary.entropicRisk < a.summary.entropicRisk ? b : a));
      expect(own).toContain(
        `lowest entropic risk ${strategyLabel(lowest)}'s, ${formatNumber(lowest.summary.entropicRisk)}`,
      );
      const learned = rows.filter((r) => r.paired);
      const entropic = (r: ReportResult) => r.paired!.differences.find((d) => d.metric === "entropic")!;
      const best = learned.reduce((a, b) => (entropic(b).estimate < entropic(a).estimate ? b : a));
      const d = entropic(best);
      expect(own).toContain(`least Δentropic among the learned, ${strategyLabel(best)}: Δentropic`);
      expect(own).toContain(`[${formatNumber(d.lower)}, ${formatNumber(d.upper)}]`);
    }
  });

  it("states a pattern of verdict counts once, with every hedge set it holds for", () => {
    const counts = lines.filter((l) => l.startsWith("On "));
    const named = counts.join(" ");
    expect(counts.length).toBeGreaterThanOrEqual(1);
    for (const line of counts)
      expect(line).toMatch(/entropic risk \d+ of 2 below delta, \d+ above, \d+ not separated/);
    // Identical outcomes are grouped: two sets with the very same P&L share one sentence.
    const twins = withPaired([
      fakeResult(["A"], "delta", -1, 1, 1),
      fakeResult(["A"], "rnn", -0.5, 0.5, 3, "market"),
      fakeResult(["B"], "delta", -1, 1, 1),
      fakeResult(["B"], "rnn", -0.5, 0.5, 3, "market"),
    ]);
    const text = resultsSummaryText(twins);
    const grouped = text.filter((l) => l.startsWith("On "));
    expect(grouped).toHaveLength(1);
    expect(grouped[0]).toMatch(/^On every hedge set, of the learned strategies: /);
    // …and so does their own sentence, said once for both.
    expect(text.filter((l) => l.includes(": lowest entropic risk"))).toEqual([
      expect.stringMatching(/^A and B: lowest entropic risk rnn · market's/),
    ]);
    expect(named.length).toBeGreaterThan(0);
  });

  it("writes only the per-set sentences without a learned strategy", () => {
    const baselines = resultsSummaryText(results.filter((r) => r.source === undefined));
    // The delta hedge has the same P&L on every set here: one sentence names them all.
    expect(baselines).toEqual([
      expect.stringMatching(/^A, A\+B, A\+B\+C, A\+B\+C\+D and A\+B\+C\+D\+E: lowest entropic risk delta's/),
    ]);
  });
});
