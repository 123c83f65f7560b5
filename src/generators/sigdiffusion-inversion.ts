import { assertOption } from "../errors.js";
import { cholesky } from "../math/cholesky.js";
import { fourierEnergy, piecewiseLinearFourier } from "../math/piecewise-linear-fourier.js";
import type { RandomSource } from "../random/random-source.js";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import { fourierCoefficients } from "../signature/fourier-inversion.js";
import { logSignatureToSignature } from "../signature/log-signature.js";
import { signatureLength, wordIndex } from "../signature/tensor-algebra.js";
import { AUGMENTED_DIMENSION, trigGrid, type LogSignatureEmbedding } from "./sigdiffusion-embedding.js";

/**
 * What fills the frequencies above the truncation:
 * - `"none"`: the paper's inversion, the Fourier series of harmonics ≤ m − 2 only (smooth paths: at
 *   depth 4 two harmonics, so daily returns carry little of the window's variance);
 * - `"brownian"` (default): a Brownian bridge with the harmonics ≤ m − 2 removed, scaled to the mean
 *   residual energy E_a = mean over training windows of ∫(y − Py)² (what the truncated series of a
 *   real window misses), is added; across assets the bridges' daily increments have the correlation
 *   of the training residuals ({@link fitDetail}) in the joint mode, none in the per-asset mode.
 *   The per-sample residual ∫y² − π(a_0²/2 + Σ a_k² + b_k²) of a generated log-signature is not used:
 *   it is a small difference of large terms, and a sample's errors move it by more than its size.
 *   Beyond the paper: see docs/generators.md.
 */
export type DetailMode = "brownian" | "none";

/** Options of {@link invertLogSignatures}. */
export interface InversionOptions {
  /** Default "brownian" ({@link DetailMode}). */
  detail?: DetailMode;
  /** τ of the accuracy check (Bessel's inequality may fail by at most τ·∫y²); default 1. */
  tolerance?: number;
  /** S_0 of every asset; default 100. */
  spot?: number;
  /** H×H correlation of the detail bridges' increments; default independent. */
  detailCorrelation?: ArrayLike<number>;
  /** Energy E_a of the detail per asset ({@link fitDetail}); required with detail "brownian". */
  detailEnergy?: ArrayLike<number>;
}

/** Why a generated log-signature was rejected. */
export type InversionFailure = "non-finite" | "bessel";

/** Paths inverted from log-signatures, with the ones that failed the accuracy check counted. */
export interface InvertedPaths {
  /** The accepted paths [N_ok, T + 1, H], rebased to `spot`. */
  batch: PathBatch;
  /** For each input sample, 1 when accepted. */
  accepted: Uint8Array;
  /** Rejections by reason. */
  rejected: Record<InversionFailure, number>;
}

const TIME = 0;
const VALUE = 3;

/** One asset's inverted window: the smooth part on the grid and the residual energy. */
interface SmoothPart {
  /** Py(t_j) − Py(0) + x_T t_j/2π on the grid, [T + 1]. */
  path: Float64Array;
  /** ∫y² − (energy of the truncated series). */
  residual: number;
  /** ∫y² dt. */
  energy: number;
}

/**
 * The inversion of one batch of signatures (one asset each) to smooth parts. Writes
 * y(t) = x(t) − x_T·t/2π (the bridge, continuous when extended periodically) and reads its Fourier
 * coefficients from those of x: a_k(y) = a_k(x) − (x_T/2π)·a_k(t) with a_0(t) = 2π, a_k(t) = 0 and
 * b_k(t) = −2/k; its energy from ∫y² = 2⟨xxt, S⟩ − (x_T/π)(⟨xtt, S⟩ + ⟨txt, S⟩) + x_T²·2π/3.
 */
function smoothParts(signatures: Float64Array, depth: number, steps: number): SmoothPart[] {
  const terms = depth - 2;
  const length = signatureLength(AUGMENTED_DIMENSION, depth);
  const count = signatures.length / length;
  const { a, b } = fourierCoefficients(signatures, { terms, depth });
  const grid = trigGrid(steps);
  const [xxt, xtt, txt] = [
    [VALUE, VALUE, TIME],
    [VALUE, TIME, TIME],
    [TIME, VALUE, TIME],
  ].map((w) => wordIndex(AUGMENTED_DIMENSION, w)) as [number, number, number];
  const parts: SmoothPart[] = [];
  for (let e = 0; e < count; e++) {
    const s = signatures.subarray(e * length, (e + 1) * length);
    const xT = s[VALUE]!;
    const ay = a.slice(e * (terms + 1), (e + 1) * (terms + 1));
    const by = b.slice(e * (terms + 1), (e + 1) * (terms + 1));
    ay[0]! -= xT;
    for (let k = 1; k <= terms; k++) by[k]! += xT / (Math.PI * k);
    const energy = 2 * s[xxt]! - (xT / Math.PI) * (s[xtt]! + s[txt]!) + (xT * xT * 2 * Math.PI) / 3;
    const path = new Float64Array(steps + 1);
    const at0 = seriesAt(ay, by, 0);
    for (let j = 0; j <= steps; j++)
      path[j] = seriesAt(ay, by, grid[j]!) - at0 + (xT * grid[j]!) / (2 * Math.PI);
    parts.push({ path, residual: energy - fourierEnergy(ay, by), energy });
  }
  return parts;
}

