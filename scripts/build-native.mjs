#!/usr/bin/env node
// Compiles the engine's native kernels (src/tensor/native, C) into build/hedgelab-native.node when a
// C compiler is available: directly with `cc` (or $CC) against the headers of the running Node
// (<prefix>/include/node), no download. The kernel files are compiled once per instruction set
// (AVX-512, AVX2 + FMA and a portable build on x86-64; a portable NEON build elsewhere) and per
// element type; the addon picks the best one the CPU runs at load time. An instruction set the
// compiler rejects is left out.
//
// Never fails the install: without a compiler, or when the build fails, it prints one line saying
// that the portable WebAssembly kernels will be used (details in build/native-build.log) and exits 0.
// Silent when the addon is newer than its sources. Options: --force (rebuild), --out <file>.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sourceDir = join(root, "src/tensor/native");
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const output = outIndex >= 0 ? args[outIndex + 1] : join(root, "build/hedgelab-native.node");
const log = join(dirname(output), "native-build.log");
const compiler = process.env.CC || "cc";
const FALLBACK = "the portable WebAssembly kernels will be used";

const sources = readdirSync(sourceDir).map((f) => join(sourceDir, f));
const newest = Math.max(
  ...sources.map((f) => statSync(f).mtimeMs),
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
);
if (!args.includes("--force") && existsSync(output) && statSync(output).mtimeMs >= newest) process.exit(0);

/** Runs the compiler; resolves to { ok, output } (never rejects: a missing compiler is ok: false, missing: true). */
function run(argv) {
  return new Promise((resolve) => {
    let text = "";
    let child;
    try {
      child = spawn(compiler, argv, { stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      resolve({ ok: false, missing: true, output: String(error) });
      return;
    }
    child.stdout.on("data", (d) => (text += d));
    child.stderr.on("data", (d) => (text += d));
    child.on("error", (error) =>
      resolve({ ok: false, missing: error.code === "ENOENT", output: String(error) }),
    );
    child.on("close", (code) => resolve({ ok: code === 0, missing: false, output: text }));
  });
}

function giveUp(reason, details = "") {
  mkdirSync(dirname(log), { recursive: true });
  writeFileSync(log, `${reason}\n${details}`);
  rmSync(output, { force: true });
  process.stdout.write(`hedgelab: ${reason}; ${FALLBACK}\n`);
  process.exit(0);
}

const include = join(dirname(dirname(process.execPath)), "include", "node");
if (!existsSync(join(include, "node_api.h"))) giveUp(`Node's C headers are missing (${include}/node_api.h)`);

const x86 = process.arch === "x64";
const isas = x86
  ? [
      {
        name: "avx512",
        flags: [
          "-mavx512f",
          "-mavx512vl",
          "-mavx512bw",
          "-mavx512dq",
          "-mavx2",
          "-mfma",
          "-mprefer-vector-width=512",
        ],
      },
      { name: "avx2", flags: ["-mavx2", "-mfma"] },
      { name: "generic", flags: [] },
    ]
  : [{ name: "generic", flags: [] }];
const base = [
  "-O3",
  "-std=gnu11",
  "-fPIC",
  "-pthread",
  "-fvisibility=hidden",
  "-DNAPI_VERSION=8",
  `-I${include}`,
];
const kernelFiles = [
  "gemm-kernel.c",
  "gemm-skinny.c",
  "elementwise-kernel.c",
  "signature-kernel.c",
  "norm-kernel.c",
  "transformer-kernel.c",
];
const commonFiles = ["addon.c", "gemm.c", "signature.c", "transformer.c", "pool.c", "dispatch.c"];
const work = mkdtempSync(join(tmpdir(), "hedgelab-native-"));
const compile = (file, object, flags) =>
  run([...base, ...flags, "-c", join(sourceDir, file), "-o", join(work, object)]);

try {
  const built = [];
  let details = "";
  const results = await Promise.all(
    isas.map(async (isa) => {
      const units = [
        ...kernelFiles.flatMap((file) =>
          [0, 1].map((f64) => [
            file,
            `${isa.name}-${f64 ? "f64" : "f32"}-${file}.o`,
            [`-DHL_ISA=${isa.name}`, `-DHL_F64=${f64}`, ...isa.flags],
          ]),
        ),
        ["isa-table.c", `${isa.name}-isa-table.o`, [`-DHL_ISA=${isa.name}`]],
      ];
      const outcomes = await Promise.all(units.map(([file, object, flags]) => compile(file, object, flags)));
      return { isa, units, outcomes };
    }),
  );
  for (const { isa, units, outcomes } of results) {
    if (outcomes.some((o) => o.missing)) giveUp(`no C compiler found (${compiler})`);
    const failed = outcomes.find((o) => !o.ok);
    if (failed) details += `${isa.name}: ${failed.output}\n`;
    else built.push({ isa, objects: units.map(([, object]) => join(work, object)) });
  }
  if (!built.some(({ isa }) => isa.name === "generic")) giveUp("the native kernels did not compile", details);
  const have = (name) => (built.some(({ isa }) => isa.name === name) ? 1 : 0);
  const common = await Promise.all(
    commonFiles.map((file) =>
      compile(file, `${file}.o`, [`-DHL_HAVE_AVX512=${have("avx512")}`, `-DHL_HAVE_AVX2=${have("avx2")}`]),
    ),
  );
  const failed = common.find((o) => !o.ok);
  if (failed) giveUp("the native kernels did not compile", details + failed.output);
  mkdirSync(dirname(output), { recursive: true });
  const linked = join(work, "hedgelab-native.node");
  const objects = [
    ...built.flatMap(({ objects }) => objects),
    ...commonFiles.map((f) => join(work, `${f}.o`)),
  ];
  const link = await run([
    ...(process.platform === "darwin" ? ["-bundle", "-undefined", "dynamic_lookup"] : ["-shared"]),
    "-pthread",
    "-o",
    linked,
    ...objects,
    "-lm",
  ]);
  if (!link.ok) giveUp("the native kernels did not link", details + link.output);
  renameSync(linked, output);
  rmSync(log, { force: true });
  const names = built.map(({ isa }) => isa.name).join(", ");
  process.stdout.write(`hedgelab: built the native kernels (${names}) into ${output}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
