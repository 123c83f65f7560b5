/**
 * Workload `score-step` (W6 of ../shared/bench/reference/README.md): one denoising score-matching step (VP-SDE,
 * β 0.1..5) of the SigDiffusion score network (90 log-signature tokens, hidden 64, 4 layers, 4
 * heads, feed-forward 256, time-conditioned AdaLN), batch 128, `channels` channels, float32:
 * forward, backward and an Adam step, on fixed standard-normal data as the reference; and
 * `score-sample`, the sampling cost of such a network.
 */
import { createRandom } from "../src/random/random-source.js";
import { ScoreNetwork } from "../src/generators/score-network.js";
import { denoisingLoss, sampleProbabilityFlow } from "../src/generators/vp-sde.js";
import { Adam } from "../src/tensor/adam.js";
import { backward } from "../src/tensor/backward.js";
import { tidy } from "../src/tensor/tensor.js";

/** One `score-step` (W6) step (data, network and optimiser made once); returns the step and the parameter count. */
export function scoreStep(channels: number): { step: () => number; parameters: number } {
  const [batch, tokens] = [128, 90];
  const random = createRandom(0);
  const data = Float32Array.from(random.fillNormal(new Float64Array(batch * tokens * channels)));
  const net = new ScoreNetwork({ channels, tokens });
  const adam = new Adam(net.parameters, { learningRate: 1e-3 });
  const step = (): number =>
    tidy(() => {
      adam.zeroGrad();
      const loss = denoisingLoss(net, data, [batch, tokens, channels], random);
      backward(loss);
      adam.step();
      return loss.item();
    });
  return { step, parameters: net.parameterCount };
}

/**
 * Sampling cost of a score network: one Heun step of the probability-flow ODE (two forward passes,
 * no gradients) on `paths` paths of 90 tokens and `channels` channels, for a network of the
 * SigDiffusion profile `profile` ("quick": hidden 32, 2 layers, 2 heads, FF 64; "paper": hidden 64,
 * 4 layers, 4 heads, FF 256), integrated in groups of `batchSize` paths (default the sampler's, 64;
 * `paths` for the former single group, the baseline). Returns the step and the path-evaluations it makes.
 */
export function scoreSampleStep(
  profile: "quick" | "paper",
  channels: number,
  paths = 1024,
  batchSize?: number,
): { step: () => void; evaluations: number } {
  const network =
    profile === "quick"
      ? { hidden: 32, layers: 2, heads: 2, feedForward: 64 }
      : { hidden: 64, layers: 4, heads: 4, feedForward: 256 };
  const net = new ScoreNetwork({ channels, tokens: 90, ...network });
  const step = (): void =>
    void sampleProbabilityFlow(net, [paths, 90, channels], createRandom(1), {
      steps: 1,
      ...(batchSize !== undefined ? { batchSize } : {}),
    });
  return { step, evaluations: 2 * paths };
}
