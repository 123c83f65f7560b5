import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { HedgelabError } from "../errors.js";
import type { RunConfig } from "../config/run-config.js";
import type { Checkpoint, CheckpointStore } from "../training/fit.js";

/** A finite number, or the null JSON writes for NaN and ±Infinity. */
const real = z.number().nullable();
/** Saved elements: base64 of their bytes, or (older files) an array of numbers. */
const elements = z.union([z.string(), z.array(z.number())]);
const savedPolicy = z.object({
  kind: z.string(),
  version: z.number().int().optional(),
  options: z.record(z.string(), z.unknown()),
  parameters: z.array(
    z.object({
      name: z.string(),
      shape: z.array(z.number().int().min(0)),
      dtype: z.enum(["float32", "float64"]),
      data: z.string().optional(),
      values: z.array(z.number()).optional(),
    }),
  ),
  buffers: z.record(z.string(), z.array(z.number())),
});
const epochRecord = z.object({
  epoch: z.number().int().min(1),
  loss: real,
  validationRisk: real,
  meanHolding: real,
  learningRate: real,
  omega: real.optional(),
});

/** The shape of a checkpoint file: the hedge set, the configuration and fit's state after an epoch. */
const CheckpointFileSchema = z.object({
  hedge: z.array(z.string()).min(1),
  config: z.record(z.string(), z.unknown()).optional(),
  checkpoint: z.object({
    epoch: z.number().int().min(1),
    policy: savedPolicy,
    best: savedPolicy,
    bestEpoch: z.number().int().min(0),
    bestRisk: real,
    optimizer: z.object({
      step: z.number().int().min(0),
      m: z.array(elements),
      v: z.array(elements),
    }),
    omega: z.number(),
    history: z.array(epochRecord),
    epochsWithoutImprovement: z.number().int().min(0),
    initialRisk: real.optional(),
  }),
});

/** Options of {@link checkpointFile}. */
export interface CheckpointFileOptions {
  /** The hedge set the run trains on; a checkpoint for another is refused. */
  hedge: readonly string[];
  /** The run's configuration, saved with every checkpoint; a resume under another is refused. */
  config: RunConfig;
  /** Whether an existing checkpoint is loaded (`--resume`). */
  resume: boolean;
  /** How a config path is named in messages (`training.learningRate` → `--learning-rate`). */
  names?: Readonly<Record<string, string>>;
  /** Receives a one-line warning when a checkpoint cannot be written (training goes on). */
  warn?: (line: string) => void;
}

/**
 * Checkpoints in one JSON file, replaced atomically after every epoch (written to `file.partial`,
 * then renamed), so that an interrupted run always finds a complete checkpoint. With `resume`, an
 * existing file is read and checked: valid JSON of the checkpoint's shape, the same hedge set, and
 * the same configuration as this run's, apart from `name` and, with a constant learning rate, a
 * larger `training.epochs`; a difference is refused naming the field. A checkpoint that cannot be
 * written (disk full) is removed with a warning and training goes on.
 */
export function checkpointFile(file: string, options: CheckpointFileOptions): CheckpointStore {
  const { hedge, config, resume, names = {}, warn } = options;
  let warned = false;
  return {
    save: (checkpoint) => {
      const temporary = `${file}.partial`;
      try {
        writeFileSync(temporary, JSON.stringify({ hedge: [...hedge], config, checkpoint }));
        renameSync(temporary, file);
      } catch (error) {
        rmSync(temporary, { force: true });
        if (!warned) {
          warn?.(
            `cannot write the checkpoint ${file} (${(error as Error).message.split(",")[0]}); training goes on without one`,
          );
        }
        warned = true;
      }
    },
    load: () => {
      if (!resume || !existsSync(file)) return undefined;
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        throw new HedgelabError(`checkpoint ${file} cannot be read: ${(error as Error).message}`);
      }
      const saved = parseCheckpointFile(text, file);
      if (saved.hedge.join("+") !== hedge.join("+")) {
        throw new HedgelabError(
          `checkpoint ${file} is for hedge set ${saved.hedge.join("+")}, not ${hedge.join("+")}`,
        );
      }
      if (saved.config) checkSameConfig(saved.config, config, file, names);
      return saved.checkpoint;
    },
  };
}

