import type { Cell } from "../graph/cell.js";
import type { StudyRunContext } from "./study-context.js";
import { studyCells, type StudyGraph } from "./study-graph.js";

/** Options of {@link drawStudyGraph}. */
export interface DrawOptions {
  /** `mermaid` (a flowchart, for the docs and any Markdown viewer) or `text` (one line per cell); default mermaid. */
  format?: "mermaid" | "text";
}

/**
 * The study's graph as a drawing: every cell (kind, label, the first 8 characters of its id, and
 * whether it is stored) with arrows from its inputs, inputs first. What `hedgelab graph` prints.
 */
export function drawStudyGraph(graph: StudyGraph, options: DrawOptions = {}): string {
  const cells = studyCells(graph);
  const name = (cell: Cell<unknown, StudyRunContext>): string =>
    `${cell.kind.replace(/\W/g, "_")}_${cell.id.slice(0, 8)}`;
  if (options.format === "text") {
    return cells
      .map(
        (cell) =>
          `${cell.id.slice(0, 8)} ${cell.kind}${cell.codec ? " (stored)" : ""}: ${cell.label}` +
          (cell.inputs.length > 0 ? ` ← ${cell.inputs.map((i) => i.id.slice(0, 8)).join(", ")}` : ""),
      )
      .join("\n");
  }
  const lines = ["flowchart LR"];
  for (const cell of cells) {
    const text = `${cell.kind}: ${cell.label}`.replace(/"/g, "'");
    lines.push(cell.codec ? `  ${name(cell)}[("${text}")]` : `  ${name(cell)}["${text}"]`);
  }
  for (const cell of cells) for (const input of cell.inputs) lines.push(`  ${name(input)} --> ${name(cell)}`);
  return lines.join("\n");
}