function seriesAt(a: Float64Array, b: Float64Array, t: number): number {
  let total = a[0]! / 2;
  for (let k = 1; k < a.length; k++) total += a[k]! * Math.cos(k * t) + b[k]! * Math.sin(k * t);
  return total;
}

/**
 * Log-signatures [N, H, L] (the embedding's assets, unstandardised) → price paths [N, T + 1, H]:
 * logsig → sig (tensor exponential), the Fourier inversion of SigDiffusions applied to the bridge
 * y = x − x_T·t/2π (so that the path ends exactly at x_T, the level-1 coordinate, instead of the
 * periodic series' midpoint), the detail above the truncation ({@link DetailMode}), the scaling
 * undone and the prices rebased: S_j = spot·exp(σ_a·x̂_j).
 *
 * Accuracy check: the signature of any path satisfies Bessel's inequality, ∫y² ≥ π(a_0²/2 + Σ a_k² +
 * b_k²) with ∫y² > 0; a generated log-signature that violates it by more than τ·∫y² (default τ = 1:
 * the series would hold twice the path's energy) or holds a non-finite value is not close to the
 * signature of a path, and the whole sample (every asset) is rejected and counted.
 */
export function invertLogSignatures(
  embedding: LogSignatureEmbedding,
  logSignatures: Float64Array,
  n: number,
  random: RandomSource,
  options: InversionOptions = {},
): InvertedPaths {
  const { detail = "brownian", tolerance = 1, spot = 100 } = options;
  assertOption(detail === "brownian" || detail === "none", "detail", detail, 'must be "brownian" or "none"');
  assertOption(tolerance >= 0, "tolerance", tolerance, "must be ≥ 0");
  const { steps, depth, tokens, scales } = embedding;
  const h = embedding.tickers.length;
  if (logSignatures.length !== n * h * tokens) throw new Error("invertLogSignatures: shape mismatch");
  const finite = new Uint8Array(n * h);
  const clean = new Float64Array(logSignatures.length);
  for (let e = 0; e < n * h; e++) {
    let ok = 1;
    for (let l = 0; l < tokens; l++) if (!Number.isFinite(logSignatures[e * tokens + l]!)) ok = 0;
    finite[e] = ok;
    if (ok) clean.set(logSignatures.subarray(e * tokens, (e + 1) * tokens), e * tokens);
  }
  const signatures = logSignatureToSignature(clean, AUGMENTED_DIMENSION, depth);
  const parts = smoothParts(signatures, depth, steps);
  const accepted = new Uint8Array(n);
  const rejected: Record<InversionFailure, number> = { "non-finite": 0, bessel: 0 };
  for (let i = 0; i < n; i++) {
    let reason: InversionFailure | undefined;
    for (let a = 0; a < h && !reason; a++) {
      const p = parts[i * h + a]!;
      if (!finite[i * h + a] || !Number.isFinite(p.residual) || p.path.some((v) => !Number.isFinite(v)))
        reason = "non-finite";
      else if (p.residual < -tolerance * Math.max(p.energy, 0) || p.energy < 0) reason = "bessel";
    }
    if (reason) rejected[reason]++;
    else accepted[i] = 1;
  }
  const kept = accepted.reduce((s, v) => s + v, 0);
  const points = steps + 1;
  const values = new Float64Array(kept * points * h);
  const energies = options.detailEnergy;
  if (detail === "brownian" && (!energies || energies.length !== h)) {
    throw new Error("invertLogSignatures: the brownian detail needs one detail energy per asset");
  }
  const factor = options.detailCorrelation
    ? cholesky(Float64Array.from(options.detailCorrelation), h)
    : undefined;
  const z = new Float64Array(h);
  const bridges = Array.from({ length: h }, () => new Float64Array(points));
  let row = 0;
  for (let i = 0; i < n; i++) {
    if (!accepted[i]) continue;
    if (detail === "brownian") {
      for (let j = 1; j <= steps; j++) {
        random.fillNormal(z);
        for (let a = 0; a < h; a++) {
          let shock = z[a]!;
          if (factor) {
            shock = 0;
            for (let c = 0; c <= a; c++) shock += factor[a * h + c]! * z[c]!;
          }
          bridges[a]![j] = bridges[a]![j - 1]! + shock;
        }
      }
    }
    for (let a = 0; a < h; a++) {
      const part = parts[i * h + a]!;
      const x = part.path.slice();
      if (detail === "brownian") addDetail(x, bridges[a]!, energies![a]!, depth - 2);
      for (let j = 0; j < points; j++)
        values[(row * points + j) * h + a] = spot * Math.exp(scales[a]! * x[j]!);
    }
    row++;
  }
  return {
    batch: createPathBatch(values, { n: kept, steps, tickers: embedding.tickers }),
    accepted,
    rejected,
  };
}

