/**
 * `npm run bench -- <workload> [--n N]`: runs one benchmark (or every one with no name) and prints
 * one JSON line per workload with `median_s` (seconds per step), the contract of
 * ../shared/bench/compare. The workloads are named after what they time; the ids of the PyTorch
 * reference (`w1` … `w6`) and `w6-sample` are aliases that run the same workload, and every line keeps
 * the reference's `workload` label ("W1 n=1", "W5 sigformer n=1", …). Never part of `npm test`.
 */
import { measure, type BenchResult } from "./measure.js";
import { rnnStep } from "./rnn-step.js";
import { sigformerStep } from "./sigformer-step.js";
import { memoryStats } from "../src/tensor/heap.js";
import { attentionBlockStep } from "./attention-block.js";
import { matmulStep } from "./matmul.js";
import { scoreSampleStep, scoreStep } from "./score-step.js";
import { longPathStep, signatureStep } from "./signature-step.js";
import { createRandom } from "../src/random/random-source.js";
import { generateGbm } from "../src/generators/gbm.js";
import { EuropeanOption } from "../src/instruments/european-option.js";
import { DeltaHedge } from "../src/hedgers/delta-hedge.js";
import { hedgePnl } from "../src/hedgers/hedge-pnl.js";
import { summarizePnl } from "../src/evaluation/pnl-summary.js";
import { prepareRunData, runStudy } from "../src/study/run-study.js";
import { resolveRunConfig } from "../src/config/run-config.js";
import { estimateRegimeDynamics } from "../src/generators/regime-dynamics.js";
import { generateRegimePaths } from "../src/generators/regime-black-scholes.js";
import { loadEmbeddedPrices } from "../src/data/load-prices.js";
import { loadKernels } from "../src/tensor/kernels.js";
import { hestonPathsStep } from "./heston-paths.js";

type Workload =
  | "rnn-step"
  | "signature-step"
  | "attention-block"
  | "matmul"
  | "sigformer-step"
  | "score-step"
  | "score-sample"
  | "signature-long"
  | "regime-bs"
  | "heston"
  | "delta-pnl"
  | "summary"
  | "run";

const engine = (): string => {
  const { backend, isa, threads } = loadKernels().backend;
  return backend === "native" ? `hedgelab-native-${isa}-${threads}t` : `hedgelab-${backend}`;
};

