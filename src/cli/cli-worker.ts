import { parentPort, workerData } from "node:worker_threads";
import type { CliWorkerInput, CliWorkerMessage } from "./interrupt.js";
import { runCli } from "./main.js";

/**
 * The worker-thread side of the bin entry (see `superviseCli`): runs the command line it was
 * given with {@link runCli}, sends everything written to standard output and error to the main
 * thread through one port (so that the order of the two streams is kept), tells it each
 * {@link RecoveryPoint} the command reports, and ends with the command's exit code.
 */
export async function serveCli(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("serveCli runs in the worker thread started by superviseCli");
  const input = workerData as CliWorkerInput;
  const post = (message: CliWorkerMessage): void => port.postMessage(message);
  forwardWrites(process.stdout, "stdout", post);
  forwardWrites(process.stderr, "stderr", post);
  process.exitCode = await runCli(input.argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: input.isTTY,
    recover: (point) => post({ kind: "recover", point }),
  });
}

/**
 * Replaces `stream.write` by a message to the main thread: a worker's own standard streams are
 * relayed separately, which would reorder standard output against standard error.
 */
function forwardWrites(
  stream: NodeJS.WriteStream,
  kind: "stdout" | "stderr",
  post: (message: CliWorkerMessage) => void,
): void {
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    post({ kind, chunk: typeof chunk === "string" ? chunk : Uint8Array.from(chunk) });
    const callback = rest.find((r): r is (error?: Error | null) => void => typeof r === "function");
    if (callback) queueMicrotask(() => callback(null));
    return true;
  }) as NodeJS.WriteStream["write"];
}