/**
 * Reads the text of a checkpoint file; fails with one line naming the file and the first field at
 * fault when it is not JSON or not of a checkpoint's shape (`{}` included).
 */
export function parseCheckpointFile(
  text: string,
  file: string,
): { hedge: string[]; config?: Record<string, unknown>; checkpoint: Checkpoint } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HedgelabError(`checkpoint ${file} cannot be read: ${(error as Error).message}`);
  }
  const result = CheckpointFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join(".") : "the file";
    throw new HedgelabError(
      `checkpoint ${file} is not a hedgelab checkpoint: ${field}: ${issue.message} (start afresh without --resume)`,
    );
  }
  const { initialRisk, ...checkpoint } = result.data.checkpoint;
  const numberOf = (x: number | null): number => x ?? Number.NaN;
  return {
    hedge: result.data.hedge,
    ...(result.data.config ? { config: result.data.config } : {}),
    checkpoint: {
      ...checkpoint,
      bestRisk: checkpoint.bestRisk ?? Number.POSITIVE_INFINITY,
      ...(initialRisk !== undefined ? { initialRisk: numberOf(initialRisk) } : {}),
      history: checkpoint.history.map((r) => ({
        epoch: r.epoch,
        loss: numberOf(r.loss),
        validationRisk: numberOf(r.validationRisk),
        meanHolding: numberOf(r.meanHolding),
        learningRate: numberOf(r.learningRate),
        ...(r.omega !== undefined ? { omega: numberOf(r.omega) } : {}),
      })),
    },
  };
}

/** Refuses a resume whose configuration differs from the checkpoint's, naming the first field. */
function checkSameConfig(
  saved: Record<string, unknown>,
  config: RunConfig,
  file: string,
  names: Readonly<Record<string, string>>,
): void {
  const now = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  const before = structuredClone(saved);
  for (const c of [now, before]) delete c.name;
  const section = (c: Record<string, unknown>, key: string): Record<string, unknown> =>
    (c[key] ?? {}) as Record<string, unknown>;
  // More epochs of a constant rate continue the same run (the RNN's and the SigFormer's).
  for (const key of ["training", "sigformer"]) {
    const epochsBefore = section(before, key).epochs;
    const epochsNow = section(now, key).epochs;
    if (
      config.training.schedule === "constant" &&
      typeof epochsBefore === "number" &&
      typeof epochsNow === "number" &&
      epochsNow >= epochsBefore
    ) {
      section(before, key).epochs = epochsNow;
    }
  }
  const difference = firstDifference(before, now, "");
  if (difference === undefined) return;
  const { path, was, is } = difference;
  const flag = names[path];
  const field = flag ? `${flag} (${path})` : path;
  throw new HedgelabError(
    `cannot resume from ${file}: ${field} is ${JSON.stringify(is) ?? "not set"} now but was ${JSON.stringify(was) ?? "not set"} ` +
      `when the checkpoint was written; resume with the same options, or start afresh without --resume`,
  );
}

/** The first path at which two JSON values differ, with both values; undefined when equal. */
function firstDifference(
  was: unknown,
  is: unknown,
  path: string,
): { path: string; was: unknown; is: unknown } | undefined {
  if (typeof was === "object" && was !== null && typeof is === "object" && is !== null) {
    if (Array.isArray(was) !== Array.isArray(is)) return { path, was, is };
    if (Array.isArray(was) && Array.isArray(is) && was.length !== is.length) return { path, was, is };
    const a = was as Record<string, unknown>;
    const b = is as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], path === "" ? key : `${path}.${key}`);
      if (found) return Array.isArray(was) ? { path, was, is } : found;
    }
    return undefined;
  }
  return Object.is(was, is) ? undefined : { path, was, is };
}

/** Removes a checkpoint file once its run has finished and written its results. */
export function removeCheckpoint(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Not a file (something else stands there): nothing of ours to remove.
  }
}
