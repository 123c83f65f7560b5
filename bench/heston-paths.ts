/**
 * Workload `heston`: 100,000 Heston paths of 30 daily steps by Andersen's QE scheme (issue 24's speed
 * target: under one second), for H assets (κ 2, θ 0.04, ξ 0.8, ρ −0.7, v_0 0.04; pairwise price
 * correlation 0.5 when H > 1).
 */
import { generateHeston, type HestonParameters } from "../src/generators/heston.js";
import { createRandom } from "../src/random/random-source.js";

/** The generation of 100,000 paths of `assets` assets, as a step to time. */
export function hestonPathsStep(assets: number): () => void {
  const all = (x: number): number[] => new Array<number>(assets).fill(x);
  const params: HestonParameters = {
    tickers: Array.from({ length: assets }, (_, a) => `H${a + 1}`),
    kappa: all(2),
    theta: all(0.04),
    xi: all(0.8),
    rho: all(-0.7),
    v0: all(0.04),
    drift: all(0),
    ...(assets > 1
      ? { correlation: Array.from({ length: assets * assets }, (_, i) => (i % (assets + 1) === 0 ? 1 : 0.5)) }
      : {}),
  };
  return () => void generateHeston(params, { n: 100_000, steps: 30 }, createRandom(1));
}
