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

/** The arguments of a quick `hedgelab run` (AAPL, delta and no hedge: no training); `extra` last. */
export function quickRunArgs(...extra: string[]): string[] {
  return ["run", "--hedge", "AAPL", "--strategies", "delta,no-hedge", ...extra];
}
