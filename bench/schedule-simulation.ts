/**
 * `npx tsx bench/schedule-simulation.ts [--shards N]`: how long the paper-size study (experiments/paper.json, the
 * embedded prices) would take on W identical workers, each a two-core machine like this project's
 * build machine, W = 1, 4, 16, 64 — a simulation of the graph's schedule, not a run. It builds the
 * study's graph (`buildStudyGraph`), takes the cells a run on an empty store computes
 * (`cellsToStore`: the regime model, 5 regime-bs path sets, 5 SigDiffusion models and 5 samplings,
 * 30 trainings), gives each a duration from the figures below, and schedules them as
 * `executeInParallel` (and so `run --queue`) does: whenever a worker is free, it takes the first cell
 * in graph order whose inputs are stored; a cell runs on one worker. It prints the makespan per W,
 * low and high (each figure is a range), and the critical path: the chain of cells that bounds the
 * makespan however many workers there are. The cheap cells without a codec (market data, the
 * evaluations, the quality tables) run in the coordinator afterwards and are left out, as is the
 * queue's overhead per cell (about a second: bench/queue-overhead.ts), small beside these cells.
 * `--shards N` splits each SigDiffusion sampling into N cells (`sigdiffusion.shards`), each 1/N as long.
 *
 * Never part of `npm test`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolveRunConfig } from "../src/config/run-config.js";
import { cellsToStore } from "../src/graph/execute-in-parallel.js";
import { loadStudyPrices } from "../src/study/run-study.js";
import { buildStudyGraph } from "../src/study/study-graph.js";

/** A cell to compute, with the ids of those it waits for and how long it takes, in seconds. */
export interface TimedJob {
  id: string;
  label: string;
  needs: readonly string[];
  seconds: number;
}

/**
 * List scheduling on `workers` identical workers, as `executeInParallel` does: at every moment a
 * worker is free, the first job of `jobs` (inputs first) whose needs are done starts on it.
 *
 * @returns the makespan in seconds.
 */
export function simulateSchedule(jobs: readonly TimedJob[], workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`invalid workers: ${workers}`);
  const pending = [...jobs];
  const done = new Set<string>();
  let running: { id: string; end: number }[] = [];
  let t = 0;
  for (;;) {
    while (running.length < workers) {
      const next = pending.findIndex((job) => job.needs.every((id) => done.has(id)));
      if (next < 0) break;
      const job = pending.splice(next, 1)[0]!;
      running.push({ id: job.id, end: t + job.seconds });
    }
    if (running.length === 0) {
      if (pending.length > 0) throw new Error(`${pending.length} jobs wait for jobs that never run`);
      return t;
    }
    t = Math.min(...running.map((r) => r.end));
    for (const r of running) if (r.end <= t) done.add(r.id);
    running = running.filter((r) => r.end > t);
  }
}

/**
 * The longest chain of `jobs` (inputs first) by total duration: the makespan with unlimited workers.
 *
 * @returns the chain, first job first, and its length in seconds.
 */
export function criticalPath(jobs: readonly TimedJob[]): { chain: TimedJob[]; seconds: number } {
  const finish = new Map<string, { seconds: number; previous?: TimedJob; job: TimedJob }>();
  for (const job of jobs) {
    let best: { seconds: number; job: TimedJob } | undefined;
    for (const id of job.needs) {
      const f = finish.get(id);
      if (!f) throw new Error(`job ${job.id} needs ${id}, which comes later`);
      if (!best || f.seconds > best.seconds) best = f;
    }
    finish.set(job.id, {
      seconds: (best?.seconds ?? 0) + job.seconds,
      job,
      ...(best ? { previous: best.job } : {}),
    });
  }
  let end = [...finish.values()].reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const seconds = end.seconds;
  const chain = [end.job];
  while (end.previous) {
    end = finish.get(end.previous.id)!;
    chain.unshift(end.job);
  }
  return { chain, seconds };
}

const HOUR = 3600;
type Range = readonly [low: number, high: number];

/**
 * SigFormer `paper`, seconds per epoch per 1,000 paths, by hedge-set size: measured 28.2 s (1 asset)
 * and 17.6 s (5 assets) on this machine (docs/experiments.md, "The two profiles and what they cost
 * here", load 5–7); 2 to 4 assets interpolated linearly (not measured).
 */
const sigformerEpochPer1000 = (assets: number): number => 28.2 + ((17.6 - 28.2) * (assets - 1)) / 4;

/** Training paths per source at the paper size: 2,835 market windows (stride 1), 6 regimes × 20,000, 20,000 SigDiffusion paths. */
const PATHS: Record<string, number> = { market: 2835, "regime-bs": 120_000, sigdiffusion: 20_000 };

