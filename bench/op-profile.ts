/**
 * A profile by op from V8 CPU profiles: `npx tsx bench/op-profile.ts DIR` reads the largest
 * `.cpuprofile` in DIR and prints the self time of each source file (one op per file under
 * src/tensor/ops, the hedger's files, the WebAssembly kernels, the native addon, the garbage
 * collector), largest first, as one JSON line per entry and a total; time in the native addon goes to
 * the op that called it (`linear.ts (native)`: the matrix products of `linear`). Make the profile with
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=DIR bench/main.ts sigformer-step --n 1
 *
 * or of one `sigformer-step` (W5) with `npx tsx bench/sigformer-step-profile.ts DIR`.
 *
 * Never part of `npm test`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: tsx bench/op-profile.ts DIR (a folder of .cpuprofile files)\n");
  process.exit(1);
}
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".cpuprofile"))
  .map((f) => join(dir, f));
if (files.length === 0) {
  process.stderr.write(`no .cpuprofile in ${dir}\n`);
  process.exit(1);
}
const file = files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));

/** The op a frame belongs to: its source file, or the kind of code. */
function opOf(frame: ProfileNode["callFrame"]): string {
  const { functionName, url } = frame;
  if (functionName.startsWith("wasm-function") || url.startsWith("wasm://")) return "WebAssembly kernels";
  if (functionName === "(garbage collector)") return "garbage collector";
  if (functionName === "(idle)" || functionName === "(program)") return functionName;
  if (url === "") return `native: ${functionName || "(anonymous)"}`;
  if (url.includes("/node_modules/") || url.startsWith("node:")) return "Node and libraries";
  return basename(url);
}

const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
/** Files that only pass a call on to the native addon: its time belongs to their caller. */
const relays = new Set(["native.ts", "gemm.ts", "kernels.ts", "heap.ts"]);

/**
 * The op of a sample: its frame's, except that time in the native addon (a frame without a source,
 * or a relay file) goes to the nearest calling op file, as "<file> (native)".
 */
function sampleOp(node: ProfileNode): string {
  const op = opOf(node.callFrame);
  if (!op.startsWith("native: ") && !relays.has(op)) return op;
  if (op === "native: (garbage collector)") return op;
  for (let id = parents.get(node.id); id !== undefined; id = parents.get(id)) {
    const caller = nodes.get(id);
    if (!caller || caller.callFrame.url === "") continue;
    const file = opOf(caller.callFrame);
    if (!relays.has(file)) return `${file} (native)`;
  }
  return op;
}

const self = new Map<string, number>();
profile.samples.forEach((id, k) => {
  const node = nodes.get(id);
  if (!node) return;
  const op = sampleOp(node);
  self.set(op, (self.get(op) ?? 0) + (profile.timeDeltas[k] ?? 0));
});
const busy = [...self].filter(([op]) => op !== "(idle)");
const total = busy.reduce((s, [, t]) => s + t, 0);
for (const [op, micros] of busy.sort((a, b) => b[1] - a[1])) {
  if (micros / total < 0.002) continue;
  console.log(
    JSON.stringify({ op, seconds: +(micros / 1e6).toFixed(3), share: +(micros / total).toFixed(3) }),
  );
}
console.log(JSON.stringify({ op: "total (not idle)", seconds: +(total / 1e6).toFixed(3), profile: file }));
