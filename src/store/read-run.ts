import { describeClaim } from "../instruments/registry.js";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { HedgelabError } from "../errors.js";
import { parseCsv } from "../data/csv.js";
import type { PnlSummary } from "../evaluation/pnl-summary.js";
import {
  PAIRED_METRICS,
  pairedBlocks,
  type PairedBlocks,
  type PairedComparison,
} from "../evaluation/paired-comparison.js";
import { INTERVAL_METHODS } from "../evaluation/interval-method.js";
import type { EpochRecord } from "../training/fit.js";
import { UNTRAINED_REASONS } from "../training/training-outcome.js";
import type { ReportData, ReportResult, ReportTraining } from "../report/report-data.js";
import { resolveRunConfig } from "../config/run-config.js";
import { columns, numberAt, parseRegimesCsv, parseReturnsCsv, parseSurfacesCsv } from "./report-files.js";
import type { RunFiles } from "./output-folder.js";
import { parseQualityTargetsCsv } from "./quality-targets-csv.js";
import { parseDifferenceSurfacesJson, parsePathsJson } from "./figure-files.js";

const interval = z.object({
  estimate: z.number(),
  lower: z.number(),
  upper: z.number(),
  level: z.number(),
  standardError: z.number(),
});
const span = z.object({ start: z.string(), end: z.string(), dates: z.number(), windows: z.number() });
const MetricsSchema = z.object({
  hedgelab: z.string(),
  seed: z.number(),
  sources: z.array(z.string()),
  /** `evaluate` folders hold the test period only (each model's periods are in `models`). */
  split: z.object({ train: span.optional(), validation: span.optional(), test: span }),
  models: z
    .array(
      z.object({
        name: z.string(),
        strategy: z.string(),
        hedge: z.array(z.string()),
        train: z.object({ start: z.string(), end: z.string() }),
        validation: z.object({ start: z.string(), end: z.string() }).optional(),
        sample: z.enum(["out-of-sample", "in-sample"]),
      }),
    )
    .optional(),
  notes: z.array(z.string()),
  training: z.array(
    z.object({
      hedge: z.array(z.string()),
      strategy: z.string(),
      data: z.string().optional(),
      bestEpoch: z.number(),
    }),
  ),
  results: z.array(
    z.object({
      hedge: z.array(z.string()),
      strategy: z.string(),
      source: z.string().optional(),
      n: z.number(),
      mean: z.number(),
      std: z.number(),
      tails: z.array(
        z.object({
          level: z.number(),
          valueAtRisk: z.number(),
          expectedShortfall: z.number(),
          expectedShortfallInterval: interval,
        }),
      ),
      riskAversion: z.number(),
      entropicRisk: z.number(),
      indifferencePrice: z.number(),
      meanInterval: interval,
      entropicInterval: interval,
      paired: z
        .object({
          baseline: z.string(),
          blockLength: z.number(),
          /** These three are absent in runs written before the blocks actually used were recorded. */
          blocks: z.number().optional(),
          windows: z.number().optional(),
          requestedBlockLength: z.number().optional(),
          differences: z.array(
            z.object({
              metric: z.enum(PAIRED_METRICS),
              estimate: z.number(),
              lower: z.number(),
              upper: z.number(),
              level: z.number(),
              method: z.enum(INTERVAL_METHODS),
              standardError: z.number(),
              excludesZero: z.enum(["below", "above", "no"]),
            }),
          ),
        })
        .optional(),
      untrained: z.enum(UNTRAINED_REASONS).optional(),
      blackScholesPrice: z.number().optional(),
      leverage: z
        .object({ min: z.number(), max: z.number(), meanAbsolute: z.number(), outsideUnit: z.number() })
        .optional(),
    }),
  ),
});

const QualitySchema = z.array(
  z.object({
    title: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.union([z.string(), z.number()]))),
  }),
);

/** The files of a run folder the report reads, as text; `config.json`, `metrics.json` and `pnl.csv` must exist. */
export const REPORT_INPUTS = [
  "config.json",
  "metrics.json",
  "pnl.csv",
  "training.csv",
  "surfaces.csv",
  "returns.csv",
  "regimes.csv",
  "quality.json",
  "quality-targets.csv",
  "paths.json",
  "difference-surfaces.json",
] as const;

