/**
 * The tables of issue 11 from the files of `bench/learned-hedgers-campaign.ts`: for every candidate,
 * its mean validation risk (the only figure the default was chosen on), and per hedge set the paired
 * differences with the delta hedge on the test windows (entropic risk, CVaR95, mean, std) with
 * their intervals: for each seed, the seeds' mean ± spread with the count of seeds whose interval
 * says better / same / worse, and the seed ensemble (averaged holdings: without costs its P&L is the
 * seeds' average P&L).
 *
 * Run: `npx tsx bench/learned-hedgers-table.ts [candidate ...] [--method M] [--block L] [--seeds 1,2,3]`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  comparePaired,
  DEFAULT_PAIRED_METHOD,
  PAIRED_BLOCK_MULTIPLE,
  pairedBlocks,
  type PairedDifference,
} from "../src/evaluation/paired-comparison.js";
import { formatPairedVerdict, pairedVerdict } from "../src/evaluation/paired-verdict.js";
import type { IntervalMethod } from "../src/evaluation/interval-method.js";
import { createRandom } from "../src/random/random-source.js";

interface SeedFile {
  candidate: string;
  seed: number;
  training: { hedge: string[]; bestEpoch: number; validationRisk: number | null }[];
  results: { hedge: string[]; strategy: string; pnl: number[] }[];
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const method = (option("--method") ?? DEFAULT_PAIRED_METHOD) as IntervalMethod;
const block = Number(option("--block") ?? PAIRED_BLOCK_MULTIPLE * 30);
/** `--seeds 1,2,3`: only these seeds' files (default every seed found). */
const seedFilter = option("--seeds")?.split(",").map(Number);
const dir = join(".bench-results", "learned-hedgers");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as SeedFile)
  .filter((f) => !seedFilter || seedFilter.includes(f.seed));
const wanted = args.filter((a, k) => !a.startsWith("--") && !args[k - 1]?.startsWith("--"));
const candidates = [...new Set(files.map((f) => f.candidate))].filter(
  (c) => wanted.length === 0 || wanted.includes(c),
);
const f3 = (x: number): string => (x >= 0 ? "+" : "") + x.toFixed(3);
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const spread = (xs: number[]): number =>
  Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));

console.log(
  `paired differences learned − delta on the test windows; ${method} intervals, block ${block} (cut to ⌊n/2⌋ for a short record), 1000 resamples`,
);
for (const candidate of candidates) {
  const seeds = files.filter((f) => f.candidate === candidate).sort((a, b) => a.seed - b.seed);
  const validation = seeds.flatMap((s) => s.training.map((t) => t.validationRisk ?? Number.NaN));
  console.log(
    `\n## ${candidate} (seeds ${seeds.map((s) => s.seed).join(", ")}): mean validation risk ${mean(validation).toFixed(3)}`,
  );
  console.log(
    "hedge set | metric | per seed: Δ [interval] verdict | seeds mean ± spread (b/s/w) | ensemble Δ [interval] verdict",
  );
  const hedges = [...new Set(seeds[0]!.results.map((r) => r.hedge.join("+")))];
  for (const hedge of hedges) {
    const pnlOf = (s: SeedFile, learned: boolean): number[] =>
      s.results.find(
        (r) =>
          r.hedge.join("+") === hedge &&
          (learned ? r.strategy !== "delta" && r.strategy !== "no-hedge" : r.strategy === "delta"),
      )!.pnl;
    const delta = pnlOf(seeds[0]!, false);
    const learned = seeds.map((s) => pnlOf(s, true));
    const ensemble = delta.map((_, i) => mean(learned.map((p) => p[i]!)));
    const compare = (pnl: number[]) =>
      comparePaired(pnl, delta, createRandom(42).fork(3), {
        blockLength: block,
        method,
        resamples: 1000,
        overlap: 30,
      });
    const record = pairedBlocks(delta.length, block, method);
    const verdict = (d: PairedDifference): string => formatPairedVerdict(pairedVerdict(d, record));
    const perSeed = learned.map(compare);
    const combined = compare(ensemble);
    for (const m of [3, 2, 0, 1]) {
      const diffs = perSeed.map((c) => c[m]!);
      const counts = { better: 0, same: 0, worse: 0 };
      for (const d of diffs) counts[pairedVerdict(d, record).direction]++;
      const e = combined[m]!;
      console.log(
        `${hedge} | ${e.metric} | ${diffs.map((d) => `${f3(d.estimate)} [${f3(d.lower)}, ${f3(d.upper)}] ${verdict(d)}`).join("; ")} | ` +
          `${f3(mean(diffs.map((d) => d.estimate)))} ± ${spread(diffs.map((d) => d.estimate)).toFixed(3)} (${counts.better}/${counts.same}/${counts.worse}) | ` +
          `${f3(e.estimate)} [${f3(e.lower)}, ${f3(e.upper)}] ${verdict(e)}`,
      );
    }
  }
}