const workloads: Record<Workload, (n: number) => BenchResult> = {
  /** W1: one training step of the recurrent MLP hedger, B = 1024, T = 30, n assets. */
  "rnn-step": (n) => {
    const { step } = rnnStep(n);
    const r = measure(() => void step(), { maxTotal: 60 });
    return {
      engine: engine(),
      workload: `W1 n=${n}`,
      ...r,
      steps_per_s: 1 / r.median_s,
      paths_per_s: 1024 / r.median_s,
    };
  },
  /** W2: streaming depth-3 signature of a learned 8-dim projection, B = 256, T = 30, forward + backward. */
  "signature-step": () => {
    const step = signatureStep();
    const r = measure(step, { warmup: 2, samples: 5, maxTotal: 60 });
    return {
      engine: engine(),
      workload: "W2 sig m=3 d=8",
      ...r,
      steps_per_s: 1 / r.median_s,
      paths_per_s: 256 / r.median_s,
    };
  },
  /** Forward streaming signature, d = 8, m = 3, B = 256 paths of 10,000 steps: seconds and ns per path-step. */
  "signature-long": () => {
    const step = longPathStep();
    const r = measure(step, { warmup: 1, samples: 3, minSample: 0 });
    return {
      engine: engine(),
      workload: "signature d=8 m=3 B=256 L=10000 forward",
      ...r,
      ns_per_path_step: (r.median_s / (256 * 10_000)) * 1e9,
    };
  },
  /** W3: one causal self-attention block of width 512, forward + backward, B = 256, T = 30. */
  "attention-block": () => {
    const step = attentionBlockStep();
    const r = measure(step, { warmup: 1, samples: 5, maxTotal: 120 });
    return {
      engine: engine(),
      workload: "W3 attn B=256",
      ...r,
      steps_per_s: 1 / r.median_s,
      paths_per_s: 256 / r.median_s,
    };
  },
  /**
   * W5: one training step of the paper's SigFormer, B = 256, T = 30, n assets; with the process's
   * peak resident memory and the engine memory's high-water mark.
   */
  "sigformer-step": (n) => {
    const { step, model } = sigformerStep(n);
    let last = 0;
    const r = measure(
      () => {
        last = step();
      },
      { warmup: 2, samples: 5, minSample: 0, maxTotal: 120 },
    );
    return {
      engine: engine(),
      workload: `W5 sigformer n=${n}`,
      ...r,
      steps_per_s: 1 / r.median_s,
      paths_per_s: 256 / r.median_s,
      peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
      engine_memory_mib: Math.round(memoryStats().reservedBytes / 2 ** 20),
      extra: { last_loss: last, params: model.memory.parameters },
    };
  },
  /** W4: the matrix product [256×512]·[512×512]. */
  matmul: () => {
    const step = matmulStep();
    const r = measure(step, { warmup: 5 });
    return {
      engine: engine(),
      workload: "W4 matmul",
      ...r,
      gflops: (2 * 256 * 512 * 512) / r.median_s / 1e9,
    };
  },
  /** W6: one denoising score-matching step of the SigDiffusion score network, batch 128, n channels. */
  "score-step": (n) => {
    const { step, parameters } = scoreStep(n);
    let loss = 0;
    const r = measure(() => void (loss = step()), { warmup: 2, samples: 5, maxTotal: 60 });
    return {
      engine: engine(),
      workload: `W6 scorenet c=${n}`,
      ...r,
      steps_per_s: 1 / r.median_s,
      paths_per_s: 128 / r.median_s,
      extra: { last_loss: loss, params: parameters },
    };
  },
  /**
   * SigDiffusion sampling: one Heun step (two score evaluations) on 1,024 paths for the quick and the
   * paper network, n channels; ms per path-evaluation and the extrapolated time for 20,000 accepted
   * paths of one network at the profile's ODE steps (quick 32, paper 128; 2 evaluations a step),
   * times `--reject` draws per accepted path (default 1.5: a third of the quick model's samples fail
   * the inversion check). The baseline: the same step with the 1,024 paths in one group (the sampler
   * before it integrated groups of 64), `ms_per_path_evaluation_one_group`.
   */
  "score-sample": (n) => {
    const rejectIndex = args.indexOf("--reject");
    const draws = rejectIndex >= 0 ? Number(args[rejectIndex + 1]) : 1.5;
    const results = (["quick", "paper"] as const).map((profile) => {
      const { step, evaluations } = scoreSampleStep(profile, n);
      const r = measure(step, { warmup: 1, samples: 3, minSample: 0 });
      const perEvaluation = r.median_s / evaluations;
      const oneGroup = scoreSampleStep(profile, n, 1024, 1024);
      const baseline = measure(oneGroup.step, { warmup: 1, samples: 3, minSample: 0 });
      const odeSteps = profile === "quick" ? 32 : 128;
      return {
        profile,
        median_s: r.median_s,
        ms_per_path_evaluation: +(perEvaluation * 1e3).toFixed(4),
        ms_per_path_evaluation_one_group: +((baseline.median_s / oneGroup.evaluations) * 1e3).toFixed(4),
        extrapolated_20000_paths_s: Math.round(perEvaluation * 20_000 * draws * 2 * odeSteps),
      };
    });
    return {
      engine: engine(),
      workload: `W6 sampling c=${n}, 1024 paths`,
      median_s: results[1]!.median_s,
      extra: results,
    };
  },
  /** 100,000 five-asset regime-switching Black–Scholes paths of 30 days (dynamics fitted on the embedded data once). */
  "regime-bs": () => {
    const config = resolveRunConfig({
      hedgeSets: [["AAPL", "GOOGL", "MSFT", "AMZN", "JPM"]],
      training: { data: "regime-bs" },
      regime: { components: [4], restarts: 2 },
    });
    const data = prepareRunData(config);
    const regimes = data.regimes!;
    const { train } = data.split;
    const dynamics = estimateRegimeDynamics(
      data.table,
      config.hedgeSets[0]!,
      train,
      regimes.labels.subarray(0, train.endIndex - train.startIndex + 1),
      regimes.model.regimes,
    );
    const r = measure(
      () => void generateRegimePaths(dynamics, { allocation: "empirical", paths: 100_000 }, createRandom(1)),
      { warmup: 1, samples: 5, minSample: 0 },
    );
    return { workload: "regime-bs 100000 paths H=5 T=30", ...r, paths_per_s: 100_000 / r.median_s };
  },
  /** 100,000 Heston paths of 30 days by the QE scheme, one asset and five (issue 24: under a second). */
  heston: () => {
    const results = [1, 5].map((assets) => {
      const r = measure(hestonPathsStep(assets), { warmup: 1, samples: 5, minSample: 0 });
      return { assets, median_s: r.median_s, min_s: r.min_s, paths_per_s: Math.round(100_000 / r.median_s) };
    });
    return {
      workload: "heston 100000 paths T=30, H=1 and H=5",
      median_s: results[0]!.median_s,
      extra: results,
    };
  },
  /** Delta holdings and P&L of 100,000 GBM paths of 30 steps (the cost of evaluating a baseline). */
  "delta-pnl": () => {
    const paths = generateGbm({ n: 100_000, volatility: 0.2 }, createRandom(1));
    const option = new EuropeanOption();
    const hedge = new DeltaHedge({ volatility: 0.2 });
    const payoff = option.payoff(paths);
    const r = measure(() => void hedgePnl(paths, hedge.holdings({ paths, option, dt: 1 / 252 }), payoff), {
      warmup: 1,
      samples: 5,
    });
    return { workload: "delta-pnl", paths: 100_000, steps: 30, ...r };
  },
  /** The metrics of one strategy on 1,000 windows with 1,000 block-bootstrap resamples. */
  summary: () => {
    const pnl = createRandom(2).fillNormal(new Float64Array(1000));
    const r = measure(
      () => void summarizePnl(pnl, createRandom(3), { bootstrap: { resamples: 1000, blockLength: 30 } }),
      { warmup: 1, samples: 5 },
    );
    return { workload: "summary", pnlSamples: 1000, resamples: 1000, ...r };
  },
  /** The default `hedgelab run` pipeline on the embedded data without the RNN and without writing files. */
  run: () => {
    loadEmbeddedPrices();
    const r = measure(() => void runStudy(resolveRunConfig({ strategies: ["delta", "no-hedge"] })), {
      warmup: 1,
      samples: 3,
      minSample: 0,
    });
    return { workload: "run (delta, no-hedge)", ...r };
  },
};

