import { arch, availableParallelism, cpus, platform } from "node:os";
import { VERSION } from "../../version.js";
import { describeBackend, kernelBackend, kernelSettings } from "../../tensor/kernels.js";
import type { CliIo } from "../io.js";

/**
 * `hedgelab doctor`: what this installation runs on: the version, Node, the CPU, the kernel backend
 * in use (native with its instruction set, thread count and any system BLAS, or WebAssembly and why)
 * and the settings that choose it (HEDGELAB_KERNELS, HEDGELAB_THREADS, HEDGELAB_NATIVE_ISA).
 */
export function commandDoctor(io: CliIo): void {
  const settings = kernelSettings();
  const env = (name: string, fallback: string): string => `${name}=${process.env[name] || `(${fallback})`}`;
  const lines = [
    `hedgelab ${VERSION}`,
    `node      ${process.version} ${platform()} ${arch()}`,
    `cpu       ${cpus()[0]?.model.trim() ?? "unknown"}, ${availableParallelism()} logical cores`,
    `kernels   ${describeBackend(kernelBackend())}`,
    `settings  ${env("HEDGELAB_KERNELS", "auto")} ${env("HEDGELAB_THREADS", String(settings.threads))} ${env("HEDGELAB_NATIVE_ISA", "best")}`,
  ];
  io.stdout(`${lines.join("\n")}\n`);
}
