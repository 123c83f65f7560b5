import { z } from "zod";
import { HedgelabError } from "../errors.js";
import { createRandom, type RandomSource } from "../random/random-source.js";
import { seed } from "../schema/fields.js";
import { setPath } from "../schema/config-path.js";

/**
 * A range of numbers to draw from (a random search) or to lay a grid on (with `count`): uniform on
 * [min, max], or log-uniform with `scale: "log"` (min > 0); `integer` rounds every value.
 */
const RANGE = z
  .strictObject({
    min: z.number(),
    max: z.number(),
    scale: z.enum(["linear", "log"]).default("linear"),
    integer: z.boolean().default(false),
    /** Points of a grid over the range, ends included (a grid search needs it). */
    count: z.number().int().min(2).max(1000).optional(),
  })
  .refine((r) => r.max > r.min, { message: "max must be above min" })
  .refine((r) => r.scale === "linear" || r.min > 0, { message: 'a "log" range needs min > 0' });

/** The values of one hyperparameter: a list of choices, or a range. */
const VALUES = z.union([z.array(z.unknown()).min(1, "must list one value or more"), RANGE]);

/** A configuration path of the search space: `training.learningRate`, `rnn.hidden`. */
const PATH = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

/**
 * The configuration sections a sweep must not vary: what the trials are measured on (the data and
 * its periods, the option, the hedge sets, the strategies and sources of the grid, the evaluation,
 * the delta hedge) must be the same for every trial, or their validation risks cannot be compared.
 */
export const FIXED_SECTIONS = [
  "name",
  "seed",
  "data",
  "option",
  "hedgeSets",
  "strategies",
  "sources",
  "evaluation",
  "delta",
] as const;

/**
 * Paths a sweep must not vary either: the folder of given training paths (a file the trials would
 * read) and the number of training seeds (which changes the rows a trial is scored on).
 */
export const FIXED_PATHS = ["training.paths", "training.seeds"] as const;

/**
 * The `sweep` section of a configuration file: the search space of `hedgelab sweep`, beside the
 * run configuration every trial starts from.
 *
 * - `method`: `"grid"` (every combination of the listed values; a range needs `count`) or
 *   `"random"` (`trials` draws, each value uniform over its list or range); default grid.
 * - `trials`: draws of a random search; default 20 (`--trials N`).
 * - `seed`: seed of the random draws; default the configuration's seed.
 * - `measure`: the validation risk that selects a trial, `"entropic"` (the training loss of the
 *   paper) or `"cvar"` (CVaR at 95%); default entropic.
 * - `space`: configuration path → list of values or range, e.g.
 *   `{ "training.batchSize": [64, 128, 256], "training.learningRate": { "min": 1e-4, "max": 1e-2, "scale": "log", "count": 3 } }`.
 */
export const SweepSchema = z.strictObject({
  method: z.enum(["grid", "random"]).default("grid"),
  trials: z.number().int().min(1).max(10_000).optional(),
  seed: seed.optional(),
  measure: z.enum(["entropic", "cvar"]).default("entropic"),
  space: z
    .record(z.string().regex(PATH, "must be a configuration path such as training.learningRate"), VALUES)
    .refine((space) => Object.keys(space).length > 0, { message: "must name one hyperparameter or more" }),
});

/** A sweep section as written in a file. */
export type SweepInput = z.input<typeof SweepSchema>;
/** A sweep section with its defaults filled in. */
export type Sweep = z.output<typeof SweepSchema>;
/** The values of one hyperparameter, resolved. */
export type SweepValues = Sweep["space"][string];

/** Default draws of a random search. */
export const DEFAULT_TRIALS = 20;

/** One trial of a sweep: its number and the values it sets. */
export interface SweepTrial {
  /** 1, 2, … in the order the trials were laid out (a grid's: the first path varies slowest). */
  index: number;
  /** Configuration path → value, in the order of the space. */
  values: Record<string, unknown>;
}

/**
 * Validates a sweep section.
 *
 * @throws HedgelabError with one line naming the field: `invalid sweep.space.training.batchSize: (must list one value or more)`.
 */
export function resolveSweep(input: unknown): Sweep {
  const parsed = SweepSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = ["sweep", ...issue.path.map(String)].join(".");
    if (issue.code === "unrecognized_keys")
      throw new HedgelabError(
        `unknown option ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} in ${path}`,
      );
    const value = "input" in issue ? issue.input : undefined;
    const shown = value === undefined || typeof value === "object" ? "" : `${JSON.stringify(value)} `;
    throw new HedgelabError(`invalid ${path}: ${shown}(${issue.message})`);
  }
  const sweep = parsed.data;
  for (const path of Object.keys(sweep.space)) {
    const section = path.split(".")[0]!;
    if ((FIXED_SECTIONS as readonly string[]).includes(section))
      throw new HedgelabError(
        `invalid sweep.space.${path}: a sweep varies how the hedgers are trained, not what they are measured on ` +
          `(${FIXED_SECTIONS.join(", ")} are the same for every trial)`,
      );
    if ((FIXED_PATHS as readonly string[]).includes(path))
      throw new HedgelabError(
        `invalid sweep.space.${path}: ${path === "training.seeds" ? "every trial trains the same seeds; give training.seeds beside the sweep" : "a sweep trains on the paths its sources generate, not on a folder per trial"}`,
      );
  }
  if (sweep.method === "grid") {
    if (sweep.trials !== undefined)
      throw new HedgelabError(
        `sweep.trials applies to a random search (sweep.method "random"); a grid runs every combination (${gridSize(sweep)})`,
      );
    for (const [path, values] of Object.entries(sweep.space))
      if (!Array.isArray(values) && values.count === undefined)
        throw new HedgelabError(
          `invalid sweep.space.${path}: a grid needs a list of values, or a range with "count" (its number of points)`,
        );
  }
  return sweep;
}

