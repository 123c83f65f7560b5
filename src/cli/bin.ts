#!/usr/bin/env node
// The `hedgelab` command. The main thread only supervises: the command runs in a worker thread
// started from this same file, so that Ctrl-C is answered while training blocks the worker
// (src/cli/interrupt.ts). The worker loads the CLI (and the kernels) on its own.
// Run from the TypeScript sources (tsx), the command runs in the main thread instead: a worker
// thread would not inherit tsx's loader. Ctrl-C then ends it without the recovery line.
import { isMainThread } from "node:worker_threads";
import { superviseCli } from "./interrupt.js";

if (!isMainThread) {
  const { serveCli } = await import("./cli-worker.js");
  await serveCli();
} else if (import.meta.url.endsWith(".ts")) {
  const { runCli } = await import("./main.js");
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
  });
} else if (process.env.HEDGELAB_CELL_CHILD === "1") {
  // A child of `run --workers N` (src/cli/cell-children.ts): it stops, as on SIGTERM, when its
  // coordinator goes away (its standard input closes), so that no orphan keeps training.
  const stopWithParent = (): boolean => process.kill(process.pid, "SIGTERM");
  process.stdin.on("end", stopWithParent);
  process.stdin.on("error", stopWithParent);
  process.stdin.resume();
  process.exitCode = await superviseCli(new URL(import.meta.url), process.argv.slice(2));
  process.stdin.off("end", stopWithParent);
  process.stdin.destroy();
} else {
  process.exitCode = await superviseCli(new URL(import.meta.url), process.argv.slice(2));
}
