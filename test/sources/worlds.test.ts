import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { loadEmbeddedPrices } from "../../src/data/load-prices.js";
import type { Cell } from "../../src/graph/cell.js";
import { executeGraph, outputOf } from "../../src/graph/execute-graph.js";
import { marketDataCell } from "../../src/market/market-cells.js";
import type { MarketData } from "../../src/market/market-data.js";
import { priceFingerprint } from "../../src/data/price-fingerprint.js";
import { sourceEntry } from "../../src/sources/registry.js";
import type { SourceRunContext } from "../../src/sources/source-entry.js";
import type { WorldParameters, WorldTrainingPaths } from "../../src/sources/world-source.js";
import { trainingPathsCodec } from "../../src/sources/paths-codec.js";

/** The training paths of a world source for AAPL+MSFT on 2015–2017 with its section `options`. */
function worldPaths(
  name: "heston" | "merton" | "rough-bergomi" | "gbm",
  section: string,
  options: Record<string, unknown>,
): WorldTrainingPaths<WorldParameters> {
  const config = resolveRunConfig({
    data: { start: "2015-01-02", end: "2017-12-29", stride: 5 },
    hedgeSets: [["AAPL", "MSFT"]],
    sources: [name],
    [section]: options,
  });
  const table = loadEmbeddedPrices();
  const market = marketDataCell(config, table, priceFingerprint(table)) as Cell<MarketData, SourceRunContext>;
  const entry = sourceEntry(name);
  const cell = entry.pathsCell({
    market,
    regimes: () => market,
    hedge: ["AAPL", "MSFT"],
    seed: config.seed,
    runSeed: config.seed,
    steps: config.data.steps,
    options: (config as unknown as Record<string, never>)[section]!,
    config,
    shared: new Map(),
  });
  return outputOf(executeGraph([cell], { context: {} }), cell) as WorldTrainingPaths<WorldParameters>;
}

describe("the simulated-world sources", () => {
  it("heston: fits each asset on the training span and writes the parameters in the description", () => {
    const out = worldPaths("heston", "heston", { paths: 300 });
    expect(out.paths.n).toBe(300);
    expect(out.paths.tickers).toEqual(["AAPL", "MSFT"]);
    expect(out.paths.values[0]).toBe(100);
    expect(out.source).toMatch(
      /^300 Heston paths \(QE scheme\), fitted on the training span 2015-01-02\.\.\S+: AAPL κ \S+ θ /,
    );
    expect(out.source).toMatch(/; C \[1, /);
    const p = out.parameters as unknown as { theta: number[] };
    // θ is the training span's return variance per year: AAPL's 2015–2017 volatility is 20–30 %.
    expect(Math.sqrt(p.theta[0]!)).toBeGreaterThan(0.15);
    expect(Math.sqrt(p.theta[0]!)).toBeLessThan(0.35);
  });

  it("heston: with fit given, uses the section's values and the same seed gives the same paths", () => {
    const a = worldPaths("heston", "heston", { fit: "given", paths: 50, kappa: 3, correlation: 0.5 });
    const b = worldPaths("heston", "heston", { fit: "given", paths: 50, kappa: 3, correlation: 0.5 });
    expect(a.source).toMatch(
      /^50 Heston paths \(QE scheme\), given: AAPL κ 3 θ 0.04 ξ 0.5 ρ -0.7 v0 0.04 μ 0; MSFT /,
    );
    expect(Array.from(a.paths.values)).toEqual(Array.from(b.paths.values));
  });

  it("heston and rough-bergomi paths carry the variance (v_0 on date 0), merton's and gbm's do not; the stored cell gives it back", () => {
    const heston = worldPaths("heston", "heston", { fit: "given", paths: 20, v0: 0.09 });
    expect(heston.paths.variance).toHaveLength(heston.paths.values.length);
    expect(heston.paths.variance![0]).toBe(0.09);
    expect(Array.from(heston.paths.variance!).every((v) => v >= 0)).toBe(true);
    const bergomi = worldPaths("rough-bergomi", "roughBergomi", { fit: "given", paths: 20 });
    expect(bergomi.paths.variance).toHaveLength(bergomi.paths.values.length);
    const codec = trainingPathsCodec();
    const files = codec.encode(heston);
    const decoded = codec.decode(files);
    expect(Array.from(decoded.paths.variance!)).toEqual(Array.from(heston.paths.variance!));
    expect(worldPaths("merton", "merton", { paths: 20 }).paths.variance).toBeUndefined();
    const gbm = worldPaths("gbm", "gbm", { paths: 20 });
    expect(gbm.paths.variance).toBeUndefined();
    // fitted on the training span: σ is the delta hedge's training volatility
    expect(gbm.source).toMatch(
      /^20 Black–Scholes paths, fitted on the training span 2015-01-02\.\.\S+: AAPL σ 0\.\d+ μ 0; MSFT σ /,
    );
  });

  it("merton and rough-bergomi: fitted on the training span, parameters in the description", () => {
    const merton = worldPaths("merton", "merton", { paths: 100 });
    expect(merton.source).toMatch(
      /^100 Merton jump-diffusion paths, fitted on .*AAPL σ \S+ λ \S+ m \S+ s \S+ μ /,
    );
    const bergomi = worldPaths("rough-bergomi", "roughBergomi", { paths: 100 });
    expect(bergomi.source).toMatch(
      /^100 rough Bergomi paths \(hybrid scheme\), fitted on .*AAPL H \S+ η \S+ ρ \S+ ξ0 /,
    );
    expect(bergomi.paths.assets).toBe(2);
  });

  it("refuses a generate folder (--paths), naming the source", () => {
    const config = resolveRunConfig({ hedgeSets: [["AAPL"]] });
    const table = loadEmbeddedPrices();
    const market = marketDataCell(config, table, priceFingerprint(table)) as Cell<
      MarketData,
      SourceRunContext
    >;
    expect(() =>
      sourceEntry("heston").pathsCell({
        market,
        regimes: () => market,
        hedge: ["AAPL"],
        seed: 1,
        runSeed: 1,
        steps: 30,
        options: config.heston as never,
        folder: "generated/x",
        config,
        shared: new Map(),
      }),
    ).toThrow("--paths takes the paths of hedgelab generate, for --data regime-bs, not heston");
  });
});
