import type { EuropeanOption } from "./european-option.js";
import { EUROPEAN_CALL, EUROPEAN_PUT } from "./european-claims.js";
import type { InstrumentEntry } from "./instrument-entry.js";

/**
 * The claims a study can hedge, by name: one line per instrument, each entry in its own file
 * ({@link InstrumentEntry}). The configuration's `option.kind`, `--kind` and the claim of every
 * training and evaluation are read from here.
 */
export const INSTRUMENTS = {
  call: EUROPEAN_CALL,
  put: EUROPEAN_PUT,
} as const satisfies Record<string, InstrumentEntry>;

/** A registered instrument's name. */
export type InstrumentName = keyof typeof INSTRUMENTS;

/** The names of {@link INSTRUMENTS}, in registry order. */
export const INSTRUMENT_NAMES = Object.keys(INSTRUMENTS) as [InstrumentName, ...InstrumentName[]];

/** The claim of an `option` section: the registered instrument `kind` struck at `strike`. */
export function createInstrument(option: { kind: InstrumentName; strike: number }): EuropeanOption {
  return INSTRUMENTS[option.kind].create(option);
}