/**
 * Adds to `x` (in place) a Brownian bridge built from the walk `walk` (walk[0] = 0, unit-variance
 * steps) with its harmonics ≤ `terms` removed, scaled by √(energy / E[energy of such a bridge]) so
 * that its energy is `energy` in expectation (scaling each bridge to the exact energy would bias its
 * daily variance up, by Jensen's inequality); the result keeps x(0) and x(2π).
 */
function addDetail(x: Float64Array, walk: Float64Array, energy: number, terms: number): void {
  const steps = x.length - 1;
  const grid = trigGrid(steps);
  const bridge = detailBridge(walk, terms);
  const s = Math.sqrt(energy / expectedDetailEnergy(steps, terms));
  // The residual b − r vanishes at both ends (b(0) = b(2π) = 0 and r is periodic) after adding r(0).
  const at0 = bridge.r(0);
  for (let j = 0; j <= steps; j++) x[j]! += s * (bridge.values[j]! - bridge.r(grid[j]!) + at0);
}

/** The bridge of a walk and its truncated Fourier series r(t); `own` the energy of bridge − r. */
function detailBridge(
  walk: Float64Array,
  terms: number,
): { values: Float64Array; r: (t: number) => number; own: number } {
  const steps = walk.length - 1;
  const end = walk[steps]!;
  const values = Float64Array.from({ length: steps + 1 }, (_, j) => walk[j]! - (end * j) / steps);
  const { a, b, energy } = piecewiseLinearFourier(values, terms);
  return { values, r: (t) => seriesAt(a, b, t), own: energy - fourierEnergy(a, b) };
}

const expectedEnergies = new Map<string, number>();

/**
 * E[∫(b − Pb)²] for the bridge b of a walk of unit-variance steps: a quadratic form in the steps,
 * so its expectation is the sum of its values at the unit vectors (the trace).
 */
function expectedDetailEnergy(steps: number, terms: number): number {
  const key = `${steps},${terms}`;
  const cached = expectedEnergies.get(key);
  if (cached !== undefined) return cached;
  let total = 0;
  for (let i = 1; i <= steps; i++) {
    const walk = Float64Array.from({ length: steps + 1 }, (_, j) => (j >= i ? 1 : 0));
    total += detailBridge(walk, terms).own;
  }
  expectedEnergies.set(key, total);
  return total;
}

/** The detail fitted on training windows: what {@link invertLogSignatures} adds above the truncation. */
export interface DetailFit {
  /** E_a, the mean over windows of ∫(y − Py)² dt per asset (scaled units). */
  energy: number[];
  /** [H, H] correlation across assets of the residuals' daily increments. */
  correlation: number[];
}

/**
 * Fits the detail on training windows [N, T + 1, H]: for each window and asset the residual
 * y − Py of the bridge y = x − x_T·t/2π after its projection Py on harmonics ≤ m − 2 (computed
 * exactly for the piecewise-linear window, {@link piecewiseLinearFourier}); its mean energy per asset
 * and the correlation of its daily increments across assets.
 */
export function fitDetail(embedding: LogSignatureEmbedding, windows: PathBatch): DetailFit {
  const { steps, depth, scales } = embedding;
  const h = windows.assets;
  const points = steps + 1;
  const grid = trigGrid(steps);
  const cross = new Float64Array(h * h);
  const energy = new Array<number>(h).fill(0);
  const residual = Array.from({ length: h }, () => new Float64Array(points));
  for (let i = 0; i < windows.n; i++) {
    for (let a = 0; a < h; a++) {
      const first = windows.values[i * points * h + a]!;
      const y = new Float64Array(points);
      for (let j = 0; j < points; j++) {
        y[j] = Math.log(windows.values[(i * points + j) * h + a]! / first) / scales[a]!;
      }
      const xT = y[steps]!;
      for (let j = 0; j < points; j++) y[j]! -= (xT * j) / steps;
      const fit = piecewiseLinearFourier(y, depth - 2);
      energy[a]! += (fit.energy - fourierEnergy(fit.a, fit.b)) / windows.n;
      for (let j = 0; j < points; j++) residual[a]![j] = y[j]! - seriesAt(fit.a, fit.b, grid[j]!);
    }
    for (let j = 1; j < points; j++) {
      for (let a = 0; a < h; a++) {
        const da = residual[a]![j]! - residual[a]![j - 1]!;
        for (let b = 0; b < h; b++) cross[a * h + b]! += da * (residual[b]![j]! - residual[b]![j - 1]!);
      }
    }
  }
  const correlation = Array.from({ length: h * h }, (_, k) => {
    const [a, b] = [Math.floor(k / h), k % h];
    return a === b ? 1 : cross[k]! / Math.sqrt(cross[a * h + a]! * cross[b * h + b]!);
  });
  return { energy, correlation };
}
