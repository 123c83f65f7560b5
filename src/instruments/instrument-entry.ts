import type { Claim } from "./claim.js";

/** The `option` section's fields a claim is made from (rebased units: every window starts at 100). */
export interface ClaimTerms {
  /** K. */
  readonly strike: number;
  /** B, the knock-out level of a barrier claim; a claim without a barrier ignores it. */
  readonly barrier?: number | undefined;
}

/**
 * One claim a study can be short, as the study uses it: its name in `option.kind` and `--payoff`,
 * a line for `--help`, and how it is made from the `option` section. One entry per instrument in
 * `INSTRUMENTS` (src/instruments/registry.ts): adding an instrument is its file and one line there.
 *
 * Every claim is on the hedge set's first asset and carries its own reference price and delta
 * ({@link Claim}), which the delta-hedge baseline and the delta features use.
 */
export interface InstrumentEntry<Name extends string = string> {
  readonly name: Name;
  /** One line: what it pays. */
  readonly description: string;
  /** What the hedger is short, in a sentence: `call`, `Asian call`, `up-and-out call`. */
  readonly noun: string;
  /** The claim, struck at `terms.strike`. */
  create(terms: ClaimTerms): Claim;
}
