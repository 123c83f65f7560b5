/**
 * The SigFormer hedger learns the Black–Scholes delta on GBM: the full-size version of the check in
 * test/hedgers/sigformer-hedger.test.ts. Run: `npm run example:sigformer-delta` (about two minutes; the
 * measured figures are in docs/hedgers.md; `HEDGELAB_EXAMPLE_SIZE=tiny` for the seconds-long run of
 * test/examples/sigformer-learns-delta.test.ts).
 *
 * 10,000 training paths of 30 daily steps at σ = 20%, no drift, no costs; the documented `small`
 * SigFormer (d = 4, m = 3, 2 heads, 1 block) that also sees log-moneyness and time to maturity, as the
 * delta does, trained with the unclipped entropic loss (λ = 1.3) and compared with the delta hedge on
 * 20,000 fresh paths: the root-mean-square difference of the holdings and both entropic risks.
 */
import {
  createRandom,
  EuropeanOption,
  fit,
  generateGbm,
  SigFormerHedger,
  type DeltaComparison,
} from "../src/index.js";
import { printDeltaComparison } from "./delta-comparison.js";
import { exampleSize, isEntryPoint, type ExampleSize } from "./example-size.js";

/** Paths and epochs at each size. */
const SIZES: Record<ExampleSize, { train: number; validation: number; test: number; epochs: number }> = {
  full: { train: 10_000, validation: 2_000, test: 20_000, epochs: 10 },
  tiny: { train: 2_000, validation: 500, test: 1_000, epochs: 4 },
};

/** Trains the small SigFormer at `size`, prints each epoch and the comparison with the delta hedge, and returns it. */
export function main(size: ExampleSize = "full"): DeltaComparison & { bestEpoch: number } {
  const paths = SIZES[size];
  const sigma = 0.2;
  const option = new EuropeanOption({ strike: 100 });
  const train = generateGbm({ n: paths.train, volatility: sigma }, createRandom(1));
  const validation = generateGbm({ n: paths.validation, volatility: sigma }, createRandom(2));
  const test = generateGbm({ n: paths.test, volatility: sigma }, createRandom(3));

  const sigformer = new SigFormerHedger({
    assets: 1,
    steps: 30,
    size: "small",
    inputs: ["returns", "log-moneyness", "time-to-maturity"],
  });
  console.log(String(sigformer));
  const started = performance.now();
  const result = fit(sigformer, train, validation, option, {
    epochs: paths.epochs,
    batchSize: 128,
    learningRate: { kind: "cosine", learningRate: 1e-2 },
    loss: { clip: null },
    patience: 3,
    onEpoch: (r) =>
      console.log(
        `epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, validation risk ${r.validationRisk.toFixed(4)}`,
      ),
  });
  const seconds = (performance.now() - started) / 1000;

  console.log(`kept epoch ${result.bestEpoch} (training ${seconds.toFixed(0)} s)`);
  const comparison = printDeltaComparison("sigformer", sigformer, test, option, sigma);
  sigformer.dispose();
  return { ...comparison, bestEpoch: result.bestEpoch };
}

if (isEntryPoint(import.meta.url)) main(exampleSize());
