import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hedgelab-residual-base-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The paired differences (rnn − delta) of a quick AAPL run with `extra` flags. */
async function pairedOf(name: string, ...extra: string[]): Promise<number[]> {
  const result = await cli([
    ...["run", "--hedge", "AAPL", "--strategies", "delta,rnn", "--hidden", "4", "--epochs", "1"],
    ...["--learning-rate", "1e-9", "--stride", "5", "--start", "2015-01-01", "--end", "2017-12-31"],
    ...["--cache", "none", "--out", dir, "--name", name, ...extra],
  ]);
  expect(result.stderr).not.toMatch(/^hedgelab:/m);
  expect(result.code).toBe(0);
  const metrics = JSON.parse(readFileSync(join(dir, name, "metrics.json"), "utf8")) as {
    results: { strategy: string; paired?: { differences: { metric: string; estimate: number }[] } }[];
  };
  const rnn = metrics.results.find((r) => r.strategy.startsWith("rnn"))!;
  return rnn.paired!.differences.map((d) => d.estimate);
}

describe("the residual base under --vol-source", () => {
  it("is the delta of the table's own volatility source: a residual model that barely moved equals that delta (realized, implied)", async () => {
    for (const source of ["realized", "implied"]) {
      const differences = await pairedOf(source, "--vol-source", source);
      expect(differences.length).toBeGreaterThan(0);
      for (const d of differences) expect(Math.abs(d)).toBeLessThan(1e-6);
    }
  });
});
