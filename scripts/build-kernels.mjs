#!/usr/bin/env node
// Compiles the engine's WebAssembly kernels (src/tensor/assembly, AssemblyScript) into
// build/kernels.wasm when a source is newer than the output. Silent on success.
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sourceDir = join(root, "src/tensor/assembly");
// Two builds of the same source: plain SIMD, and relaxed SIMD (fused multiply-add), which the
// loader prefers where the runtime accepts it.
const outputs = [
  { file: join(root, "build/kernels.wasm"), features: "simd" },
  { file: join(root, "build/kernels-relaxed.wasm"), features: "simd,relaxed-simd" },
];
const sources = readdirSync(sourceDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => join(sourceDir, f));
const newest = Math.max(
  ...sources.map((f) => statSync(f).mtimeMs),
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
);
const fresh = ({ file }) => existsSync(file) && statSync(file).mtimeMs >= newest;
if (outputs.every(fresh) && !process.argv.includes("--force")) process.exit(0);

for (const { file, features } of outputs) {
  mkdirSync(dirname(file), { recursive: true });
  const { error, stderr } = await asc.main([
    join(sourceDir, "index.ts"),
    "--outFile",
    file,
    "-O3",
    "--noAssert",
    "--runtime",
    "stub",
    "--enable",
    features,
    "--importMemory",
    "--memoryBase",
    "1024",
    "--initialMemory",
    "2",
  ]);
  if (error) {
    process.stderr.write(stderr.toString());
    process.stderr.write(`build-kernels: ${error.message}\n`);
    process.exit(1);
  }
}
