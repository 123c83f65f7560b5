import type { ReportDifferenceSurface, ReportHedgePath } from "../../src/report/report-data.js";
import { fakeSurface } from "./report-fixture.js";

/** Three windows of T = 4 days for each of two learned strategies on `hedge`, holdings of every asset. */
export function fakeHedgePaths(hedge: string[] = ["AAPL", "MSFT"]): ReportHedgePath[] {
  const paths: ReportHedgePath[] = [];
  for (const [k, source] of ["market", "regime-bs"].entries()) {
    for (let rank = 1; rank <= 3; rank++) {
      paths.push({
        hedge,
        strategy: "rnn",
        source,
        window: 10 * rank + k,
        rank,
        start: `2020-0${rank}-0${k + 1}`,
        pnl: 0.5 + (k === 0 ? 1 : -1) * (4 - rank),
        deltaPnl: 0.5,
        prices: Float64Array.from([100, 101 + rank, 99, 102, 104 - k]),
        holdings: hedge.map((_, a) => Float64Array.from([0.5, 0.6, 0.4, 0.7].map((x) => x + a))),
        deltaHoldings: Float64Array.from([0.5, 0.55, 0.45, 0.65]),
      });
    }
  }
  return paths;
}

/** Difference surfaces (3 × 2 cells) of two learned strategies on `assets`; rnn · regime-bs on the last asset has no drawable cell (its means are NaN; the counts, shared by a hedge set's surfaces, are not). */
export function fakeDifferenceSurfaces(assets: string[] = ["AAPL", "MSFT"]): ReportDifferenceSurface[] {
  return ["market", "regime-bs"].flatMap((source, k) =>
    assets.map((asset, a) => ({
      hedge: assets,
      strategy: "rnn",
      source,
      asset,
      surface:
        k === 1 && a === assets.length - 1
          ? { ...fakeSurface([0, 0, 0, 0, 0, 0]), holding: new Float64Array(6).fill(Number.NaN) }
          : fakeSurface([0.1, -0.2, 0.3, -0.4, 0.5, -0.6].map((x) => x * (a + 1) + k)),
    })),
  );
}
