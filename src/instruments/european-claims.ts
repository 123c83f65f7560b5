import { EuropeanOption } from "./european-option.js";
import type { InstrumentEntry } from "./instrument-entry.js";

/** The European call (S_T − K)⁺ on the hedge set's first asset, the paper's claim. */
export const EUROPEAN_CALL: InstrumentEntry<"call"> = {
  name: "call",
  description: "European call (S_T − K)⁺",
  noun: "call",
  create: ({ strike }) => new EuropeanOption({ kind: "call", strike }),
};

/** The European put (K − S_T)⁺ on the hedge set's first asset. */
export const EUROPEAN_PUT: InstrumentEntry<"put"> = {
  name: "put",
  description: "European put (K − S_T)⁺",
  noun: "put",
  create: ({ strike }) => new EuropeanOption({ kind: "put", strike }),
};
