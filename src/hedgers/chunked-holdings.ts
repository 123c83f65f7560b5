import { gatherPaths } from "../data/path-batch.js";
import { noGrad, tidy, type Tensor } from "../tensor/tensor.js";
import type { HedgeContext } from "./hedging-policy.js";

/** Paths per chunk when a neural policy evaluates many paths. */
export const EVAL_CHUNK = 4096;

/**
 * Runs a differentiable policy `forward` on the context's paths without gradients, `EVAL_CHUNK`
 * paths at a time (bounded memory), and gathers the T holdings tensors [N_chunk, H] into one
 * array. The context's per-path features (`volatility` [N, T], `features` [N, T, F]) are cut to
 * each chunk with its paths.
 *
 * @returns holdings, shape [N, T, H], in float64.
 */
export function chunkedHoldings(
  context: HedgeContext,
  forward: (chunk: HedgeContext) => Tensor[],
): Float64Array {
  const { n, steps, assets } = context.paths;
  const out = new Float64Array(n * steps * assets);
  for (let start = 0; start < n; start += EVAL_CHUNK) {
    const count = Math.min(EVAL_CHUNK, n - start);
    const chunk = count === n ? context : sliceContext(context, start, count);
    tidy(() =>
      noGrad(() => {
        forward(chunk).forEach((h, t) => {
          const v = h.values();
          for (let i = 0; i < count; i++) {
            for (let a = 0; a < assets; a++) out[((start + i) * steps + t) * assets + a] = v[i * assets + a]!;
          }
        });
      }),
    );
  }
  return out;
}

/** The context of paths start..start + count − 1, features included. */
function sliceContext(context: HedgeContext, start: number, count: number): HedgeContext {
  const { paths, volatility, features } = context;
  const steps = paths.steps;
  const perPath = (values: Float64Array): Float64Array => {
    const width = values.length / paths.n;
    return values.subarray(start * width, (start + count) * width);
  };
  return {
    ...context,
    paths: gatherPaths(
      paths,
      Array.from({ length: count }, (_, k) => start + k),
    ),
    ...(volatility && volatility.length === paths.n * steps ? { volatility: perPath(volatility) } : {}),
    ...(features ? { features: perPath(features) } : {}),
  };
}
