import type { RandomSource } from "../random/random-source.js";

/**
 * Glorot (Xavier) uniform initial weights U(−a, a), a = √(6 / (fanIn + fanOut))
 * (Glorot & Bengio 2010), for a weight of shape [fanIn, fanOut].
 */
export function glorotUniform(fanIn: number, fanOut: number, random: RandomSource): Float64Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float64Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * random.uniform() - 1) * limit;
  return out;
}

/**
 * PyTorch's default initialisation of nn.Linear (Kaiming uniform with a = √5): weights and biases
 * U(−1/√fanIn, 1/√fanIn); `count` values.
 */
export function linearUniform(fanIn: number, count: number, random: RandomSource): Float64Array {
  const limit = 1 / Math.sqrt(fanIn);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * random.uniform() - 1) * limit;
  return out;
}
