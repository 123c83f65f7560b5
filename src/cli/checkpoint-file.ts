import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { HedgelabError } from "../errors.js";
import type { RunConfig } from "../config/run-config.js";
import type { PolicyDescription } from "../hedgers/policy-weights.js";
import { decodeSafetensors, encodeSafetensors } from "../tensor/safetensors.js";
import { checkpointFromTensors, checkpointTensors } from "../training/checkpoint-tensors.js";
import type { Checkpoint, CheckpointStore } from "../training/fit.js";
import { MODEL_NAMES, modelEntry } from "../models/registry.js";

/** The `format` metadata of the checkpoint files this version writes and reads. */
export const CHECKPOINT_FORMAT = "hedgelab checkpoint 1";

/** A finite number, or the null JSON writes for NaN and ±Infinity. */
const real = z.number().nullable();
/** A policy's description (its options are checked when the policy is rebuilt). */
const description = z.object({
  kind: z.string(),
  version: z.number().int().optional(),
  options: z.record(z.string(), z.unknown()),
  parameters: z.array(z.string()),
  buffers: z.array(z.string()),
});
const epochRecord = z.object({
  epoch: z.number().int().min(1),
  loss: real,
  validationRisk: real,
  meanHolding: real,
  learningRate: real,
  trainingPnl: real.optional(),
  clippedShare: real.optional(),
  omega: real.optional(),
});

/** The metadata of a checkpoint file, each entry parsed from its JSON text. */
const CheckpointFileSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  hedge: z.array(z.string()).min(1),
  config: z.record(z.string(), z.unknown()).optional(),
  checkpoint: z.object({
    epoch: z.number().int().min(1),
    policy: description,
    best: z.union([z.literal("policy"), description]),
    bestEpoch: z.number().int().min(0),
    bestRisk: real,
    optimizer: z.object({ step: z.number().int().min(0), moments: z.array(z.string()) }),
    omega: z.number(),
    history: z.array(epochRecord),
    epochsWithoutImprovement: z.number().int().min(0),
    initialRisk: real.optional(),
  }),
});

/** What a checkpoint file holds: the hedge set and configuration of its run, and fit's state. */
export interface CheckpointFileContent {
  hedge: string[];
  config?: Record<string, unknown>;
  checkpoint: Checkpoint;
}

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
 * Checkpoints in one safetensors file (see {@link encodeCheckpointFile}), replaced atomically after
 * every epoch (written to `file.partial`, then renamed), so that an interrupted run always finds a
 * complete checkpoint; `file` is any path (`.checkpoint.safetensors` recommended). With `resume`,
 * an existing file is read and checked: a valid checkpoint file, the same hedge set, and the same
 * configuration as this run's, apart from `name` and, with a constant learning rate, a larger
 * `training.epochs`; a difference is refused naming the field. A checkpoint that cannot be written
 * (disk full) is removed with a warning and training goes on.
 */