/**
 * Reads the files of a run folder that the report needs (see {@link REPORT_INPUTS}).
 *
 * @throws HedgelabError with one line when `dir` is not a run folder.
 */
export function readRunFiles(dir: string): RunFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new HedgelabError(`${dir} is not a folder: give the results folder of a run (e.g. runs/my-run)`);
  }
  const present = new Set(readdirSync(dir));
  for (const required of ["config.json", "metrics.json", "pnl.csv"]) {
    if (!present.has(required)) {
      throw new HedgelabError(`${dir} is not a complete run folder: ${required} is missing`);
    }
  }
  const files: RunFiles = {};
  for (const name of REPORT_INPUTS) {
    if (present.has(name)) files[name] = readFileSync(join(dir, name), "utf8");
  }
  return files;
}

/**
 * The report's data from the text of a run folder's files (pure: no I/O), so that `run` and
 * `hedgelab report` build the report from exactly the same numbers.
 *
 * @param name - the run's name (the folder's).
 * @throws HedgelabError naming the file and the field or line at fault.
 */
export function reportDataFromFiles(given: RunFiles, name: string): ReportData {
  const files = textFiles(given);
  const config = resolveRunConfig(parseJson(files, "config.json"));
  const parsed = MetricsSchema.safeParse(parseJson(files, "metrics.json"));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HedgelabError(
      `metrics.json: invalid ${issue.path.join(".") || "file"} (${issue.message}); was it written by this hedgelab version?`,
    );
  }
  const metrics = parsed.data;
  const pnl = parsePnl(files["pnl.csv"]!);
  const results: ReportResult[] = metrics.results.map((r) => {
    const { hedge, strategy, source, paired, untrained, blackScholesPrice, leverage, ...summary } = r;
    const key = `${hedge.join("+")}|${strategy}|${source ?? ""}`;
    const values = pnl.get(key);
    if (!values) throw new HedgelabError(`pnl.csv: no P&L of ${strategy} on ${hedge.join("+")}`);
    return {
      hedge,
      strategy,
      ...(source ? { source } : {}),
      summary: summary as PnlSummary,
      pnl: values,
      ...(paired ? { paired: withBlocks(paired, values.length) } : {}),
      ...(untrained ? { untrained } : {}),
      ...(blackScholesPrice !== undefined ? { blackScholesPrice } : {}),
      ...(leverage ? { leverage } : {}),
    };
  });
  const histories = files["training.csv"]
    ? parseTraining(files["training.csv"])
    : new Map<string, EpochRecord[]>();
  const training: ReportTraining[] = metrics.training.map((t) => ({
    hedge: t.hedge,
    strategy: t.strategy,
    ...(t.data ? { source: t.data } : {}),
    bestEpoch: t.bestEpoch,
    history: histories.get(`${t.hedge.join("+")}|${t.strategy}|${t.data ?? ""}`) ?? [],
  }));
  const quality = files["quality.json"]
    ? QualitySchema.safeParse(parseJson(files, "quality.json"))
    : undefined;
  if (quality && !quality.success) {
    throw new HedgelabError(
      `quality.json: invalid ${quality.error.issues[0]!.path.join(".") || "file"} (${quality.error.issues[0]!.message})`,
    );
  }
  return {
    meta: {
      name: basename(name),
      version: metrics.hedgelab,
      seed: metrics.seed,
      sources: metrics.sources,
      split: metrics.split,
      ...(metrics.models ? { evaluated: metrics.models } : {}),
      option: {
        kind: config.option.kind,
        strike: config.option.strike,
        description: describeClaim(config.option),
        steps: config.data.steps,
        cost: config.evaluation.cost,
        premium: config.evaluation.premium,
      },
      notes: metrics.notes,
      ...(config.evaluation.testSource !== "market"
        ? {
            testSet: `${config.evaluation.testPaths} simulated ${config.evaluation.testSource} paths per hedge set`,
          }
        : {}),
    },
    results,
    training,
    surfaces: files["surfaces.csv"] ? parseSurfacesCsv(files["surfaces.csv"], "surfaces.csv") : [],
    quality: quality?.data ?? [],
    ...(files["quality-targets.csv"]
      ? { qualityTargets: parseQualityTargetsCsv(files["quality-targets.csv"], "quality-targets.csv") }
      : {}),
    ...(files["returns.csv"] ? { returns: parseReturnsCsv(files["returns.csv"], "returns.csv") } : {}),
    ...(files["regimes.csv"] ? { regimes: parseRegimesCsv(files["regimes.csv"], "regimes.csv") } : {}),
    ...(files["paths.json"] ? { hedgePaths: parsePathsJson(files["paths.json"], "paths.json") } : {}),
    ...(files["difference-surfaces.json"]
      ? {
          differenceSurfaces: parseDifferenceSurfacesJson(
            files["difference-surfaces.json"],
            "difference-surfaces.json",
          ),
        }
      : {}),
  };
}

