import { DEFAULT_BARRIER } from "./barrier-option.js";
import type { Claim } from "./claim.js";
import { EUROPEAN_CALL, EUROPEAN_PUT } from "./european-claims.js";
import { ASIAN_CALL, BARRIER_CALL, DIGITAL_CALL, LOOKBACK_CALL } from "./exotic-claims.js";
import type { ClaimTerms, InstrumentEntry } from "./instrument-entry.js";

/**
 * The claims a study can hedge, by name: one line per instrument, each entry in its own file
 * ({@link InstrumentEntry}). The configuration's `option.kind`, `--payoff` and the claim of every
 * training and evaluation are read from here.
 */
export const INSTRUMENTS = {
  call: EUROPEAN_CALL,
  put: EUROPEAN_PUT,
  asian: ASIAN_CALL,
  lookback: LOOKBACK_CALL,
  barrier: BARRIER_CALL,
  digital: DIGITAL_CALL,
} as const satisfies Record<string, InstrumentEntry>;

/** A registered instrument's name. */
export type InstrumentName = keyof typeof INSTRUMENTS;

/** The names of {@link INSTRUMENTS}, in registry order. */
export const INSTRUMENT_NAMES = Object.keys(INSTRUMENTS) as [InstrumentName, ...InstrumentName[]];

/** The claim of an `option` section: the registered instrument `kind` struck at `strike`. */
export function createInstrument(option: { kind: InstrumentName } & ClaimTerms): Claim {
  return INSTRUMENTS[option.kind].create(option);
}

/**
 * The claim of an `option` section in words, for headers and reports: `call struck at 100`,
 * `up-and-out call struck at 100, barrier 110`.
 */
export function describeClaim(option: { kind: string } & ClaimTerms): string {
  const barrier = option.kind === "barrier" ? `, barrier ${option.barrier ?? DEFAULT_BARRIER}` : "";
  const entry = (INSTRUMENTS as Record<string, InstrumentEntry>)[option.kind];
  return `${entry?.noun ?? option.kind} struck at ${option.strike}${barrier}`;
}
