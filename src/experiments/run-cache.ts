import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import type { PriceTable } from "../data/price-table.js";
import { loadModelPolicy, modelFileOf, parseModelFile } from "./model-file.js";
import type { RunConfig, SourceName } from "./run-config.js";
import type { TrainedPolicy } from "./train-policy.js";
import { VERSION } from "./version.js";

/**
 * A folder of generated training paths and trained models, each stored under the hash of what made
 * it (configuration, data, seed, hedgelab version), so that a re-run, a run with other evaluation
 * options, or a resumed run reuses them instead of generating and training again. Every file is
 * written to a temporary name and renamed, so an interrupted write never leaves a readable entry.
 */
export interface RunCache {
  /** The cache folder (default `<out>/.cache`). */
  dir: string;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** SHA-256 of {@link stableJson}, as 20 hexadecimal characters. */
export function hashOf(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("hex").slice(0, 20);
}

/** SHA-256 of a price table's dates, tickers and prices: two tables with the same numbers share it. */
export function priceFingerprint(table: PriceTable): string {
  const hash = createHash("sha256");
  hash.update(table.dates.join(","));
  hash.update(table.tickers.join(","));
  for (const column of table.prices)
    hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  return hash.digest("hex").slice(0, 20);
}

/**
 * What determines a learned strategy's training on one source and hedge set: the data (by
 * fingerprint), the periods, the option, the architecture, the training options, the loss's risk
 * aversion and cost, the source's own options, the seed and hedgelab's version. Evaluation-only
 * settings (bootstrap, levels, premium, the delta hedge's) are left out, so that changing them reuses
 * the trained model.
 */
export function trainingIdentity(
  config: RunConfig,
  source: SourceName,
  strategy: string,
  hedge: readonly string[],
  fingerprint: string,
): Record<string, unknown> {
  return {
    ...dataIdentity(config, fingerprint),
    option: config.option,
    hedge,
    strategy,
    source,
    ...(source === "regime-bs" ? { regime: config.regime } : {}),
    ...(source === "sigdiffusion" ? { sigdiffusion: config.sigdiffusion } : {}),
    ...(strategy.startsWith("sigformer") ? { sigformer: config.sigformer } : { rnn: config.rnn }),
    policy: config.policy,
    training: { ...config.training, data: source },
    riskAversion: config.evaluation.riskAversion,
    cost: config.evaluation.cost,
    seed: config.seed,
  };
}

/** What determines a source's generated training paths for one hedge set. */
export function pathsIdentity(
  config: RunConfig,
  source: SourceName,
  hedge: readonly string[],
  fingerprint: string,
): Record<string, unknown> {
  return {
    ...dataIdentity(config, fingerprint),
    hedge,
    source,
    ...(source === "sigdiffusion" ? { sigdiffusion: config.sigdiffusion } : { regime: config.regime }),
    seed: config.training.seed ?? config.seed,
  };
}

/** The data part of an identity: the prices by fingerprint (not by file name), periods and windows, version. */
function dataIdentity(config: RunConfig, fingerprint: string): Record<string, unknown> {
  const { prices: _prices, impliedVolatility: _implied, ...data } = config.data;
  return { hedgelab: VERSION, fingerprint, data };
}

/** The generated paths stored under `key`, or undefined. */
export function readCachedPaths(
  cache: RunCache,
  key: string,
): { paths: PathBatch; source: string } | undefined {
  const meta = join(cache.dir, `${key}.paths.json`);
  const bin = join(cache.dir, `${key}.paths.bin`);
  if (!existsSync(meta) || !existsSync(bin)) return undefined;
  const info = JSON.parse(readFileSync(meta, "utf8")) as {
    n: number;
    steps: number;
    tickers: string[];
    regimes: boolean;
    source: string;
  };
  const bytes = readFileSync(bin);
  const count = info.n * (info.steps + 1) * info.tickers.length;
  const values = new Float64Array(count);
  new Uint8Array(values.buffer).set(bytes.subarray(0, count * 8));
  const regimes = info.regimes ? new Int32Array(info.n * info.steps) : undefined;
  if (regimes) new Uint8Array(regimes.buffer).set(bytes.subarray(count * 8, count * 8 + regimes.byteLength));
  const paths = createPathBatch(values, info, regimes ? { regimes } : {});
  return { paths, source: info.source };
}

/** Stores generated paths under `key` (binary values and regimes, and a JSON description). */
export function writeCachedPaths(cache: RunCache, key: string, paths: PathBatch, source: string): void {
  const parts = [new Uint8Array(paths.values.buffer, paths.values.byteOffset, paths.values.byteLength)];
  if (paths.regimes)
    parts.push(new Uint8Array(paths.regimes.buffer, paths.regimes.byteOffset, paths.regimes.byteLength));
  writeAtomically(cache, `${key}.paths.bin`, Buffer.concat(parts));
  const info = {
    n: paths.n,
    steps: paths.steps,
    tickers: paths.tickers,
    regimes: paths.regimes !== undefined,
    source,
  };
  writeAtomically(cache, `${key}.paths.json`, JSON.stringify(info));
}

/** The trained model stored under `key` (weights, training record, fitted parameters), or undefined. */
export function readCachedModel(cache: RunCache, key: string): TrainedPolicy | undefined {
  const file = join(cache.dir, `${key}.model.json`);
  if (!existsSync(file)) return undefined;
  const entry = JSON.parse(readFileSync(file, "utf8")) as { model: unknown; trainingReturns: number[] };
  const model = parseModelFile(JSON.stringify(entry.model), file);
  const trained = loadModelPolicy(model, file);
  return {
    ...trained,
    ...(model.source !== undefined ? { source: model.source } : {}),
    trainingReturns: Float64Array.from(entry.trainingReturns),
  };
}

/** Stores a trained model under `key`, as a model file with its training paths' returns. */
export function writeCachedModel(
  cache: RunCache,
  key: string,
  trained: TrainedPolicy,
  config: RunConfig,
): void {
  const entry = {
    model: modelFileOf(trained, config),
    trainingReturns: Array.from(trained.trainingReturns ?? []),
  };
  writeAtomically(cache, `${key}.model.json`, JSON.stringify(entry));
}

/** Where the checkpoint of the training stored under `key` goes while it runs. */
export function checkpointPath(cache: RunCache, key: string): string {
  mkdirSync(cache.dir, { recursive: true });
  return join(cache.dir, `${key}.checkpoint.json`);
}

function writeAtomically(cache: RunCache, name: string, data: string | Uint8Array): void {
  mkdirSync(cache.dir, { recursive: true });
  const target = join(cache.dir, name);
  const temporary = `${target}.partial-${process.pid}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
