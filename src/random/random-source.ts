import { assertOption } from "../errors.js";

/**
 * A seeded source of random numbers: the only way hedgelab draws randomness (no `Math.random`).
 *
 * The generator is xoshiro128** (Blackman & Vigna, 2018), seeded through splitmix32 so that any
 * integer seed gives a well-mixed state. Uniforms carry 53 random bits; normals come from the
 * Marsaglia polar method. Same seed, same sequence, on every platform.
 */
export interface RandomSource {
  /** The seed this source was created with. */
  readonly seed: number;
  /** A uniform draw in [0, 1) with 53 random bits. */
  uniform(): number;
  /** A standard normal draw N(0, 1). */
  normal(): number;
  /** A uniform integer in {0, …, n − 1}; `n` must be a positive integer ≤ 2^32. */
  integer(n: number): number;
  /** Fills `out` with standard normal draws and returns it. */
  fillNormal(out: Float64Array): Float64Array;
  /**
   * An independent source derived from this one's seed and `stream` (a label such as 1, 2, …),
   * so that sub-tasks draw reproducible numbers whatever order they run in.
   */
  fork(stream: number): RandomSource;
}

const TWO_POW_MINUS_53 = 2 ** -53;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

class Xoshiro128 implements RandomSource {
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = Number.NaN;

  private readonly stream: number;

  constructor(seed: number, stream = 0) {
    this.seed = seed;
    this.stream = stream >>> 0;
    // Mix the full 53-bit integer seed and the stream key into the splitmix state.
    const high = Math.floor(seed / 2 ** 32) >>> 0;
    const mix = splitmix32((seed >>> 0) ^ Math.imul(high, 0x27d4eb2d) ^ Math.imul(this.stream, 0x165667b1));
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  private next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  uniform(): number {
    const high = this.next() >>> 5; // 27 bits
    const low = this.next() >>> 6; // 26 bits
    return (high * 67108864 + low) * TWO_POW_MINUS_53;
  }

  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const value = this.spare;
      this.spare = Number.NaN;
      return value;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * factor;
    return u * factor;
  }

  integer(n: number): number {
    assertOption(Number.isInteger(n) && n > 0 && n <= 2 ** 32, "n", n, "must be an integer in 1..2^32");
    // Lemire-style rejection keeps the draw exactly uniform.
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x: number;
    do {
      x = this.next();
    } while (x >= limit);
    return x % n;
  }

  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  fork(stream: number): RandomSource {
    assertOption(Number.isInteger(stream) && stream >= 0, "stream", stream, "must be a non-negative integer");
    // The child's key depends on the parent's key and the label only, never on draws made so far.
    const key = splitmix32(Math.imul(this.stream ^ 0x5bd1e995, 0x01000193) ^ stream)();
    return new Xoshiro128(this.seed, key === 0 ? 1 : key);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The default seed of every hedgelab run and generator. */
export const DEFAULT_SEED = 42;

/**
 * Creates a seeded {@link RandomSource}.
 *
 * @param seed - a non-negative safe integer; default {@link DEFAULT_SEED}.
 *
 * @example
 * const random = createRandom(7);
 * random.normal(); // the same number on every run
 */
export function createRandom(seed: number = DEFAULT_SEED): RandomSource {
  assertOption(Number.isSafeInteger(seed) && seed >= 0, "seed", seed, "must be a non-negative integer");
  return new Xoshiro128(seed);
}
