import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built command, run as a child process as on other machines. */
export const BIN = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url));

/** A running `hedgelab` child: its output so far (standard output and error), and its exit. */
export interface HedgelabProcess {
  process: ChildProcess;
  out: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; seconds: number }>;
}

/** The children started by {@link hedgelab} that are still running. */
const running = new Set<ChildProcess>();

/** Starts `hedgelab ARGS` (the built command) with one kernel thread and `env` added to this process's environment. */
export function hedgelab(args: string[], env: NodeJS.ProcessEnv = {}): HedgelabProcess {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HEDGELAB_THREADS: "1", ...env },
  });
  running.add(child);
  child.on("close", () => running.delete(child));
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; seconds: number }>(
    (resolve) =>
      child.on("close", (code, signal) =>
        resolve({ code, signal, seconds: (performance.now() - started) / 1000 }),
      ),
  );
  return { process: child, out: () => text, exit };
}

/**
 * The wall time of `hedgelab --version` now, in seconds: what starting the built command costs on
 * this machine at this moment (Node, the modules, the kernels), so that a test of how soon a
 * command gives up ("within 5 s") times the command's own wait, not a loaded machine's start-up.
 */
export async function startupSeconds(): Promise<number> {
  return (await hedgelab(["--version"]).exit).seconds;
}

/** Kills (SIGKILL) every child of {@link hedgelab} still running: after each test, whatever happened. */
export function killRunning(): void {
  for (const child of running) child.kill("SIGKILL");
}

/** Resolves once `test()` holds, checking every 50 ms; rejects after `seconds`. */
export async function until(test: () => boolean, what: string, seconds = 30): Promise<void> {
  const end = performance.now() + seconds * 1000;
  while (!test()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The ids of the processes whose parent is `pid`, read from /proc (Linux). */
export function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        // pid (comm) state ppid …: the command may hold spaces and parentheses, so read after the last ")".
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === pid ? [Number(name)] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/**
 * `run` of the smallest study with one stored cell: one RNN (hidden 4) trained `epochs` epochs on
 * AAPL's market windows of 2015–2017 (about 0.1 s an epoch), then scored.
 */
export function trainingStudy(epochs: number): string[] {
  return [
    ...["run", "--hedge", "AAPL", "--strategies", "rnn", "--sources", "market", "--hidden", "4"],
    ...["--epochs", String(epochs), "--stride", "5", "--start", "2015-01-01", "--end", "2017-12-31"],
  ];
}
