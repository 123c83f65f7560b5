/**
 * Which learned hedger beats the delta hedge? Trains each candidate of issue 11 on the default
 * split of the embedded data (2008-09-26..2024-12-31, 70/20/10, the 5 nested hedge sets) with
 * several seeds and writes, per candidate and seed, every strategy's test P&L and the validation
 * risk of the kept weights to `.bench-results/learned-hedgers/` (git-ignored). The paired
 * comparisons with the delta hedge are computed from these files by
 * `bench/learned-hedgers-table.ts`.
 *
 * Run: `nice npx tsx bench/learned-hedgers-campaign.ts [candidate ...] [--seeds 1,2,3]` (minutes per
 * candidate and seed on one core).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runStudy } from "../src/study/run-study.js";
import { resolveRunConfig, type RunConfigInput } from "../src/config/run-config.js";

/** The paper's training settings (and hedgelab's defaults before this comparison). */
const PAPER = { epochs: 20, patience: 5, learningRate: 1e-3, batchSize: 256, loss: { clip: -10 } };
/** Longer training with a larger step. */
const LONG = { epochs: 40, patience: 10, learningRate: 3e-3, batchSize: 256 };

/** Longest: patience 15, up to 80 epochs, lr 3e-3, no clip. */
const XL = { epochs: 80, patience: 15, learningRate: 3e-3, batchSize: 256, loss: { clip: null } };
/** The residual policy with the delta hedge's inputs. */
const RESIDUAL_DELTA = { output: "residual", inputs: "delta" } as const;

/** The candidates: the paper's plain RNN and the options of issue 11. */
export const CANDIDATES: Record<string, RunConfigInput> = {
  /** The paper's RNN: holdings = network output, entropic loss clipped at −10, 20 epochs at 1e-3. */
  plain: { policy: { output: "direct", inputs: "paper" }, training: PAPER },
  /** The same without the clip. */
  "plain-noclip": {
    policy: { output: "direct", inputs: "paper" },
    training: { ...PAPER, loss: { clip: null } },
  },
  /** The paper's inputs and output without the clip, trained like residual-delta-long. */
  "plain-noclip-long": {
    policy: { output: "direct", inputs: "paper" },
    training: { ...LONG, loss: { clip: null } },
  },
  /** Delta with the training volatility + a zero-started correction from the paper's inputs. */
  residual: { policy: { output: "residual", inputs: "paper" }, training: { ...PAPER, loss: { clip: null } } },
  /** The residual policy that also sees log-moneyness, time to maturity, realised volatility and the delta. */
  "residual-delta": {
    policy: { output: "residual", inputs: "delta" },
    training: { ...PAPER, loss: { clip: null } },
  },
  /** The same with the paper's clip. */
  "residual-delta-clip": { policy: { output: "residual", inputs: "delta" }, training: PAPER },
  /** The residual policy with delta inputs, trained longer and faster (patience 10, 40 epochs, lr 3e-3). */
  "residual-delta-long": {
    policy: { output: "residual", inputs: "delta" },
    training: { ...LONG, loss: { clip: null } },
  },
  /** Longer still: patience 15, 80 epochs (hedgelab's default from the first comparison until batches of 64). */
  "residual-delta-xl": { policy: RESIDUAL_DELTA, training: XL },
  /** residual-delta-xl with smaller steps: batches of 64 paths (hedgelab's default, chosen by the one-standard-error rule). */
  "residual-delta-xl-b64": { policy: RESIDUAL_DELTA, training: { ...XL, batchSize: 64 } },
  /** residual-delta-xl with a cosine learning-rate schedule. */
  "residual-delta-xl-cosine": { policy: RESIDUAL_DELTA, training: { ...XL, schedule: "cosine" } },
  /** residual-delta-xl with a wider network (128-128). */
  "residual-delta-xl-wide": { policy: RESIDUAL_DELTA, rnn: { hidden: [128, 128] }, training: XL },
  /** residual-delta-xl-b64 with the wider network. */
  "residual-delta-xl-b64-wide": {
    policy: RESIDUAL_DELTA,
    rnn: { hidden: [128, 128] },
    training: { ...XL, batchSize: 64 },
  },
  /** residual-delta-xl-b64 with five lagged returns per step. */
  "residual-delta-xl-b64-lags5": {
    policy: RESIDUAL_DELTA,
    rnn: { lags: 5 },
    training: { ...XL, batchSize: 64 },
  },
  /** residual-delta-xl-b64 with a smaller step (lr 1e-3). */
  "residual-delta-xl-b64-lr1": {
    policy: RESIDUAL_DELTA,
    training: { ...XL, batchSize: 64, learningRate: 1e-3 },
  },
  /** The SigFormer (small: d 4, m 3, 2 heads, 1 block) as the residual with delta inputs: 20 epochs of batches of 64. */
  "sigformer-small-residual-delta": {
    strategies: ["delta", "no-hedge", "sigformer"],
    policy: RESIDUAL_DELTA,
    sigformer: { size: "small", epochs: 20, batchSize: 64 },
    training: { ...XL, patience: 5 },
  },
  /** The SigFormer at the paper's size (d 8, m 3, 2 heads, 2 blocks), trained as the small one. */
  "sigformer-paper-residual-delta": {
    strategies: ["delta", "no-hedge", "sigformer"],
    policy: RESIDUAL_DELTA,
    sigformer: { size: "paper", epochs: 20, batchSize: 64 },
    training: { ...XL, patience: 5 },
  },
  /** residual-delta-xl with five lagged returns per step. */
  "residual-delta-xl-lags5": { policy: RESIDUAL_DELTA, rnn: { lags: 5 }, training: XL },
  /** The default trained on regime-switching Black–Scholes paths (the paper's section 3.2; K by BIC, 1,000 paths per regime, a path keeps its regime). */
  "residual-delta-xl-b64-regime": {
    policy: RESIDUAL_DELTA,
    training: { ...XL, batchSize: 64, data: "regime-bs" },
  },
  /** The same with 10,000 paths in the training proportions of the regimes, moving daily with their empirical transitions. */
  "residual-delta-xl-b64-regime-markov": {
    policy: RESIDUAL_DELTA,
    regime: { allocation: "empirical", paths: 10_000, switching: "markov" },
    training: { ...XL, batchSize: 64, data: "regime-bs" },
  },
};

