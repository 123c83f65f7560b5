/**
 * Workload W6 of ../shared/bench/reference/README.md: one denoising score-matching step (VP-SDE,
 * β 0.1..5) of the SigDiffusion score network (90 log-signature tokens, hidden 64, 4 layers, 4
 * heads, feed-forward 256, time-conditioned AdaLN), batch 128, `channels` channels, float32:
 * forward, backward and an Adam step, on fixed standard-normal data as the reference.
 */
import { createRandom } from "../src/random/random-source.js";
import { ScoreNetwork } from "../src/generators/score-network.js";
import { denoisingLoss } from "../src/generators/vp-sde.js";
import { Adam } from "../src/tensor/adam.js";
import { backward } from "../src/tensor/backward.js";
import { tidy } from "../src/tensor/tensor.js";

/** One W6 step (data, network and optimiser made once); returns the step and the parameter count. */
export function w6Step(channels: number): { step: () => number; parameters: number } {
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
