import type { EuropeanOption } from "./european-option.js";

/**
 * One claim a study can be short, as the study uses it: its name in `option.kind` and `--kind`, a
 * line for `--help`, and how it is made from the `option` section. One entry per instrument in
 * `INSTRUMENTS` (src/instruments/registry.ts): adding an instrument is its file and one line there.
 *
 * The claim is a European option on the hedge set's first asset today (the Black–Scholes delta
 * hedge, the baseline, needs its kind and strike); claims of other shapes come with their own
 * baseline.
 */
export interface InstrumentEntry<Name extends string = string> {
  readonly name: Name;
  /** One line: what it pays. */
  readonly description: string;
  /** The claim, struck at `strike` (rebased units: every window starts at 100). */
  create(options: { strike: number }): EuropeanOption;
}