const args = process.argv.slice(2);
const seedFlag = args.indexOf("--seeds");
const seeds = seedFlag >= 0 ? args[seedFlag + 1]!.split(",").map(Number) : [1, 2, 3];
const names = args.filter((a, k) => !a.startsWith("--") && (seedFlag < 0 || k !== seedFlag + 1));
const out = join(".bench-results", "learned-hedgers");
mkdirSync(out, { recursive: true });

for (const name of names.length > 0 ? names : Object.keys(CANDIDATES)) {
  const candidate = CANDIDATES[name];
  if (!candidate) throw new Error(`unknown candidate ${name}`);
  for (const seed of seeds) {
    const started = Date.now();
    const result = runStudy(
      resolveRunConfig({
        ...candidate,
        training: { ...candidate.training, seed },
        evaluation: { bootstrap: { resamples: 2 } },
      }),
    );
    const file = join(out, `${name}-seed${seed}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        candidate: name,
        seed,
        split: result.split,
        training: result.training.map(({ hedge, model, bestEpoch, history, initialRisk }) => ({
          hedge,
          model,
          bestEpoch,
          initialRisk: initialRisk ?? null,
          validationRisk: history.find((r) => r.epoch === bestEpoch)?.validationRisk ?? initialRisk ?? null,
          epochs: history.length,
        })),
        results: result.evaluations.map(({ hedge, strategy, pnl }) => ({
          hedge,
          strategy,
          pnl: Array.from(pnl),
        })),
      }),
    );
    console.log(`${name} seed ${seed}: ${((Date.now() - started) / 1000).toFixed(0)} s → ${file}`);
  }
}
