import { z } from "zod";

/** The BullMQ queue of every study's cells; a job's id starts with its study's key, so studies never share a job. */
export const CELL_QUEUE = "hedgelab-cells";

/** How many times a job runs before its study stops (a worker killed mid-job counts apart, as a stalled job). */
export const CELL_JOB_ATTEMPTS = 3;

/** The first delay before a failed job runs again, in milliseconds; it doubles each time. */
export const CELL_JOB_BACKOFF_MS = 1000;

/**
 * A job of the queue: data only, never code or a path. `study` is the key of a study whose spec the
 * coordinator wrote into the store (`queue-studies/<study>.json`); `cell` the id of the cell to store
 * there; `kind` its kind (lowercase words joined by hyphens). Anything else fails the schema.
 */
export const CELL_JOB_SCHEMA = z.strictObject({
  study: z.string().regex(/^[0-9a-f]{16,64}$/, "a hexadecimal study key"),
  cell: z.string().regex(/^[0-9a-f]{8,128}$/, "a hexadecimal cell id"),
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "a cell kind")
    .max(40),
});

/** A validated job ({@link CELL_JOB_SCHEMA}). */
export type CellJobData = z.infer<typeof CELL_JOB_SCHEMA>;

/**
 * Validates a job's payload.
 *
 * @returns the job, or the one line that says why it is refused (`invalid job: cell: a hexadecimal cell id`).
 */
export function parseCellJob(data: unknown): { job: CellJobData } | { error: string } {
  const parsed = CELL_JOB_SCHEMA.safeParse(data);
  if (parsed.success) return { job: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return { error: `invalid job: ${where}${issue.message}` };
}

/** The id of the job of `cell` in `study` (BullMQ ids may not hold a colon). */
export function cellJobId(study: string, cell: string): string {
  return `${study}-${cell}`;
}

/** The file of a study's spec inside the store, relative to it. */
export function studySpecPath(study: string): string {
  return `queue-studies/${study}.json`;
}
