import { HedgelabError } from "../errors.js";

/**
 * How long a worker lets one job run, in seconds, by the kind of its cell (`hedgelab worker`
 * kills the cell's process past it, and the job fails and runs again as any failed job). The
 * expensive kinds get a generous multiple of their paper-size times on a two-core machine
 * (docs/experiments.md: a SigFormer on 120,000 regime-bs paths ≈ 15–23 h, SigDiffusion's five asset
 * models ≈ 23 h of training and ≈ 14 h of sampling); the cheap kinds (market data, generated paths,
 * evaluations) minutes to an hour. Kinds not listed get {@link DEFAULT_CELL_TIMEOUT_S}.
 * `--job-timeout` overrides any of them ({@link parseJobTimeouts}).
 */
export const CELL_TIMEOUTS_S: Readonly<Record<string, number>> = {
  training: 48 * 3600,
  "sigdiffusion-model": 24 * 3600,
  "sigdiffusion-sample": 24 * 3600,
  "sigdiffusion-paths": 3600,
  "regime-bs-paths": 3600,
  "generated-paths": 3600,
  fold: 2 * 3600,
  evaluation: 3600,
  quality: 3600,
  "quality-targets": 3600,
  "market-data": 30 * 60,
  "labelled-market-data": 30 * 60,
  regimes: 30 * 60,
  "market-paths": 30 * 60,
  "validation-windows": 30 * 60,
};

/** The timeout of a job whose cell kind {@link CELL_TIMEOUTS_S} does not list (a newer coordinator's), in seconds: 6 h. */
export const DEFAULT_CELL_TIMEOUT_S = 6 * 3600;

/** A worker's job timeouts: the table with the `--job-timeout` overrides applied, in seconds. */
export interface JobTimeouts {
  /** Seconds by cell kind. */
  byKind: Readonly<Record<string, number>>;
  /** Seconds for a kind `byKind` does not list. */
  fallback: number;
}

/** The seconds in one unit of a duration. */
const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a duration: a positive decimal number and a unit, `s`, `m`, `h` or `d` (`90s`, `30m`,
 * `1.5h`, `2d`).
 *
 * @returns seconds, or undefined when `text` is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNITS[match[2]!]!;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** `6 h`, `30 min`, `90 s`, `1.5 s`: a limit in the unit that writes it shortest. */
export function formatLimit(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * `--job-timeout` of `hedgelab worker`: undefined for the table ({@link CELL_TIMEOUTS_S}); one
 * duration for every kind (`90m`); or `KIND=DURATION` entries joined by commas
 * (`training=12h,sigdiffusion-model=30h`), the other kinds keeping the table's, where an entry
 * without `KIND=` sets every kind not named (`2h,training=12h`).
 *
 * @throws HedgelabError `invalid --job-timeout: "training=soon" (…)` for a bad duration, an unknown
 *   kind, a kind named twice or an empty entry.
 */
export function parseJobTimeouts(value: unknown): JobTimeouts {
  if (value === undefined) return { byKind: CELL_TIMEOUTS_S, fallback: DEFAULT_CELL_TIMEOUT_S };
  const text = String(value);
  const fail = (why: string): HedgelabError =>
    new HedgelabError(
      `invalid --job-timeout: ${JSON.stringify(text)} (${why}; expected a duration like 90s, 30m or 6h, or KIND=DURATION,…)`,
    );
  const named: Record<string, number> = {};
  let all: number | undefined;
  for (const entry of text.split(",")) {
    const equals = entry.indexOf("=");
    const kind = equals < 0 ? undefined : entry.slice(0, equals).trim();
    const duration = equals < 0 ? entry : entry.slice(equals + 1);
    const seconds = parseDuration(duration);
    if (seconds === undefined) throw fail(`${JSON.stringify(duration.trim())} is not a duration`);
    if (kind === undefined) {
      if (all !== undefined) throw fail("two durations for all kinds");
      all = seconds;
    } else if (!Object.hasOwn(CELL_TIMEOUTS_S, kind)) {
      throw fail(
        `unknown cell kind ${JSON.stringify(kind)}: one of ${Object.keys(CELL_TIMEOUTS_S).join(", ")}`,
      );
    } else if (Object.hasOwn(named, kind)) {
      throw fail(`${kind} given twice`);
    } else {
      named[kind] = seconds;
    }
  }
  const base =
    all === undefined
      ? CELL_TIMEOUTS_S
      : Object.fromEntries(Object.keys(CELL_TIMEOUTS_S).map((k) => [k, all]));
  return { byKind: { ...base, ...named }, fallback: all ?? DEFAULT_CELL_TIMEOUT_S };
}

/** The timeout of a job of `kind`, in seconds ({@link JobTimeouts}). */
export function jobTimeout(timeouts: JobTimeouts, kind: string): number {
  return Object.hasOwn(timeouts.byKind, kind) ? timeouts.byKind[kind]! : timeouts.fallback;
}
