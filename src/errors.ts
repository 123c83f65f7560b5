/**
 * The error hedgelab throws for anything the user can fix: a malformed CSV, a non-positive price,
 * an unknown ticker, an invalid option value. Its message is one readable line that names the
 * file, line, ticker or option at fault; the CLI prints it and exits with code 1.
 *
 * Any other exception is an internal error (exit code 2).
 *
 * This file is the bottom of the import graph: every folder may import it.
 */
export class HedgelabError extends Error {
  override readonly name = "HedgelabError";

  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, " "));
  }
}

/** True when `error` is a {@link HedgelabError} (a user error, exit code 1). */
export function isHedgelabError(error: unknown): error is HedgelabError {
  return error instanceof HedgelabError;
}

/**
 * Fails with `invalid <name>: <value> (<expectation>)` unless `ok` holds; the message shape
 * every option check in hedgelab uses.
 *
 * @param ok - the condition the value must satisfy.
 * @param name - the option's name as the user wrote it (`riskAversion`, `--stride`).
 * @param value - the offending value, printed with `JSON.stringify` when it is not a number.
 * @param expectation - what a valid value looks like (`must be > 0`).
 */
export function assertOption(ok: boolean, name: string, value: unknown, expectation: string): asserts ok {
  if (!ok) {
    const shown = typeof value === "number" ? String(value) : JSON.stringify(value);
    throw new HedgelabError(`invalid ${name}: ${shown} (${expectation})`);
  }
}
