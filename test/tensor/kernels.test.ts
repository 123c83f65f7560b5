import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kernelSettings } from "../../src/tensor/kernels.js";

const root = join(import.meta.dirname, "../..");

/** Runs `code` (an ES module using the engine's sources) in a fresh Node with `env` added. */
function runEngine(
  code: string,
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: root,
    env: { ...process.env, HEDGELAB_KERNELS: "", ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PRODUCT = `
const { kernelBackend } = await import("./src/tensor/kernels.ts");
const { matmul } = await import("./src/tensor/ops/matmul.ts");
const { tensor } = await import("./src/tensor/tensor.ts");
const c = matmul(tensor([1, 2, 3, 4, 5, 6], [2, 3]), tensor([1, 0, 0, 1, 1, 1], [3, 2]));
console.log(JSON.stringify({ backend: kernelBackend(), c: [...c.values()] }));
`;

describe("kernel settings", () => {
  it("default to auto, the available parallelism and the best instruction set", () => {
    const s = kernelSettings({});
    expect([s.request, s.threads, s.isa]).toEqual(["auto", availableParallelism(), ""]);
    expect(s.addon.pathname.endsWith("/build/hedgelab-native.node")).toBe(true);
  });

  it("reject a bad value with one line naming the variable", () => {
    expect(() => kernelSettings({ HEDGELAB_KERNELS: "gpu" })).toThrow(
      "HEDGELAB_KERNELS=gpu is not a kernel backend: use native, wasm or simd",
    );
    expect(() => kernelSettings({ HEDGELAB_THREADS: "0" })).toThrow(
      "HEDGELAB_THREADS=0 is not a thread count",
    );
    expect(() => kernelSettings({ HEDGELAB_THREADS: "2.5" })).toThrow("HEDGELAB_THREADS=2.5");
    expect(() => kernelSettings({ HEDGELAB_NATIVE_ISA: "sse9" })).toThrow("HEDGELAB_NATIVE_ISA=sse9");
    expect(kernelSettings({ HEDGELAB_THREADS: "3", HEDGELAB_KERNELS: "simd" })).toMatchObject({
      request: "simd",
      threads: 3,
    });
  });
});

describe("install without a C compiler", () => {
  it("the native build prints one line, exits 0 and writes no addon when cc is not on the PATH", () => {
    const dir = mkdtempSync(join(tmpdir(), "hedgelab-native-test-"));
    try {
      const out = join(dir, "hedgelab-native.node");
      const result = spawnSync(
        process.execPath,
        [join(root, "scripts/build-native.mjs"), "--force", "--out", out],
        {
          env: { PATH: join(dir, "empty"), HOME: dir },
          encoding: "utf8",
        },
      );
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(
        "hedgelab: no C compiler found (cc); the portable WebAssembly kernels will be used\n",
      );
      expect(result.stderr).toBe("");
      expect(existsSync(out)).toBe(false);
      expect(readFileSync(join(dir, "native-build.log"), "utf8")).toContain("no C compiler found");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the engine falls back to the WebAssembly kernels when the addon is missing, and says why", () => {
    const result = runEngine(PRODUCT, { HEDGELAB_NATIVE_ADDON: "/nonexistent/hedgelab-native.node" });
    expect(result.stderr).toBe("");
    const { backend, c } = JSON.parse(result.stdout) as { backend: Record<string, unknown>; c: number[] };
    expect(backend.backend).toBe("relaxed-simd");
    expect(backend.note).toContain("not built");
    expect(c).toEqual([4, 5, 10, 11]);
  });

  it("HEDGELAB_KERNELS=native without the addon is an error that says so", () => {
    const result = runEngine(PRODUCT, {
      HEDGELAB_KERNELS: "native",
      HEDGELAB_NATIVE_ADDON: "/nonexistent/hedgelab-native.node",
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("HEDGELAB_KERNELS=native: the native kernels are not built");
  });
});