/** The number of combinations of a grid: the product of its values' counts. */
export function gridSize(sweep: Sweep): number {
  return Object.values(sweep.space).reduce((n, v) => n * (Array.isArray(v) ? v.length : (v.count ?? 1)), 1);
}

/**
 * The values of a grid's hyperparameter: its list, or `count` points of its range spaced evenly
 * (geometrically for a log range), rounded for an integer range, each once.
 */
export function gridValues(values: SweepValues): unknown[] {
  if (Array.isArray(values)) return values;
  const { min, max, scale, integer, count = 2 } = values;
  const points = Array.from({ length: count }, (_, k) => {
    const t = k / (count - 1);
    const x =
      scale === "log" ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min))) : min + t * (max - min);
    // The ends exactly: exp(log x) need not give x back.
    const exact = k === 0 ? min : k === count - 1 ? max : x;
    return integer ? Math.round(exact) : Number(exact.toPrecision(12));
  });
  return [...new Set(points)];
}

/** One draw of a hyperparameter: uniform over its list, or over its range (log-uniform for a log range). */
export function drawValue(values: SweepValues, random: RandomSource): unknown {
  if (Array.isArray(values)) return values[random.integer(values.length)];
  const { min, max, scale, integer } = values;
  const u = random.uniform();
  const x =
    scale === "log" ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
  return integer ? Math.round(x) : Number(x.toPrecision(6));
}

/**
 * The trials of a sweep: every combination of a grid (the first path of the space varying slowest),
 * or `trials` random draws (each from `createRandom(seed).fork(k)` for trial k, so a longer search
 * begins with the trials of a shorter one), without repeating a combination.
 *
 * @param seed - seed of a random search (its `sweep.seed`, else the run's).
 * @param trials - draws of a random search; default `sweep.trials`, else {@link DEFAULT_TRIALS}.
 * @throws HedgelabError when a random search over lists only has fewer combinations than trials.
 */
export function sweepTrials(sweep: Sweep, seed: number, trials?: number): SweepTrial[] {
  const paths = Object.keys(sweep.space);
  if (sweep.method === "grid") {
    let combinations: Record<string, unknown>[] = [{}];
    for (const path of paths) {
      const values = gridValues(sweep.space[path]!);
      combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [path]: v })));
    }
    return combinations.map((values, k) => ({ index: k + 1, values }));
  }
  const count = trials ?? sweep.trials ?? DEFAULT_TRIALS;
  const finite = Object.values(sweep.space).every(Array.isArray);
  if (finite && gridSize(sweep) < count)
    throw new HedgelabError(
      `a random search of ${count} trials over ${gridSize(sweep)} combinations would repeat some: give --trials ${gridSize(sweep)} or fewer, or sweep.method "grid"`,
    );
  const root = createRandom(seed);
  const seen = new Set<string>();
  const out: SweepTrial[] = [];
  for (let k = 0; out.length < count; k++) {
    if (k >= 100 * count)
      throw new HedgelabError(
        `a random search could not draw ${count} different trials in ${k} draws: widen the space or give fewer --trials`,
      );
    const random = root.fork(k);
    const values = Object.fromEntries(paths.map((path) => [path, drawValue(sweep.space[path]!, random)]));
    const key = JSON.stringify(values);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ index: out.length + 1, values });
  }
  return out;
}

/** The configuration input of a trial: `base` with the trial's values written at their paths. */
export function trialInput(base: Record<string, unknown>, trial: SweepTrial): Record<string, unknown> {
  const input = structuredClone(base);
  for (const [path, value] of Object.entries(trial.values)) setPath(input, path, structuredClone(value));
  return input;
}

/** A trial's values in words: `training.batchSize 64 · rnn.hidden [32,32]`. */
export function describeTrial(trial: SweepTrial): string {
  return Object.entries(trial.values)
    .map(([path, value]) => `${path} ${formatValue(value)}`)
    .join(" · ");
}

/** A hyperparameter's value as printed and in tables: numbers as they are, anything else as JSON. */
export function formatValue(value: unknown): string {
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

/** A hyperparameter whose chosen value is the lowest or highest it could take. */
export interface SpaceEdge {
  path: string;
  value: number;
  side: "lowest" | "highest";
}

/**
 * The numeric hyperparameters whose chosen value sits at an edge of the searched values (the least
 * or greatest of a list, or of a grid's range points): the best may lie beyond, outside the space.
 * A random search's range is left out (a draw never lands exactly on its end).
 */
export function spaceEdges(sweep: Sweep, values: Readonly<Record<string, unknown>>): SpaceEdge[] {
  const out: SpaceEdge[] = [];
  for (const [path, space] of Object.entries(sweep.space)) {
    if (!Array.isArray(space) && sweep.method === "random") continue;
    const listed = gridValues(space).filter((v): v is number => typeof v === "number");
    const value = values[path];
    if (listed.length < 2 || typeof value !== "number") continue;
    if (value === Math.min(...listed)) out.push({ path, value, side: "lowest" });
    else if (value === Math.max(...listed)) out.push({ path, value, side: "highest" });
  }
  return out;
}

/** The edges in words: `training.batchSize 64 is the lowest value searched and …; the best may lie outside the space`. */
export function describeEdges(edges: readonly SpaceEdge[]): string | undefined {
  if (edges.length === 0) return undefined;
  const each = edges.map((e) => `${e.path} ${e.value} is the ${e.side} value searched`);
  return `${each.join(", ")}: the best may lie outside the space; widen it there`;
}
