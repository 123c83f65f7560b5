import { HedgelabError } from "../errors.js";
import { EnsemblePolicy } from "../hedgers/ensemble-policy.js";
import type { ModelFile } from "../store/model-file.js";
import type { TrainedPolicy } from "./train-policy.js";

/** A saved model to score: its folder's name, its file, its content and the rebuilt hedger. */
export interface SavedModel {
  /** The model's name in messages: its folder's base name (`AAPL-seed43`). */
  name: string;
  /** Its `model.json`. */
  file: string;
  model: ModelFile;
  trained: TrainedPolicy;
  /** The name of its row, given by the user (`--model NAME=FOLDER`); default {@link savedModelLabels}. */
  label?: string;
}

/**
 * A seed (or source) ensemble of saved models: one row whose holdings are the members' average
 * ({@link EnsemblePolicy}). The members share the hedge set, the option, T and the fitted parameters
 * of their training runs ({@link checkEnsembleMembers}).
 */
export interface SavedEnsemble {
  /** The ensemble's name in messages (the folder given, or the members' names joined by `,`). */
  name: string;
  /** At least two members. */
  members: readonly SavedModel[];
  /** The name of its row, given by the user (`--ensemble NAME=…`); default {@link savedModelLabels}. */
  label?: string;
}

/** A saved model or ensemble: one learned row of an evaluation. */
export type SavedRow = SavedModel | SavedEnsemble;

/** True when `row` is an ensemble. */
export function isSavedEnsemble(row: SavedRow): row is SavedEnsemble {
  return "members" in row;
}

/** The model file of a row: the model's own, or an ensemble's first member's (they share what matters). */
export function rowModel(row: SavedRow): ModelFile {
  return isSavedEnsemble(row) ? row.members[0]!.model : row.model;
}

/** The training source of a row (`market`, `regime-bs`), the members' sources joined by `+` for a mixed ensemble. */
export function rowSource(row: SavedRow): string {
  const sources = isSavedEnsemble(row)
    ? [...new Set(row.members.map((m) => m.model.config.training.data))]
    : [row.model.config.training.data];
  return sources.join("+");
}

/** The policy of a row: the model's hedger, or an ensemble averaging its members' holdings. */
export function rowPolicy(row: SavedRow): EnsemblePolicy | TrainedPolicy["policy"] {
  return isSavedEnsemble(row)
    ? new EnsemblePolicy(row.members.map((m) => m.trained.policy))
    : row.trained.policy;
}

/**
 * Refuses, with one line naming the mismatch and the two members, an ensemble whose members cannot
 * be averaged: fewer than two members, or members that differ in hedge set, option (kind, strike,
 * underlying), T, training or validation period, training volatility (the delta hedge it is paired
 * with) or regime model.
 */
export function checkEnsembleMembers(ensemble: SavedEnsemble): void {
  const [first, ...others] = ensemble.members;
  if (!first || others.length === 0)
    throw new HedgelabError(
      `ensemble ${ensemble.name} has ${ensemble.members.length} member${first ? "" : "s"}: an ensemble averages at least two models`,
    );
  const periodText = (p: { start: string; end: string } | undefined): string =>
    p ? `${p.start}..${p.end}` : "none";
  const aspects: [string, (m: ModelFile) => string][] = [
    ["hedge set", (m) => m.hedge.join("+")],
    [
      "option",
      (m) =>
        `${m.config.option.kind} ${m.config.option.strike} on ${m.config.option.underlying ?? m.hedge[0]}`,
    ],
    ["T", (m) => String(m.config.data.steps)],
    ["training period", (m) => periodText(m.fitted.train)],
    ["validation period", (m) => periodText(m.fitted.validation)],
    ["training volatility", (m) => `${m.fitted.volatility.volatility}`],
  ];
  for (const member of others) {
    for (const [aspect, value] of aspects) {
      const a = value(first.model);
      const b = value(member.model);
      if (a !== b)
        throw new HedgelabError(
          `ensemble ${ensemble.name}: its members differ in ${aspect}: ${a} (${first.name}) and ${b} (${member.name}); an ensemble averages models fitted to the same problem`,
        );
    }
    if (JSON.stringify(first.model.fitted.regimes) !== JSON.stringify(member.model.fitted.regimes))
      throw new HedgelabError(
        `ensemble ${ensemble.name}: its members differ in regime model: ${first.name} and ${member.name} were fitted on different regimes; an ensemble averages models fitted to the same problem`,
      );
  }
}

/**
 * The strategy name of every learned row of an evaluation, in the order given, as `run` names its
 * rows: the hedger (`rnn-residual`, `sigformer`; `<first member>-ensemble` for an ensemble), then
 * `:seed<k>` when the models' seeds differ (so that the across-seeds table groups them); the
 * training source is not part of it (it is shown beside the name when the rows' sources differ,
 * see `labelledEvaluations`). A name the user gave is taken as it is. Rows of one hedge set that
 * would still share a name are told apart by their folder's name (`rnn-residual · b`).
 *
 * @returns one name per row, unique within each hedge set (with its training source).
 * @throws HedgelabError when two given names are the same, or a given name is `delta`, `no-hedge`,
 *   empty or holds a comma.
 */
export function savedModelLabels(rows: readonly SavedRow[]): string[] {
  const given = new Map<string, string>();
  for (const row of rows) {
    if (row.label === undefined) continue;
    const label = row.label;
    if (label.trim() === "" || /[,\n"]/.test(label) || label === "delta" || label === "no-hedge")
      throw new HedgelabError(
        `invalid name ${JSON.stringify(label)} of ${row.name}: a row's name is not empty, has no comma or quote and is neither delta nor no-hedge`,
      );
    const before = given.get(label);
    if (before !== undefined)
      throw new HedgelabError(
        `two rows are named ${label} (${before} and ${row.name}): give each model or ensemble its own name`,
      );
    given.set(label, row.name);
  }
  const models = rows.filter((row): row is SavedModel => !isSavedEnsemble(row));
  const seedsDiffer = new Set(models.map((m) => m.model.config.seed)).size > 1;
  const labels = rows.map((row) => {
    if (row.label !== undefined) return row.label;
    if (isSavedEnsemble(row)) return `${row.members[0]!.trained.policy.name}-ensemble`;
    return seedsDiffer ? `${row.trained.policy.name}:seed${row.model.config.seed}` : row.trained.policy.name;
  });
  // Derived names that still collide within a hedge set (same hedger, seed and source) get the folder's name.
  const key = (k: number): string =>
    `${rowModel(rows[k]!).hedge.join("+")}|${labels[k]!}|${rowSource(rows[k]!)}`;
  const counts = new Map<string, number>();
  labels.forEach((_, k) => counts.set(key(k), (counts.get(key(k)) ?? 0) + 1));
  const out = labels.map((label, k) =>
    rows[k]!.label === undefined && counts.get(key(k))! > 1 ? `${label} · ${rows[k]!.name}` : label,
  );
  const seen = new Map<string, string>();
  out.forEach((label, k) => {
    const full = `${rowModel(rows[k]!).hedge.join("+")}|${label}|${rowSource(rows[k]!)}`;
    const before = seen.get(full);
    if (before !== undefined)
      throw new HedgelabError(
        `${before} and ${rows[k]!.name} would both be named ${label}: name them with --model NAME=FOLDER`,
      );
    seen.set(full, rows[k]!.name);
  });
  return out;
}