/**
 * The former names, kept as aliases: the ids of ../shared/bench/reference/README.md (`w1` … `w6`, what
 * `../shared/bench/compare` passes) and `w6-sample`.
 */
const ALIASES: Record<string, Workload> = {
  w1: "rnn-step",
  w2: "signature-step",
  w3: "attention-block",
  w4: "matmul",
  w5: "sigformer-step",
  w6: "score-step",
  "w6-sample": "score-sample",
};

/** The workload a command-line name stands for: itself, or the workload of an alias. */
function resolveWorkload(name: string): Workload | undefined {
  if (Object.hasOwn(workloads, name)) return name as Workload;
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
}

const args = process.argv.slice(2);
const nIndex = args.indexOf("--n");
const n = nIndex >= 0 ? Number(args[nIndex + 1]) : 1;
// Flags that take a value (`--n 3`, `--reject 1.22`): their values are not workload names.
const VALUED = new Set(["--n", "--reject"]);
const names = args.filter((arg, i) => !arg.startsWith("--") && !VALUED.has(args[i - 1] ?? ""));
const selected = names.length > 0 ? names : Object.keys(workloads);
for (const name of selected) {
  const workload = resolveWorkload(name);
  if (!workload) {
    const aliases = Object.entries(ALIASES).map(([id, w]) => `${id} (${w})`);
    process.stderr.write(
      `unknown workload ${name}: choose from ${Object.keys(workloads).join(", ")} or ${aliases.join(", ")}\n`,
    );
    process.exit(1);
  }
  console.log(JSON.stringify(workloads[workload](n)));
}
