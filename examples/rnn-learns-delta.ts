/**
 * The RNN hedger learns the Black–Scholes delta on GBM: the full-size version of the check in
 * test/training/fit.test.ts. Run: `npm run example:delta` (about a minute).
 *
 * 50,000 training paths of 30 daily steps at σ = 20%, no drift, no costs; the shared RNN (64, 64) is
 * trained with the unclipped entropic loss (λ = 1.3) and compared with the delta hedge on 20,000 fresh
 * paths: the root-mean-square difference of the holdings and both entropic risks.
 */
import { createRandom, EuropeanOption, fit, generateGbm, RnnHedger } from "../src/index.js";
import { printDeltaComparison } from "./delta-comparison.js";

const sigma = 0.2;
const option = new EuropeanOption({ strike: 100 });
const train = generateGbm({ n: 50_000, volatility: sigma }, createRandom(1));
const validation = generateGbm({ n: 5_000, volatility: sigma }, createRandom(2));
const test = generateGbm({ n: 20_000, volatility: sigma }, createRandom(3));

const rnn = new RnnHedger({ assets: 1, steps: 30 });
const result = fit(rnn, train, validation, option, {
  epochs: 30,
  learningRate: { kind: "cosine", learningRate: 3e-3 },
  loss: { clip: null },
  patience: 10,
  onEpoch: (r) =>
    console.log(
      `epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, validation risk ${r.validationRisk.toFixed(4)}`,
    ),
});

console.log(`kept epoch ${result.bestEpoch}`);
printDeltaComparison("rnn", rnn, test, option, sigma);
rnn.dispose();
