import { resolve } from "node:path";
import { EMBEDDED_DATA_DIR, EMBEDDED_FILES } from "../data/load-prices.js";
import { MODELS } from "../models/registry.js";
import { configValue, type RunConfig } from "./run-config.js";

/** How an evaluation's configuration stands against the one a model was trained with. */
export interface ModelComparison {
  /** Settings the model cannot honour (another hedge set, option, window length, architecture): one line each. */
  contradictions: string[];
  /** Settings that differ from training but are fair to evaluate under (period, costs, λ): one line each. */
  changes: string[];
}

/**
 * Paths that define what a model is: it cannot be evaluated under other values (every registered
 * model's section: a saved model is compared with the sections it was trained with).
 */
const MODEL_FIELDS = [
  "hedgeSets",
  "option.kind",
  "option.strike",
  "option.barrier",
  "option.underlying",
  "data.steps",
  ...Object.values(MODELS).map((model) => model.section),
  "training.data",
];
/** Paths an evaluation may change, said in its header. */
const CHANGED_FIELDS = [
  "data.prices",
  "data.priceColumn",
  "data.start",
  "data.end",
  "data.train",
  "data.validation",
  "data.stride",
  "evaluation.cost",
  "evaluation.riskAversion",
];

/**
 * Compares the configuration an evaluation asks for with the one a model was trained with: a
 * different hedge set, option kind, strike, underlying, window length T, architecture or training
 * source contradicts the model (the network was fitted to that problem); a different study period,
 * split, cost or risk aversion is a fair question, reported in the header. Values are compared as
 * JSON; `names` turns a path into the flag the user typed.
 */
export function compareWithModel(
  trained: RunConfig,
  requested: RunConfig,
  names: Readonly<Record<string, string>> = {},
): ModelComparison {
  const shown = (path: string): string => names[path] ?? path;
  const text = (value: unknown): string =>
    value === undefined
      ? "unset"
      : Array.isArray(value)
        ? value.map((v) => (Array.isArray(v) ? v.join("+") : String(v))).join(", ")
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  const contradictions: string[] = [];
  const changes: string[] = [];
  for (const path of MODEL_FIELDS) {
    const was = configValue(trained, path);
    const is = configValue(requested, path);
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    contradictions.push(
      `${shown(path)} ${text(is)} contradicts the model, trained with ${path} ${text(was)}: a model is evaluated on the problem it was trained for; train another for this one`,
    );
  }
  for (const path of CHANGED_FIELDS) {
    // File paths are compared as absolute paths (model files save them so); no file is the embedded one.
    const absolute = (value: unknown): unknown =>
      path !== "data.prices"
        ? value
        : Array.isArray(value)
          ? value.map((file) => resolve(String(file)))
          : [resolve(EMBEDDED_DATA_DIR, EMBEDDED_FILES.prices)];
    const was = configValue(trained, path);
    const is = configValue(requested, path);
    if (JSON.stringify(absolute(was)) === JSON.stringify(absolute(is))) continue;
    const named = (value: unknown): string =>
      path === "data.prices" && value === undefined
        ? `the embedded data/${EMBEDDED_FILES.prices}`
        : text(value);
    changes.push(`${shown(path)} ${named(is)} (trained with ${named(was)})`);
  }
  return { contradictions, changes };
}

/** One line for an evaluation header listing `changes`, or undefined when there are none. */
export function describeModelChanges(changes: readonly string[]): string | undefined {
  return changes.length === 0
    ? undefined
    : `evaluated under settings that differ from the model's training: ${changes.join(", ")}`;
}
