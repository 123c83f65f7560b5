import { describeClaim } from "../instruments/registry.js";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { HedgelabError } from "../errors.js";
import type { RunConfig } from "../config/run-config.js";
import type { SweepReportData, SweepReportDifference, SweepReportParameter } from "../report/sweep-report.js";
import type { RunFiles } from "../store/output-folder.js";
import { describeEdges, formatValue, gridValues, type Sweep } from "./search-space.js";
import type { SweepJson } from "./sweep-files.js";
import { trainingSummary } from "./sweep-tables.js";

/** The files of a sweep folder that its report reads. */
export const SWEEP_REPORT_INPUTS = ["config.json", "sweep.json"] as const;

/**
 * Reads the files of a sweep folder that its report needs (and `chosen.json`'s presence).
 *
 * @throws HedgelabError with one line when `dir` is not a complete sweep folder.
 */
export function readSweepFiles(dir: string): RunFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new HedgelabError(`${dir} is not a folder: give the results folder of a sweep`);
  const files: RunFiles = {};
  for (const name of SWEEP_REPORT_INPUTS) {
    const path = join(dir, name);
    if (!existsSync(path))
      throw new HedgelabError(`${dir} is not a complete sweep folder: ${name} is missing`);
    files[name] = readFileSync(path, "utf8");
  }
  if (existsSync(join(dir, "chosen.json")))
    files["chosen.json"] = readFileSync(join(dir, "chosen.json"), "utf8");
  return files;
}

/**
 * The axis of a hyperparameter: a range's own scale; a list of positive numbers spanning a factor of
 * 10 or more, log; other numbers, linear; anything else, nominal in the order of the list.
 */
export function parameterScale(path: string, values: Sweep["space"][string]): SweepReportParameter {
  if (!Array.isArray(values)) return { path, scale: values.scale };
  const listed = gridValues(values);
  if (listed.every((v) => typeof v === "number")) {
    const numbers = listed as number[];
    const low = Math.min(...numbers);
    const high = Math.max(...numbers);
    return { path, scale: low > 0 && high / low >= 10 ? "log" : "linear" };
  }
  return { path, scale: "nominal", order: listed.map(formatValue) };
}

/** A difference as JSON holds it (null ends where the record was too short) as the report reads it. */
function difference(d: SweepJson["trials"][number]["vsChosen"]): SweepReportDifference | undefined {
  if (d === undefined) return undefined;
  const number = (x: number | null): number => (x === null ? Number.NaN : x);
  return { estimate: number(d.estimate), lower: number(d.lower), upper: number(d.upper), verdict: d.verdict };
}

/**
 * The sweep report's data from the text of a sweep folder's files (pure: no I/O), so that `sweep` and
 * `hedgelab report` draw the report from exactly the same numbers.
 *
 * @param name - the sweep's name (its folder's).
 * @throws HedgelabError when sweep.json or config.json is not what a sweep writes.
 */
export function sweepReportDataFromFiles(files: RunFiles, name: string): SweepReportData {
  const read = <T>(file: string): T => {
    const text = files[file];
    if (typeof text !== "string") throw new HedgelabError(`the sweep folder has no ${file}`);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new HedgelabError(`${file} of the sweep is not valid JSON: ${(error as Error).message}`);
    }
  };
  const json = read<SweepJson>("sweep.json");
  const config = read<RunConfig>("config.json");
  if (!Array.isArray(json.trials) || typeof json.sweep !== "object" || json.sweep === null)
    throw new HedgelabError("sweep.json of the sweep has no trials: it was not written by hedgelab sweep");
  const { validation } = json;
  const edges = describeEdges(json.edges ?? []);
  return {
    title: `hedgelab sweep ${name}`,
    header: [
      `Prices: ${json.sources.join(", ")}. Every trial trained on the same training windows and was scored on the validation windows ` +
        `${validation.start} to ${validation.end} (${validation.windows} windows); the test windows were not used.`,
      `A short ${describeClaim(config.option)} (every window rebased to S_0 = 100), T = ${config.data.steps} trading days, ` +
        `proportional cost ${config.evaluation.cost}; P&L in rebased units.`,
      `hedgelab ${json.version}, seed ${config.seed}.`,
    ],
    measureTitle: json.measureTitle,
    parameters: Object.entries(json.sweep.space).map(([path, values]) => parameterScale(path, values)),
    trials: json.trials.map((t) => {
      const vsChosen = difference(t.vsChosen);
      const vsDelta = difference(t.vsDelta);
      return {
        index: t.index,
        values: Object.fromEntries(
          Object.entries(t.values).map(([p, v]) => [p, typeof v === "number" ? v : formatValue(v)]),
        ),
        objective: t.objective ?? undefined,
        ...(vsChosen ? { vsChosen } : {}),
        ...(vsDelta ? { vsDelta } : {}),
        ...trainingSummary(t),
      };
    }),
    ...(json.chosen !== null ? { chosen: json.chosen } : {}),
    ...(files["chosen.json"] !== undefined ? { chosenFile: "chosen.json" } : {}),
    ...(edges ? { edges } : {}),
    notes: json.notes,
  };
}
