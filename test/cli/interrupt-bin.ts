import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built command (`npm test` builds dist/ before the tests). */
export const BIN = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url));

/** What one spawned run of the built command printed and how it ended. */
export interface BinRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `hedgelab` with `args` in a child process and sends it `signal` (default SIGINT,
 * Ctrl-C) as soon as `ready()` holds (checked every 10 ms), `times` times 5 ms apart; resolves when
 * the process has exited.
 */
export function interruptBin(
  args: readonly string[],
  ready: () => boolean,
  times = 1,
  signal: NodeJS.Signals = "SIGINT",
): Promise<BinRun> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const poll = setInterval(() => {
    if (!ready()) return;
    clearInterval(poll);
    for (let k = 0; k < times; k++) setTimeout(() => child.kill(signal), 5 * k);
  }, 10);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
