/**
 * `npm run bench -- <workload> [--n N]`: runs one benchmark (or all with no name) and prints one
 * JSON line per workload with `median_s`. Never part of `npm test`.
 */
import { measure, type BenchResult } from "./measure.js";
import { createRandom } from "../src/random/random-source.js";
import { generateGbm } from "../src/generators/gbm.js";
import { EuropeanOption } from "../src/instruments/european-option.js";
import { DeltaHedge } from "../src/hedgers/delta-hedge.js";
import { hedgePnl } from "../src/hedgers/hedge-pnl.js";
import { summarizePnl } from "../src/evaluation/pnl-summary.js";
import { runExperiment } from "../src/experiments/run-experiment.js";
import { loadEmbeddedPrices } from "../src/data/load-prices.js";

type Workload = "delta-pnl" | "summary" | "run";

const workloads: Record<Workload, (n: number) => BenchResult> = {
  /** Delta holdings and P&L of 100,000 GBM paths of 30 steps (the cost of evaluating a baseline). */
  "delta-pnl": () => {
    const paths = generateGbm({ n: 100_000, volatility: 0.2 }, createRandom(1));
    const option = new EuropeanOption();
    const hedge = new DeltaHedge({ volatility: 0.2 });
    const payoff = option.payoff(paths);
    const timing = measure(() => {
      hedgePnl(paths, hedge.holdings({ paths, option, dt: 1 / 252 }), payoff);
    });
    return { workload: "delta-pnl", paths: 100_000, steps: 30, ...timing };
  },
  /** The metrics of one strategy on 1,000 windows with 1,000 block-bootstrap resamples. */
  summary: () => {
    const pnl = createRandom(2).fillNormal(new Float64Array(1000));
    const timing = measure(() => {
      summarizePnl(pnl, createRandom(3), { bootstrap: { resamples: 1000, blockLength: 30 } });
    });
    return { workload: "summary", samples: 1000, resamples: 1000, ...timing };
  },
  /** The default `hedgelab run` pipeline on the embedded data, without writing files. */
  run: () => {
    loadEmbeddedPrices();
    const timing = measure(
      () => {
        runExperiment({});
      },
      { repeats: 3 },
    );
    return { workload: "run", ...timing };
  },
};

const args = process.argv.slice(2);
const nIndex = args.indexOf("--n");
const n = nIndex >= 0 ? Number(args[nIndex + 1]) : 1;
const names = args.filter((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--n");
const selected = names.length > 0 ? names : (Object.keys(workloads) as Workload[]);
for (const name of selected) {
  if (!(name in workloads)) {
    process.stderr.write(`unknown workload ${name}: choose from ${Object.keys(workloads).join(", ")}\n`);
    process.exit(1);
  }
  console.log(JSON.stringify(workloads[name as Workload](n)));
}
