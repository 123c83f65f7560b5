import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import type { CellCodec } from "../graph/cell.js";
import { arrayFile, bytesOf, textFile } from "../graph/cell-files.js";

/**
 * Paths with what goes with them, stored as `paths.f64` (the prices [N, T + 1, H],
 * little-endian float64), `regimes.i32` (labels [N, T], when present), `variance.f64` (a world's
 * variance [N, T + 1, H], when present) and `paths.json` (shape, tickers and the `extra` fields).
 *
 * @param rebuild - the output from the decoded paths and the JSON.
 */
export function pathsCodec<T extends { paths: PathBatch }>(
  extra: (value: T) => Record<string, unknown>,
  rebuild: (paths: PathBatch, meta: Record<string, unknown>) => T,
): CellCodec<T> {
  return {
    encode: (value) => {
      const { paths } = value;
      return {
        "paths.f64": bytesOf(paths.values),
        ...(paths.regimes ? { "regimes.i32": bytesOf(paths.regimes) } : {}),
        ...(paths.variance ? { "variance.f64": bytesOf(paths.variance) } : {}),
        "paths.json": JSON.stringify({
          ...extra(value),
          n: paths.n,
          steps: paths.steps,
          tickers: paths.tickers,
        }),
      };
    },
    decode: (files) => {
      const meta = JSON.parse(textFile(files, "paths.json")) as Record<string, unknown> & {
        n: number;
        steps: number;
        tickers: string[];
      };
      const shape = { n: meta.n, steps: meta.steps, tickers: meta.tickers };
      const count = meta.n * (meta.steps + 1) * meta.tickers.length;
      const values = arrayFile(files, "paths.f64", Float64Array, count);
      const regimes =
        files["regimes.i32"] !== undefined
          ? arrayFile(files, "regimes.i32", Int32Array, meta.n * meta.steps)
          : undefined;
      const variance =
        files["variance.f64"] !== undefined
          ? arrayFile(files, "variance.f64", Float64Array, count)
          : undefined;
      return rebuild(
        createPathBatch(values, shape, {
          ...(regimes ? { regimes } : {}),
          ...(variance ? { variance } : {}),
        }),
        meta,
      );
    },
  };
}

/** {@link pathsCodec} of training paths with their description. */
export function trainingPathsCodec(): CellCodec<{ paths: PathBatch; source: string }> {
  return pathsCodec(
    (value) => ({ source: value.source }),
    (paths, meta) => ({ paths, source: String(meta.source) }),
  );
}
