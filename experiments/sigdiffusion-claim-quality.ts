/**
 * The generators' quality statistics for EVERY hedge set of a study (the study's quality tables cover
 * the widest; its quality targets, `quality-targets.csv`, every hedge set but against the validation
 * windows),
 * from the paths its run left in the store: for each generated source and hedge set of H assets, the
 * quality statistics of `pathQuality` against the market's training and test windows, with the
 * training windows themselves as the floor, and the share of SigDiffusion samples the inversion's
 * accuracy check rejected. What docs/experiments.md ("SigDiffusion per asset against joint: the
 * paper's claim") reads; issue 23, part 2.
 *
 * Run, after `hedgelab run --config experiments/sigdiffusion-claim.json --out DIR`:
 * `npx tsx experiments/sigdiffusion-claim-quality.ts [config] [DIR/.cache] [out.csv]`
 * (defaults: experiments/sigdiffusion-claim.json, runs/.cache, quality-by-hedge-set.csv). Nothing
 * is trained or sampled again when the run's store holds the paths (cells are found by identity).
 *
 * Writes the rows (`hedge,metric,asset,source,reference,value`, with `rejection rate` rows) to the CSV
 * and prints one line per hedge set and source: the correlation error (Frobenius) against the training
 * and the test windows, the discriminative score, the mean over the assets of the KS distance of the
 * T-day log-return and of the realised volatility (against the test windows), and the rejection rate.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolveRunConfig, runSources } from "../src/config/run-config.js";
import { loadEmbeddedPrices, loadPrices } from "../src/data/load-prices.js";
import { selectAssets, type PathBatch } from "../src/data/path-batch.js";
import { pathQuality, type QualityRow } from "../src/evaluation/path-quality.js";
import { cellsInOrder, type Cell } from "../src/graph/cell.js";
import { executeGraph, outputOf } from "../src/graph/execute-graph.js";
import type { MarketData } from "../src/market/market-data.js";
import { createRandom } from "../src/random/random-source.js";
import { sourceEntry } from "../src/sources/registry.js";
import type { SampledSigDiffusion } from "../src/sources/sigdiffusion-paths.js";
import type { TrainingPaths } from "../src/sources/source-entry.js";
import { folderStore } from "../src/store/folder-store.js";
import { buildStudyGraph } from "../src/study/study-graph.js";
import type { StudyRunContext } from "../src/study/study-context.js";

const [
  configFile = "experiments/sigdiffusion-claim.json",
  cacheDir = "runs/.cache",
  out = "quality-by-hedge-set.csv",
] = process.argv.slice(2);
const config = resolveRunConfig(JSON.parse(readFileSync(configFile, "utf8")));
const table = config.data.prices ? loadPrices(config.data.prices) : loadEmbeddedPrices();
const graph = buildStudyGraph(config, table);
const generated = runSources(config).filter((s) => sourceEntry(s).generated);

// The paths cell each generated source's first training of a hedge set read (the run's seed).
const pathsOf = new Map<string, Cell<TrainingPaths, StudyRunContext>>();
for (const { cell, info } of graph.trainings) {
  const key = `${info.hedge.join("+")}\u0000${info.source}`;
  if (!generated.includes(info.source) || pathsOf.has(key)) continue;
  pathsOf.set(key, cell.inputs[1] as Cell<TrainingPaths, StudyRunContext>);
}
const outputs = new Map<string, unknown>();
const store = folderStore(cacheDir);
executeGraph([graph.market], { context: {}, store, outputs });
const data = outputOf(outputs, graph.market) as MarketData;
// A source whose sampling stops (the inversion check rejecting beyond its cap) is reported, not measured.
const failures = new Map<string, string>();
for (const [key, cell] of pathsOf) {
  try {
    executeGraph([cell], { context: {}, store, outputs });
  } catch (error) {
    failures.set(key, error instanceof Error ? error.message : String(error));
  }
}

/** Rejected over drawn samples of the SigDiffusion sampling cells under `cell` (undefined for another generator). */
function rejectionRate(cell: Cell<unknown, StudyRunContext>): number | undefined {
  const samples = cellsInOrder([cell])
    .filter((c) => c.kind === "sigdiffusion-sample")
    .map((c) => outputs.get(c.id) as SampledSigDiffusion | undefined);
  if (samples.length === 0 || samples.some((s) => s === undefined)) return undefined;
  const drawn = samples.reduce((sum, s) => sum + s!.drawn, 0);
  const kept = samples.reduce((sum, s) => sum + s!.paths.n, 0);
  return (drawn - kept) / drawn;
}

const FLOOR = "train windows (floor)";
const rows: (QualityRow & { hedge: string })[] = [];
const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
const summary: string[] = [
  "hedge set | source | corr err vs train | corr err vs test | discriminative | KS 30d | KS vol | rejected",
];
for (const hedge of data.hedgeSets) {
  const name = hedge.join("+");
  const train = selectAssets(data.windows.train, hedge);
  const test = selectAssets(data.windows.test, hedge);
  const sources: Record<string, PathBatch> = {};
  const measured = generated.filter((source) => !failures.has(`${name}\u0000${source}`));
  for (const source of measured)
    sources[source] = outputOf(outputs, pathsOf.get(`${name}\u0000${source}`)!).paths;
  sources[FLOOR] = train;
  const quality = pathQuality(sources, { train, test }, createRandom(config.seed).fork(8));
  for (const source of measured) {
    const rate = rejectionRate(pathsOf.get(`${name}\u0000${source}`)!);
    if (rate !== undefined)
      quality.push({ metric: "rejection rate", asset: "all", source, reference: "", value: rate });
  }
  rows.push(...quality.map((row) => ({ hedge: name, ...row })));
  for (const source of generated.filter((s) => !measured.includes(s)))
    summary.push(`${name} | ${source} | no paths: ${failures.get(`${name}\u0000${source}`)}`);
  for (const source of [...measured, FLOOR]) {
    const pick = (metric: string, reference: string): number[] =>
      quality
        .filter((r) => r.metric === metric && r.source === source && r.reference === reference)
        .map((r) => r.value);
    const show = (values: number[]): string => (values.length ? mean(values).toFixed(3) : "–");
    const corrTrain = source === FLOOR ? [] : pick("correlation error (Frobenius)", "train");
    summary.push(
      [
        name,
        source,
        show(corrTrain),
        show(pick("correlation error (Frobenius)", "test")),
        show(pick("discriminative score", "test")),
        show(pick(`KS log-return ${config.data.steps}d`, "test")),
        show(pick("KS realised vol", "test")),
        show(pick("rejection rate", "")),
      ].join(" | "),
    );
  }
}
const csv = rows.map((r) => [r.hedge, r.metric, r.asset, r.source, r.reference, r.value].join(","));
writeFileSync(out, `hedge,metric,asset,source,reference,value\n${csv.join("\n")}\n`);
console.log(summary.join("\n"));
