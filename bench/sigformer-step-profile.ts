/**
 * A V8 CPU profile of exactly one `sigformer-step` (W5: the paper's SigFormer, B = 256, T = 30, n
 * assets) after two warm-up steps, for a profile by op of one step:
 *
 *   npx tsx bench/sigformer-step-profile.ts DIR [--n N]   # writes DIR/sigformer-step-n<N>.cpuprofile
 *   npx tsx bench/op-profile.ts DIR                       # self time per op, largest first
 *
 * Sampling every 100 µs. Never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { sigformerStep } from "./sigformer-step.js";

const args = process.argv.slice(2);
const dir = args[0];
const nIndex = args.indexOf("--n");
const n = nIndex >= 0 ? Number(args[nIndex + 1]) : 1;
if (!dir || dir.startsWith("--") || !Number.isInteger(n) || n < 1) {
  process.stderr.write("usage: tsx bench/sigformer-step-profile.ts DIR [--n N] (N a positive integer)\n");
  process.exit(1);
}
const { step } = sigformerStep(n);
step();
step();
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const started = performance.now();
step();
const seconds = (performance.now() - started) / 1000;
const { profile } = await session.post("Profiler.stop");
session.disconnect();
mkdirSync(dir, { recursive: true });
const file = join(dir, `sigformer-step-n${n}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));
console.log(JSON.stringify({ workload: `W5 n=${n}, one profiled step`, seconds, profile: file }));
