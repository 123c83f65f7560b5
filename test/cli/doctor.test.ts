import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.js";
import { kernelBackend } from "../../src/tensor/kernels.js";
import { cli } from "./run-cli.js";

describe("hedgelab doctor and --version", () => {
  it("--version prints the version and the kernel backend in use", async () => {
    const run = await cli(["--version"]);
    expect(run.code).toBe(0);
    const { backend, isa, threads } = kernelBackend();
    const expected =
      backend === "native" ? `native ${isa}, ${threads} thread` : `WebAssembly ${backend}, 1 thread`;
    expect(run.stdout).toContain(`${VERSION} (kernels: ${expected}`);
  });

  it("doctor names the CPU, the backend, its instruction set and thread count, and the settings", async () => {
    const run = await cli(["doctor"]);
    expect(run.code).toBe(0);
    const { backend, isa, threads } = kernelBackend();
    expect(run.stdout).toMatch(/^hedgelab \S+\nnode +v\d+/);
    expect(run.stdout).toMatch(/\ncpu +.+, \d+ logical cores\n/);
    // Native: its instruction set and threads; without the addon (no compiler at install): the WebAssembly kernels.
    expect(run.stdout).toContain(
      backend === "native" ? `${isa}, ${threads} thread` : `WebAssembly ${backend}, 1 thread`,
    );
    expect(run.stdout).toMatch(
      /\nsettings +HEDGELAB_KERNELS=\S+ HEDGELAB_THREADS=\S+ HEDGELAB_NATIVE_ISA=\S+\n$/,
    );
  });
});
