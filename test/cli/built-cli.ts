import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The built command line, `dist/cli/bin.js` (what `npx hedgelab` runs). */
export const BUILT_CLI = join("dist", "cli", "bin.js");

/** The latest modification time of the TypeScript sources under `dir`, in ms. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The path of the built CLI, compiled first (`tsc -p tsconfig.build.json`) when `dist/` is missing or
 * older than a source file, so that a test spawning it runs the code under test (`npm ci` builds it).
 */
export function builtCli(): string {
  if (!existsSync(BUILT_CLI) || statSync(BUILT_CLI).mtimeMs < newestSource("src")) {
    execFileSync(
      process.execPath,
      [join("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
      {
        stdio: "inherit",
      },
    );
  }
  return BUILT_CLI;
}
