import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The folders of src/, bottom to top: a folder imports only from folders before it in this list
 * (and from the root files errors.ts and version.ts); nothing imports cli/ or index.ts.
 */
const LAYERS = [
  "math",
  "random",
  "tensor",
  "signature",
  "data",
  "generators",
  "instruments",
  "risk",
  "hedgers",
  "training",
  "evaluation",
  "report",
  "schema",
  "graph",
  "market",
  "models",
  "sources",
  "config",
  "store",
  "study",
  "backtest",
  "sweep",
  "cli",
];
const ROOT_FILES = ["errors.ts", "version.ts"];

const src = resolve(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every relative import of a file (`import type` and `export … from` included), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']/g))
    found.push(resolve(dirname(file), match[1]!).replace(/\.js$/, ".ts"));
  return found;
}

const files = sourceFiles(src).filter((f) => !f.includes(`${join("tensor", "assembly")}`));
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const folderOf = (file: string): string => relative(src, file).split("/")[0]!;

describe("the layout of src/", () => {
  it("every folder is one of the layers", () => {
    const folders = new Set(files.map(folderOf).filter((f) => !f.endsWith(".ts")));
    expect([...folders].filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it("folders import only from folders below them (and nothing imports cli/ or index.ts)", () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      for (const target of imports) {
        const to = folderOf(target);
        if (from === "index.ts") continue;
        if (ROOT_FILES.includes(to)) continue;
        const ok = from === to || (LAYERS.indexOf(to) >= 0 && LAYERS.indexOf(to) < LAYERS.indexOf(from));
        if (!ok) wrong.push(`${relative(src, file)} → ${relative(src, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("has no import loop, `import type` included", () => {
    const state = new Map<string, "open" | "done">();
    const loops: string[] = [];
    const visit = (file: string, stack: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        loops.push([...stack.slice(stack.indexOf(file)), file].map((f) => relative(src, f)).join(" → "));
        return;
      }
      state.set(file, "open");
      for (const target of graph.get(file) ?? []) visit(target, [...stack, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(loops).toEqual([]);
  });
});
