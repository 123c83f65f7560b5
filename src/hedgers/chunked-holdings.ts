import { gatherPaths } from "../data/path-batch.js";
import { noGrad, tidy, type Tensor } from "../tensor/tensor.js";
import type { HedgeContext } from "./hedging-policy.js";
import type { PolicyMode } from "./neural-policy.js";

/**
 * The holdings δ [N, T, H] of a neural policy over any number of paths, in chunks of at most
 * `chunk` paths, each run in evaluation mode without gradients inside its own scope (so memory
 * stays that of one chunk).
 *
 * @param forward - the policy's `forward` (T tensors [n, H] for a chunk of n paths).
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
    const paths =
      count === n
        ? context.paths
        : gatherPaths(
            context.paths,
            Array.from({ length: count }, (_, k) => start + k),
          );
    tidy(() =>
      noGrad(() => {
        forward({ ...context, paths }, "eval").forEach((h, t) => {
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
