import { ENTROPIC } from "./measures/entropic.js";
import { EXPECTED_SHORTFALL } from "./measures/expected-shortfall.js";
import { MEAN_VARIANCE } from "./measures/mean-variance.js";
import type { RiskMeasureEntry } from "./risk-measure-entry.js";

/**
 * The risk measures a study trains on and reports, by name: one line per measure, each entry in its
 * own file ({@link RiskMeasureEntry}). The configuration's `training.loss.kind`, the `--loss` flag,
 * the training loss, the validation risk and the extra table columns are all read from here.
 */
export const RISK_MEASURES = {
  entropic: ENTROPIC,
  "expected-shortfall": EXPECTED_SHORTFALL,
  "mean-variance": MEAN_VARIANCE,
} as const satisfies Record<string, RiskMeasureEntry>;

/** The name of a registered risk measure. */
export type RiskMeasureName = keyof typeof RISK_MEASURES;

/** The names of {@link RISK_MEASURES}, in registry order. */
export const RISK_MEASURE_NAMES = Object.keys(RISK_MEASURES) as [RiskMeasureName, ...RiskMeasureName[]];

/** The entry of a measure by name. */
export function riskMeasure(name: RiskMeasureName): RiskMeasureEntry {
  return RISK_MEASURES[name];
}
