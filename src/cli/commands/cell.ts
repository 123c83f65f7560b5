import { readFileSync } from "node:fs";
import { HedgelabError } from "../../errors.js";
import { cellsInOrder } from "../../graph/cell.js";
import { executeGraph } from "../../graph/execute-graph.js";
import { folderStore } from "../../store/folder-store.js";
import { studyOf, type StudySpec } from "../cell-children.js";
import { gridProgress } from "../grid-progress.js";
import { studyProgress } from "../../study/study-progress.js";
import type { CliIo } from "../io.js";
import type { RunFlags } from "../run-options.js";

/**
 * `hedgelab cell --spec FILE --cell ID --cache DIR` (hidden): what a child process of
 * `run --workers N` or `backtest --workers N` does. Rebuilds the study of the spec file (a
 * {@link StudySpec}, with the prices read again from its files), finds the cell `ID` and stores it
 * in the cache, reading its stored inputs from there and computing the cheap ones. A training
 * saves its checkpoint in the cache after every epoch and, with the spec's `resume`, continues
 * from one left there. Its standard error is read only by the coordinator, for the message of a
 * failure.
 *
 * @throws HedgelabError when the study has no cell `ID` (the spec and the coordinator disagree).
 */
export function commandCell(flags: RunFlags, io: CliIo): void {
  const { spec: file, cell: id, cache: dir } = flags;
  if (typeof file !== "string" || typeof id !== "string" || typeof dir !== "string")
    throw new HedgelabError("hedgelab cell needs --spec FILE, --cell ID and --cache DIR");
  const spec = JSON.parse(readFileSync(file, "utf8")) as StudySpec;
  const cache = folderStore(dir);
  io.recover?.({ cache: cache.dir });
  const { targets, trainings } = studyOf(spec);
  const cell = cellsInOrder(targets).find((c) => c.id === id);
  if (!cell) throw new HedgelabError(`the study of ${file} has no cell ${id}`);
  // A training writes its checkpoint in the cache after every epoch, as in one process (`--resume`).
  const infos = new Map(trainings.map((t) => [t.cell.id, t.info]));
  const outputs = new Map<string, unknown>();
  const progress = studyProgress((trainingId) => infos.get(trainingId), outputs, {
    training: gridProgress(io, { cache, resume: spec.resume === true }),
  });
  const warnings: string[] = [];
  executeGraph([cell], {
    context: progress.context,
    store: cache,
    outputs,
    onStart: progress.onStart,
    onDone: progress.onDone,
    warn: (line) => {
      warnings.push(line);
      io.stderr(`hedgelab: warning: ${line}\n`);
    },
  });
  if (!cache.has(cell.kind, cell.id))
    throw new HedgelabError(
      `the cell was computed but not stored (${warnings.at(-1) ?? "no entry in the cache"})`,
    );
}