function parseJson(files: Readonly<Record<string, string>>, file: string): unknown {
  const text = files[file];
  if (text === undefined) throw new HedgelabError(`the run folder has no ${file}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HedgelabError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** P&L per `hedge|strategy|source`, in window order. */
function parsePnl(text: string): Map<string, Float64Array> {
  const table = parseCsv(text, "pnl.csv");
  const col = columns(table, ["window", "hedge", "strategy", "source", "pnl"]);
  const groups = new Map<string, number[]>();
  for (const row of table.rows) {
    const f = row.fields;
    const key = `${f[col.hedge!]}|${f[col.strategy!]}|${f[col.source!]}`;
    let values = groups.get(key);
    if (!values) groups.set(key, (values = []));
    values[numberAt(table, row, col.window!)] = numberAt(table, row, col.pnl!);
  }
  return new Map([...groups].map(([key, values]) => [key, Float64Array.from(values)]));
}

/** Training histories per `hedge|strategy|source`. */
function parseTraining(text: string): Map<string, EpochRecord[]> {
  const table = parseCsv(text, "training.csv");
  const names = [
    "hedge",
    "strategy",
    "source",
    "epoch",
    "loss",
    "validationRisk",
    "meanHolding",
    "learningRate",
  ];
  const col = columns(table, names);
  const out = new Map<string, EpochRecord[]>();
  for (const row of table.rows) {
    const f = row.fields;
    const key = `${f[col.hedge!]}|${f[col.strategy!]}|${f[col.source!]}`;
    let records = out.get(key);
    if (!records) out.set(key, (records = []));
    // Columns added later (training P&L, clipped share): absent in older runs, empty where not recorded.
    const optional = (name: string): Partial<Record<string, number>> => {
      const j = table.header.indexOf(name);
      return j < 0 || f[j]!.trim() === "" ? {} : { [name]: numberAt(table, row, j) };
    };
    records.push({
      epoch: numberAt(table, row, col.epoch!),
      loss: numberAt(table, row, col.loss!),
      validationRisk: numberAt(table, row, col.validationRisk!),
      meanHolding: numberAt(table, row, col.meanHolding!),
      learningRate: numberAt(table, row, col.learningRate!),
      ...optional("trainingPnl"),
      ...optional("clippedShare"),
    });
  }
  return out;
}

/** The files as text (a run folder's report inputs are text; bytes are decoded as UTF-8). */
function textFiles(files: RunFiles): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([name, data]) => [
      name,
      typeof data === "string" ? data : Buffer.from(data).toString("utf8"),
    ]),
  );
}

/**
 * A paired comparison of metrics.json with the blocks actually used: a run written before they were
 * recorded holds the requested block length, which `comparePaired` cut for a short record; the
 * blocks are worked out again from its n windows ({@link pairedBlocks}).
 */
function withBlocks(
  paired: Omit<PairedComparison, keyof PairedBlocks> & Partial<PairedBlocks> & { blockLength: number },
  n: number,
): PairedComparison {
  const { blocks, windows, requestedBlockLength, blockLength } = paired;
  if (blocks !== undefined && windows !== undefined && requestedBlockLength !== undefined)
    return { ...paired, blocks, windows, requestedBlockLength, blockLength };
  return { ...paired, ...pairedBlocks(n, blockLength, paired.differences[0]?.method) };
}