export function checkpointFile(file: string, options: CheckpointFileOptions): CheckpointStore {
  const { hedge, config, resume, names = {}, warn } = options;
  let warned = false;
  return {
    save: (checkpoint) => {
      const temporary = `${file}.partial`;
      try {
        writeFileSync(temporary, encodeCheckpointFile({ hedge: [...hedge], config, checkpoint }));
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
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new HedgelabError(`checkpoint ${file} cannot be read: ${(error as Error).message}`);
      }
      const saved = parseCheckpointFile(bytes, file);
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
 * A checkpoint file: a safetensors file whose tensors are the checkpoint's (`policy.<name>`,
 * `best.<name>` when the best weights are not the current ones, `adam.m.<name>`, `adam.v.<name>`;
 * see `checkpointTensors`) and whose `__metadata__` holds, as JSON texts, `format`
 * ({@link CHECKPOINT_FORMAT}), `hedge`, `config` and `checkpoint` (everything else: epoch,
 * history, best epoch and risk, ω, the policies' descriptions, Adam's step and the names of its
 * moments).
 */
export function encodeCheckpointFile(content: {
  hedge: readonly string[];
  config?: unknown;
  checkpoint: Checkpoint;
}): Uint8Array {
  const { description, tensors } = checkpointTensors(content.checkpoint);
  return encodeSafetensors(tensors, {
    format: CHECKPOINT_FORMAT,
    hedge: JSON.stringify(content.hedge),
    ...(content.config !== undefined ? { config: JSON.stringify(content.config) } : {}),
    checkpoint: JSON.stringify(description),
  });
}

/**
 * Reads the bytes of a checkpoint file ({@link encodeCheckpointFile}); fails with one line naming
 * the file: the JSON file of an older hedgelab, a file that is not valid safetensors, metadata not
 * of a checkpoint's shape (naming the first field at fault), a missing tensor.
 */
export function parseCheckpointFile(bytes: Uint8Array, file: string): CheckpointFileContent {
  const notOurs = (why: string): never => {
    throw new HedgelabError(
      `checkpoint ${file} is not a hedgelab checkpoint: ${why} (start afresh without --resume)`,
    );
  };
  if (isOlderJson(bytes))
    notOurs("it is the JSON file of an older hedgelab, which this version does not read");
  let content: ReturnType<typeof decodeSafetensors>;
  try {
    content = decodeSafetensors(bytes, `checkpoint ${file}`);
  } catch (error) {
    throw new HedgelabError(`${(error as Error).message} (start afresh without --resume)`);
  }
  const { tensors, metadata } = content;
  const parsed: Record<string, unknown> = { format: metadata.format };
  for (const key of ["hedge", "config", "checkpoint"]) {
    const text = metadata[key];
    if (text === undefined) continue;
    try {
      parsed[key] = JSON.parse(text);
    } catch (error) {
      notOurs(`${key}: not JSON (${(error as Error).message})`);
    }
  }
  const result = CheckpointFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return notOurs(`${issue.path.length > 0 ? issue.path.join(".") : "the file"}: ${issue.message}`);
  }
  const { hedge, config, checkpoint: saved } = result.data;
  const numberOf = (x: number | null): number => x ?? Number.NaN;
  const { initialRisk, ...rest } = saved;
  const checkpoint = checkpointFromTensors(
    {
      ...rest,
      policy: saved.policy as PolicyDescription,
      best: saved.best as PolicyDescription | "policy",
      bestRisk: saved.bestRisk ?? Number.POSITIVE_INFINITY,
      ...(initialRisk !== undefined ? { initialRisk: numberOf(initialRisk) } : {}),
      history: saved.history.map((r) => ({
        epoch: r.epoch,
        loss: numberOf(r.loss),
        validationRisk: numberOf(r.validationRisk),
        meanHolding: numberOf(r.meanHolding),
        learningRate: numberOf(r.learningRate),
        ...(r.trainingPnl !== undefined ? { trainingPnl: numberOf(r.trainingPnl) } : {}),
        ...(r.clippedShare !== undefined ? { clippedShare: numberOf(r.clippedShare) } : {}),
        ...(r.omega !== undefined ? { omega: numberOf(r.omega) } : {}),
      })),
    },
    tensors,
    `checkpoint ${file}`,
  );
  return { hedge, ...(config ? { config } : {}), checkpoint };
}

/** Whether `bytes` are a JSON text (an older hedgelab's checkpoint) rather than safetensors. */
function isOlderJson(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x7b) return false; // "{"
  if (bytes.length < 8) return true;
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  return headerLength > BigInt(bytes.length - 8);
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
  // More epochs of a constant rate continue the same run: the training section's, and those of the
  // models with their own (the SigFormer's).
  const epochs = [
    ["training", "epochs"],
    ...MODEL_NAMES.flatMap((name) => {
      const { section: key, sharedLength } = modelEntry(name);
      return sharedLength ? [[key, sharedLength.epochs]] : [];
    }),
  ];
  for (const [key, field] of epochs as [string, string][]) {
    const epochsBefore = section(before, key)[field];
    const epochsNow = section(now, key)[field];
    if (
      config.training.schedule === "constant" &&
      typeof epochsBefore === "number" &&
      typeof epochsNow === "number" &&
      epochsNow >= epochsBefore
    ) {
      section(before, key)[field] = epochsNow;
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
