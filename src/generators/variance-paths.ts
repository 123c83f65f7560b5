import { createPathBatch, type PathBatch } from "../data/path-batch.js";

/**
 * Paths of a stochastic-volatility world with the instantaneous variance beside the prices: the input
 * a hedger needs to know the state (issue 24's known-answer checks). {@link withVariance} puts it in
 * the batch (`PathBatch.variance`), where the sources keep it and the RNN's `volatility` input reads it.
 *
 * Shape: `paths` [N, T + 1, H] prices; `variance` [N, T + 1, H], v_t of asset h at date t (annualised).
 */
export interface VariancePaths {
  paths: PathBatch;
  variance: Float64Array;
}

/** Joins chunks of {@link VariancePaths} along the paths (the chunks' order), prices and variance alike. */
export function joinVariancePaths(
  chunks: readonly VariancePaths[],
  steps: number,
  tickers: readonly string[],
): VariancePaths {
  if (chunks.length === 1) return chunks[0]!;
  const width = (steps + 1) * tickers.length;
  const n = chunks.reduce((s, c) => s + c.paths.n, 0);
  const values = new Float64Array(n * width);
  const variance = new Float64Array(n * width);
  let at = 0;
  for (const c of chunks) {
    values.set(c.paths.values, at * width);
    variance.set(c.variance, at * width);
    at += c.paths.n;
  }
  return { paths: createPathBatch(values, { n, steps, tickers }), variance };
}

/** The prices of `paths` with their variance in the batch (`PathBatch.variance`), shape [N, T + 1, H]. */
export function withVariance({ paths, variance }: VariancePaths): PathBatch {
  return createPathBatch(
    paths.values,
    { n: paths.n, steps: paths.steps, tickers: paths.tickers },
    { ...(paths.regimes ? { regimes: paths.regimes } : {}), variance },
  );
}
