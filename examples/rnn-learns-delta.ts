/**
 * The RNN hedger learns the Black–Scholes delta on GBM: the full-size version of the check in
 * test/training/fit.test.ts. Run: `npm run example:delta` (about a minute; `HEDGELAB_EXAMPLE_SIZE=tiny`
 * for the seconds-long run of test/examples/rnn-learns-delta.test.ts).
 *
 * 50,000 training paths of 30 daily steps at σ = 20%, no drift, no costs; the shared RNN (64, 64) is
 * trained with the unclipped entropic loss (λ = 1.3) and compared with the delta hedge on 20,000 fresh
 * paths: the root-mean-square difference of the holdings and both entropic risks.
 */
import {
  createRandom,
  EuropeanOption,
  fit,
  generateGbm,
  RnnHedger,
  type DeltaComparison,
} from "../src/index.js";
import { printDeltaComparison } from "./delta-comparison.js";
import { exampleSize, isEntryPoint, type ExampleSize } from "./example-size.js";

/** Paths and epochs at each size. */
const SIZES: Record<ExampleSize, { train: number; validation: number; test: number; epochs: number }> = {
  full: { train: 50_000, validation: 5_000, test: 20_000, epochs: 30 },
  tiny: { train: 8_000, validation: 1_000, test: 2_000, epochs: 10 },
};

/** Trains the RNN at `size`, prints each epoch and the comparison with the delta hedge, and returns it. */
export function main(size: ExampleSize = "full"): DeltaComparison & { bestEpoch: number } {
  const paths = SIZES[size];
  const sigma = 0.2;
  const option = new EuropeanOption({ strike: 100 });
  const train = generateGbm({ n: paths.train, volatility: sigma }, createRandom(1));
  const validation = generateGbm({ n: paths.validation, volatility: sigma }, createRandom(2));
  const test = generateGbm({ n: paths.test, volatility: sigma }, createRandom(3));

  const rnn = new RnnHedger({ assets: 1, steps: 30 });
  const result = fit(rnn, train, validation, option, {
    epochs: paths.epochs,
    learningRate: { kind: "cosine", learningRate: 3e-3 },
    loss: { clip: null },
    patience: 10,
    onEpoch: (r) =>
      console.log(
        `epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, validation risk ${r.validationRisk.toFixed(4)}`,
      ),
  });

  console.log(`kept epoch ${result.bestEpoch}`);
  const comparison = printDeltaComparison("rnn", rnn, test, option, sigma);
  rnn.dispose();
  return { ...comparison, bestEpoch: result.bestEpoch };
}

if (isEntryPoint(import.meta.url)) main(exampleSize());
