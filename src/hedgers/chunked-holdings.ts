import { gatherPaths } from "../data/path-batch.js";
import { noGrad, tidy, type Tensor } from "../tensor/tensor.js";
import type { HedgeContext } from "./hedging-policy.js";
import type { PolicyMode } from "./neural-policy.js";

/**
 * The holdings δ [N, T, H] of a neural policy over any number of paths, in chunks of at most
 * `chunk` paths, each run in evaluation mode without gradients inside its own scope (so memory
 * stays that of one chunk). The context's per-path features (`volatility` [N, T], `features`
 * [N, T, F]) are cut to each chunk with its paths.
 *
 * @param forward - the policy's `forward` (T tensors [n, H] for a chunk of n paths).
 * @returns holdings, shape [N, T, H], in float64.
 */
export function holdingsInChunks(
  forward: (context: HedgeContext, mode: PolicyMode) => Tensor[],
  context: HedgeContext,
  chunk: number,
): Float64Array {
  const { n, steps, assets } = context.paths;
  const out = new Float64Array(n * steps * assets);
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    const part = count === n ? context : sliceContext(context, start, count);
    tidy(() =>
      noGrad(() => {
        forward(part, "eval").forEach((h, t) => {
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

/** The context of paths start..start + count − 1, per-path features included. */
function sliceContext(context: HedgeContext, start: number, count: number): HedgeContext {
  const { paths, volatility, features } = context;
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
    ...(volatility && volatility.length === paths.n * paths.steps ? { volatility: perPath(volatility) } : {}),
    ...(features ? { features: perPath(features) } : {}),
  };
}