/** RNN, seconds per epoch per 1,000 paths (docs/experiments.md): 0.6 s on 2,835 market windows; 1.3–1.6 s per 10,000 regime-bs paths, used for SigDiffusion paths as well. */
const rnnEpochPer1000 = (source: string): Range =>
  source === "market" ? [0.6 / 2.835, 0.6 / 2.835] : [0.13, 0.16];

/** The duration of a cell of the paper profile, in seconds (low, high); where each figure comes from in its comment. */
function cellSeconds(
  kind: string,
  shards: number,
  training: { strategy: string; source: string; assets: number } | undefined,
): Range {
  switch (kind) {
    // 24 mixtures × 5 restarts: timed 8 s (docs/experiments.md).
    case "regimes":
      return [8, 8];
    // 120,000 regime-bs paths (K = 6): timed 5 s (docs/experiments.md); the same for every hedge set.
    case "regime-bs-paths":
      return [5, 5];
    // One asset's SigDiffusion `paper` model: 1,200 epochs of 22 steps = 26,400 W6 steps at 0.25–0.43 s
    // (measured per step with the native kernels, docs/generators.md): 1.8–3.2 h, extrapolated. (The
    // older 13.7 s per epoch of docs/experiments.md, before the native kernels, gives 4.6 h.)
    case "sigdiffusion-model":
      return [26_400 * 0.25, 26_400 * 0.43];
    // 20,000 accepted paths of one asset, 128 Heun steps: 2.4 h at 1.5 draws per accepted path from the
    // measured 1,024-path step (docs/generators.md, extrapolated); 0.51 s per accepted path measured
    // after 2 epochs, rejections included (docs/experiments.md): 2.8 h, pessimistic.
    case "sigdiffusion-sample":
      return [(2.4 * HOUR) / shards, (20_000 * 0.51) / shards];
  }
  if (kind !== "training" || !training) throw new Error(`no duration for the ${kind} cell`);
  const { strategy, source, assets } = training;
  const thousands = PATHS[source]! / 1000;
  if (strategy === "sigformer") {
    // 5 epochs (paper.json), every epoch timed per 1,000 paths; no early stop within 5 epochs.
    const s = 5 * thousands * sigformerEpochPer1000(assets);
    return [s, s];
  }
  // RNN: 20 epochs at most (early stopping with patience 5 makes this an upper bound).
  const [low, high] = rnnEpochPer1000(source);
  return [20 * thousands * low, 20 * thousands * high];
}

const hours = (s: number): string =>
  s >= HOUR ? `${(s / HOUR).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(0)} min` : `${s.toFixed(0)} s`;

function main(): void {
  const file = fileURLToPath(new URL("../experiments/paper.json", import.meta.url));
  const arg = process.argv.indexOf("--shards");
  const shards = arg > 0 ? Number(process.argv[arg + 1]) : 1;
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`invalid --shards: ${process.argv[arg + 1]}`);
  const paper = JSON.parse(readFileSync(file, "utf8")) as { sigdiffusion: Record<string, unknown> };
  const config = resolveRunConfig({ ...paper, sigdiffusion: { ...paper.sigdiffusion, shards } });
  const graph = buildStudyGraph(config, loadStudyPrices(config));
  const infos = new Map(graph.trainings.map((t) => [t.cell.id, t.info]));
  const planned = cellsToStore(graph.targets, () => false);
  const scenario = (end: 0 | 1): TimedJob[] =>
    planned.map(({ cell, needs }) => {
      const info = infos.get(cell.id);
      const training = info && { strategy: info.strategy, source: info.source, assets: info.hedge.length };
      return {
        id: cell.id,
        label: cell.label,
        needs,
        seconds: cellSeconds(cell.kind, shards, training)[end],
      };
    });
  const low = scenario(0);
  const high = scenario(1);
  const total = (jobs: readonly TimedJob[]): number => jobs.reduce((a, j) => a + j.seconds, 0);
  console.log(
    `paper.json${shards > 1 ? ` with ${shards} shards per sampling` : ""}: ${planned.length} cells to store, ${hours(total(low))}–${hours(total(high))} of work on one two-core worker`,
  );
  console.log("| workers | wall time (low–high) |");
  console.log("| ------: | -------------------- |");
  for (const w of [1, 4, 16, 64])
    console.log(`| ${w} | ${hours(simulateSchedule(low, w))}–${hours(simulateSchedule(high, w))} |`);
  // With a worker per cell, list scheduling waits only for inputs: its makespan is the critical path.
  for (const jobs of [low, high])
    if (Math.abs(simulateSchedule(jobs, jobs.length) - criticalPath(jobs).seconds) > 1e-6)
      throw new Error("the schedule with unlimited workers is not the critical path");
  for (const [name, jobs] of [
    ["low", low],
    ["high", high],
  ] as const) {
    const { chain, seconds } = criticalPath(jobs);
    console.log(
      `critical path (${name}, ${hours(seconds)}): ${chain.map((j) => `${j.label} (${hours(j.seconds)})`).join(" → ")}`,
    );
  }
}

main();
