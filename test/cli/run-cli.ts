import { runCli } from "../../src/cli/main.js";

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the hedgelab CLI in-process with a fixed clock (2026-01-02T03:04:05Z), capturing its output. */
export async function cli(args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    now: () => new Date("2026-01-02T03:04:05Z"),
  });
  return { code, stdout, stderr };
}
