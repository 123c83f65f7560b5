import type { CellFiles } from "./cell.js";

/**
 * Where finished cells are kept, by id: a folder on a disk (`folderStore`), or any other place that
 * can read and write files atomically. An entry is complete or absent, never half-written.
 */
export interface CellStore {
  /** The files of the finished cell `id` of kind `kind`, or undefined when it is not stored. */
  read(kind: string, id: string): CellFiles | undefined;
  /** Stores the files of a finished cell atomically. */
  write(kind: string, id: string, files: CellFiles): void;
}
