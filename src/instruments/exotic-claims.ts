import { AsianOption } from "./asian-option.js";
import { BarrierOption } from "./barrier-option.js";
import { DigitalOption } from "./digital-option.js";
import type { InstrumentEntry } from "./instrument-entry.js";
import { LookbackOption } from "./lookback-option.js";

/** The arithmetic-average call (A − K)⁺ over the T closes after the start. */
export const ASIAN_CALL: InstrumentEntry<"asian"> = {
  name: "asian",
  description: "arithmetic-average call (mean of S_1..S_T − K)⁺",
  noun: "Asian (average) call",
  create: ({ strike }) => new AsianOption({ strike }),
};

/** The fixed-strike lookback call (max S − K)⁺ over the daily closes. */
export const LOOKBACK_CALL: InstrumentEntry<"lookback"> = {
  name: "lookback",
  description: "fixed-strike lookback call (max of S_0..S_T − K)⁺",
  noun: "lookback call",
  create: ({ strike }) => new LookbackOption({ strike }),
};

/** The up-and-out call, knocked out by a daily close at the barrier. */
export const BARRIER_CALL: InstrumentEntry<"barrier"> = {
  name: "barrier",
  description: "up-and-out call (S_T − K)⁺, void once a close reaches --barrier",
  noun: "up-and-out call",
  create: ({ strike, barrier }) =>
    new BarrierOption({ strike, ...(barrier !== undefined ? { barrier } : {}) }),
};

/** The cash-or-nothing digital call paying 1. */
export const DIGITAL_CALL: InstrumentEntry<"digital"> = {
  name: "digital",
  description: "cash-or-nothing digital call paying 1 if S_T > K",
  noun: "digital call paying 1",
  create: ({ strike }) => new DigitalOption({ strike }),
};
