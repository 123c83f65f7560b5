import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.js";

const fixtures = join(import.meta.dirname, "fixtures");
const dir = mkdtempSync(join(tmpdir(), "hedgelab-small-grid-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every numeric leaf of two JSON values whose relative gap exceeds `tolerance`, as `path: got vs expected`. */
function differences(got: unknown, expected: unknown, tolerance: number, path = ""): string[] {
  if (typeof expected === "number") {
    const gap =
      typeof got === "number" ? Math.abs(got - expected) / Math.max(1, Math.abs(expected)) : Infinity;
    return gap <= tolerance ? [] : [`${path}: ${String(got)} vs ${expected}`];
  }
  if (typeof expected !== "object" || expected === null)
    return got === expected ? [] : [`${path}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`];
  return Object.entries(expected).flatMap(([key, value]) =>
    differences((got as Record<string, unknown> | undefined)?.[key], value, tolerance, `${path}.${key}`),
  );
}

describe("the figures of a small study", () => {
  it("are those of main 9995a62, before the study became a graph of cells, with SigDiffusion's paths sampled in fixed blocks (every source, model and hedge set)", async () => {
    const result = await cli([
      "run",
      "--config",
      join(fixtures, "small-grid.config.json"),
      "--out",
      dir,
      "--name",
      "grid",
      "--cache",
      "none",
    ]);
    expect(result.stderr).not.toMatch(/^hedgelab:/m);
    expect(result.code).toBe(0);
    const got = JSON.parse(readFileSync(join(dir, "grid", "metrics.json"), "utf8")) as {
      split: unknown;
      training: { bestEpoch: number; stoppedEarly: boolean }[];
      results: { strategy: string }[];
    };
    const expected = JSON.parse(
      readFileSync(join(fixtures, "small-grid.metrics.json"), "utf8"),
    ) as typeof got;
    expect(got.split).toEqual(expected.split);
    expect(got.training.map((t) => [t.bestEpoch, t.stoppedEarly])).toEqual(
      expected.training.map((t) => [t.bestEpoch, t.stoppedEarly]),
    );
    expect(got.results.map((r) => r.strategy)).toEqual(expected.results.map((r) => r.strategy));
    const baseline = (r: { strategy: string }): boolean =>
      r.strategy === "delta" || r.strategy === "no-hedge";
    const gaps = expected.results.flatMap((row, k) =>
      differences(got.results[k], row, baseline(row) ? 1e-10 : 1e-5, `results.${k}`),
    );
    expect(gaps).toEqual([]);
  });
});
