import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { HedgelabError } from "../errors.js";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import type { MarketData } from "../market/market-data.js";
import { decodeNpy } from "../data/npy.js";
import { configValue } from "../schema/config-path.js";

/**
 * The fields that decide the regime model and what the generated paths mean: a folder generated
 * under other values cannot train this run (its regimes would not be this run's).
 */
const MATCHING = [
  "seed",
  "training.seed",
  "data.prices",
  "data.priceColumn",
  "data.start",
  "data.end",
  "data.periods",
  "data.train",
  "data.validation",
  "data.steps",
  "regime.market",
  "regime.universe",
  "regime.components",
  "regime.covariances",
  "regime.restarts",
  "regime.tolerance",
];

/**
 * Reads the training paths a `hedgelab generate` folder holds (`paths.npy` [N, T + 1, H] float64,
 * `regimes.npy` [N, T] int32, `meta.json`) for the hedge set `hedge`, after checking that they were
 * made for this run: the same tickers, and the same data, split, seed and regime options (so the same
 * regime model, whose labels the validation and test windows carry), which is then confirmed on the
 * fitted mixture itself.
 *
 * @param names - how a config path is named in messages (`data.start` → `--start`).
 * @throws HedgelabError with one line naming the folder and the field or file at fault.
 */
export function loadGeneratedPaths(
  dir: string,
  config: Readonly<Record<string, unknown>>,
  hedge: readonly string[],
  data: MarketData,
  names: Readonly<Record<string, string>> = {},
): { paths: PathBatch; source: string } {
  const read = (file: string): Buffer => {
    try {
      return readFileSync(join(dir, file));
    } catch (error) {
      throw new HedgelabError(
        `--paths ${dir}: cannot read ${file} (${(error as Error).message.split(",")[0]}); give a folder written by hedgelab generate`,
      );
    }
  };
  let meta: {
    tickers?: unknown;
    steps?: unknown;
    config?: Record<string, unknown>;
    regimeModel?: { mixture?: { weights?: unknown } };
  };
  try {
    meta = JSON.parse(read("meta.json").toString("utf8")) as typeof meta;
  } catch (error) {
    if (error instanceof HedgelabError) throw error;
    throw new HedgelabError(`--paths ${dir}: meta.json is not valid JSON: ${(error as Error).message}`);
  }
  const tickers = Array.isArray(meta.tickers) ? meta.tickers.map(String) : [];
  if (tickers.map((t) => t.toUpperCase()).join("+") !== hedge.map((t) => t.toUpperCase()).join("+")) {
    throw new HedgelabError(
      `--paths ${dir} holds paths of ${tickers.join("+") || "no tickers"}, not of the hedge set ${hedge.join("+")}`,
    );
  }
  for (const path of MATCHING) {
    // File paths are compared as absolute paths (meta.json saves them so).
    const absolute = (value: unknown): unknown =>
      path === "data.prices" && Array.isArray(value) ? value.map((file) => resolve(String(file))) : value;
    const was = absolute(configValue(meta.config, path));
    const is = absolute(configValue(config, path));
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    const shown = names[path] ? `${names[path]} (${path})` : path;
    throw new HedgelabError(
      `--paths ${dir} was generated with ${shown} ${JSON.stringify(was) ?? "unset"}, this run has ${JSON.stringify(is) ?? "unset"}: ` +
        "its regime model would not be this run's; generate again with the same options",
    );
  }
  const model = data.regimes?.model;
  const weights = meta.regimeModel?.mixture?.weights;
  const k = model?.regimes ?? 0;
  if (
    !model ||
    !Array.isArray(weights) ||
    weights.length !== k ||
    weights.some((w, j) => Math.abs(Number(w) - model.mixture.weights[j]!) > 1e-12)
  ) {
    throw new HedgelabError(
      `--paths ${dir}: its regime model differs from the one fitted for this run (another hedgelab version?); generate again`,
    );
  }
  const steps = Number(configValue(config, "data.steps"));
  const paths = decodeNpy(read("paths.npy"), join(dir, "paths.npy"));
  const regimes = decodeNpy(read("regimes.npy"), join(dir, "regimes.npy"));
  const n = paths.shape[0] ?? 0;
  if (
    paths.type !== "float64" ||
    paths.shape.join(",") !== `${n},${steps + 1},${hedge.length}` ||
    regimes.type !== "int32" ||
    regimes.shape.join(",") !== `${n},${steps}`
  ) {
    throw new HedgelabError(
      `--paths ${dir}: paths.npy is ${paths.type} (${paths.shape.join(", ")}) and regimes.npy ${regimes.type} (${regimes.shape.join(", ")}); ` +
        `expected float64 (N, ${steps + 1}, ${hedge.length}) and int32 (N, ${steps})`,
    );
  }
  const labels = regimes.values as Int32Array;
  if (labels.some((r) => r < 0 || r >= k)) {
    throw new HedgelabError(`--paths ${dir}: regimes.npy has labels outside 0..${k - 1}`);
  }
  const values = paths.values as Float64Array;
  if (values.some((v) => !(v > 0 && v < Infinity))) {
    throw new HedgelabError(`--paths ${dir}: paths.npy has prices that are not finite and positive`);
  }
  return {
    paths: createPathBatch(values, { n, steps, tickers: hedge }, { regimes: labels }),
    source: `${n} regime-switching Black–Scholes paths from ${dir}, K = ${k}`,
  };
}
