import { describe, expect, it } from "vitest";
import {
  COVARIANCE_TYPES,
  fitGaussianMixture,
  mixtureLogLikelihood,
  predict,
  predictProba,
  type GaussianMixture,
} from "../../src/math/gaussian-mixture.js";
import { bic, parameterCount, selectMixtureByBic } from "../../src/math/mixture-selection.js";
import { createRandom } from "../../src/random/random-source.js";

interface Component {
  weight: number;
  mean: [number, number];
  /** Lower Cholesky factor [l00, l10, l11] of the covariance. */
  factor: [number, number, number];
}

/** N draws of a 2-D Gaussian mixture, with the component of each row. */
function sampleMixture(components: Component[], n: number, seed: number) {
  const random = createRandom(seed);
  const data = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = random.uniform();
    let k = 0;
    while (k < components.length - 1 && u >= components[k]!.weight) u -= components[k++]!.weight;
    const { mean, factor } = components[k]!;
    const z0 = random.normal();
    const z1 = random.normal();
    data[2 * i] = mean[0] + factor[0] * z0;
    data[2 * i + 1] = mean[1] + factor[1] * z0 + factor[2] * z1;
    labels[i] = k;
  }
  return { data, labels, n };
}

/** Three well-separated components: Σ₀ = [1, 0.5; 0.5, 1], Σ₁ = I, Σ₂ = diag(0.25, 2.25). */
const THREE: Component[] = [
  { weight: 0.5, mean: [-5, 0], factor: [1, 0.5, Math.sqrt(0.75)] },
  { weight: 0.3, mean: [5, 0], factor: [1, 0, 1] },
  { weight: 0.2, mean: [0, 8], factor: [0.5, 0, 1.5] },
];

/** The fitted component whose mean is nearest to `mean`. */
function nearestComponent(model: GaussianMixture, mean: [number, number]): number {
  let best = 0;
  for (let k = 1; k < model.components; k++) {
    const d = (j: number) => (model.means[2 * j]! - mean[0]) ** 2 + (model.means[2 * j + 1]! - mean[1]) ** 2;
    if (d(k) < d(best)) best = k;
  }
  return best;
}

describe("fitGaussianMixture", () => {
  const { data, n } = sampleMixture(THREE, 1500, 1);

  it("recovers a known 3-component 2-D mixture: means within 3 standard errors, weights within 3 binomial standard errors", () => {
    const model = fitGaussianMixture(data, n, 2, { components: 3 }, createRandom(2));
    expect(model.converged).toBe(true);
    for (const { weight, mean, factor } of THREE) {
      const k = nearestComponent(model, mean);
      const count = weight * n;
      // Var(x̄) = Σ/Nₖ per coordinate: Σ₀₀ = l00², Σ₁₁ = l10² + l11².
      const variances = [factor[0] ** 2, factor[1] ** 2 + factor[2] ** 2];
      for (let d = 0; d < 2; d++) {
        expect(Math.abs(model.means[2 * k + d]! - mean[d]!)).toBeLessThan(
          3 * Math.sqrt(variances[d]! / count),
        );
      }
      expect(Math.abs(model.weights[k]! - weight)).toBeLessThan(3 * Math.sqrt((weight * (1 - weight)) / n));
      // Covariance entries within 20% (a sample covariance from ≥ 300 rows has ≈ 8% relative error).
      expect(model.covariances[4 * k]).toBeCloseTo(variances[0]!, 0);
      expect(Math.abs(model.covariances[4 * k + 3]! / variances[1]! - 1)).toBeLessThan(0.2);
      expect(model.covariances[4 * k + 1]).toBe(model.covariances[4 * k + 2]);
    }
    let total = 0;
    for (const w of model.weights) total += w;
    expect(total).toBeCloseTo(1, 14);
  });

  it("never lowers the log-likelihood across EM iterations, for every covariance type (1e-9 relative slack)", () => {
    // Overlapping components make EM take many small steps.
    const overlapping = sampleMixture(
      [
        { weight: 0.6, mean: [0, 0], factor: [1, 0.3, 1] },
        { weight: 0.4, mean: [1.5, 1], factor: [0.7, -0.2, 1.2] },
      ],
      400,
      3,
    );
    for (const covariance of COVARIANCE_TYPES) {
      const model = fitGaussianMixture(
        overlapping.data,
        overlapping.n,
        2,
        { components: 3, covariance, restarts: 2, tolerance: 1e-10, maxIterations: 150 },
        createRandom(4),
      );
      const { history } = model;
      expect(history.length).toBe(model.iterations + 1);
      expect(model.iterations).toBeGreaterThan(5);
      for (let t = 1; t < history.length; t++) {
        expect(history[t]! - history[t - 1]!).toBeGreaterThanOrEqual(-1e-9 * Math.abs(history[t - 1]!));
      }
      expect(history.at(-1)).toBe(model.logLikelihood);
      expect(mixtureLogLikelihood(model, overlapping.data, overlapping.n)).toBeCloseTo(
        model.logLikelihood,
        8,
      );
    }
  });

  it("with K = 1 gives the sample mean and scikit-learn's covariances: population covariance + floor per type", () => {
    const rows = Float64Array.of(0, 0, 2, 0, 0, 4, 2, 4, 1, 2);
    // Mean (1, 2); population covariance [0.8, 0; 0, 3.2].
    const floor = 0.01;
    const fit = (covariance: (typeof COVARIANCE_TYPES)[number]) =>
      fitGaussianMixture(
        rows,
        5,
        2,
        { components: 1, covariance, covarianceFloor: floor, restarts: 1 },
        createRandom(1),
      );
    const full = fit("full");
    expect(full.means[0]).toBeCloseTo(1, 14);
    expect(full.means[1]).toBeCloseTo(2, 14);
    expect(full.weights[0]).toBeCloseTo(1, 14);
    const expected = [0.8 + floor, 0, 0, 3.2 + floor];
    expected.forEach((v, i) => expect(full.covariances[i]).toBeCloseTo(v, 14));
    fit("tied").covariances.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
    const diagonal = fit("diagonal").covariances;
    expect(diagonal.length).toBe(2);
    expect(diagonal[0]).toBeCloseTo(0.8 + floor, 14);
    expect(diagonal[1]).toBeCloseTo(3.2 + floor, 14);
    const spherical = fit("spherical").covariances;
    expect(spherical.length).toBe(1);
    expect(spherical[0]).toBeCloseTo(2 + floor, 14);
  });

  it("stores covariances as full [K, D, D], diagonal [K, D], tied [D, D], spherical [K]", () => {
    const lengths = COVARIANCE_TYPES.map(
      (covariance) =>
        fitGaussianMixture(data, n, 2, { components: 3, covariance, restarts: 1 }, createRandom(5))
          .covariances.length,
    );
    expect(lengths).toEqual([12, 6, 4, 3]);
  });

  it("keeps the best restart by log-likelihood", () => {
    const model = fitGaussianMixture(data, n, 2, { components: 4, restarts: 4 }, createRandom(6));
    expect(model.restartLogLikelihoods.length).toBe(4);
    expect(model.logLikelihood).toBe(Math.max(...model.restartLogLikelihoods));
    expect(model.restartLogLikelihoods[model.restart]).toBe(model.logLikelihood);
  });

  it("is deterministic: the same seed gives the same model, for both initialisations", () => {
    for (const init of ["k-means++", "k-means"] as const) {
      const a = fitGaussianMixture(data, n, 2, { components: 3, init, restarts: 2 }, createRandom(7));
      const b = fitGaussianMixture(data, n, 2, { components: 3, init, restarts: 2 }, createRandom(7));
      expect(a).toEqual(b);
    }
  });

  it("survives a far outlier without NaN (log-space E-step), and gives it finite posteriors", () => {
    const withOutlier = Float64Array.from([...data.subarray(0, 598), 1e6, -1e6]);
    const model = fitGaussianMixture(withOutlier, 300, 2, { components: 2, restarts: 1 }, createRandom(8));
    expect(Number.isFinite(model.logLikelihood)).toBe(true);
    for (const array of [model.weights, model.means, model.covariances]) {
      expect(Array.from(array).every(Number.isFinite)).toBe(true);
    }
    const far = predictProba(model, [1e100, 1e100], 1);
    expect(Array.from(far).every(Number.isFinite)).toBe(true);
    expect(far[0]! + far[1]!).toBeCloseTo(1, 14);
  });

  it("explains a collapsed component when covarianceFloor is 0", () => {
    const threePoints = Float64Array.of(0, 0, 1, 0, 0, 1);
    expect(() =>
      fitGaussianMixture(
        threePoints,
        3,
        2,
        { components: 3, covarianceFloor: 0, restarts: 1 },
        createRandom(1),
      ),
    ).toThrow("the covariance of component 0 is not positive definite");
  });

  it("rejects invalid options and data with one-line `invalid …` messages", () => {
    const random = createRandom(1);
    const fit =
      (options: Parameters<typeof fitGaussianMixture>[3], rows = data, count = n) =>
      () =>
        fitGaussianMixture(rows, count, 2, options, random);
    expect(fit({ components: 0 })).toThrow("invalid components: 0 (must be an integer in 1..N = 1500)");
    expect(fit({ components: 2 }, Float64Array.of(0, 0), 1)).toThrow(
      "invalid components: 2 (must be an integer in 1..N = 1)",
    );
    expect(fit({ components: 2.5 })).toThrow("invalid components: 2.5");
    expect(fit({ components: 2, covariance: "diag" as "diagonal" })).toThrow(
      'invalid covariance: "diag" (must be one of full, diagonal, tied, spherical)',
    );
    expect(fit({ components: 2, restarts: 0 })).toThrow("invalid restarts: 0 (must be a positive integer)");
    expect(fit({ components: 2, maxIterations: 0 })).toThrow("invalid maxIterations: 0");
    expect(fit({ components: 2, tolerance: Number.NaN })).toThrow("invalid tolerance: NaN");
    expect(fit({ components: 2, covarianceFloor: -1 })).toThrow(
      "invalid covarianceFloor: -1 (must be a finite number ≥ 0)",
    );
    expect(fit({ components: 2, init: "random" as "k-means" })).toThrow('invalid init: "random"');
    expect(fit({ components: 1 }, Float64Array.of(0, Number.POSITIVE_INFINITY), 1)).toThrow(
      "invalid data: Infinity (must be finite; row 0, column 1)",
    );
    expect(fit({ components: 1 }, Float64Array.of(0, 1, 2), 2)).toThrow(
      "invalid data length: 3 (must be N·D = 4)",
    );
  });
});

describe("predict and predictProba", () => {
  const { data, labels, n } = sampleMixture(THREE, 600, 11);
  const model = fitGaussianMixture(data, n, 2, { components: 3, restarts: 2 }, createRandom(12));

  it("give posterior rows that sum to 1 and whose argmax is predict", () => {
    const proba = predictProba(model, data, n);
    const predicted = predict(model, data, n);
    expect(proba.length).toBe(3 * n);
    for (let i = 0; i < n; i++) {
      const row = Array.from(proba.subarray(3 * i, 3 * i + 3));
      expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 14);
      expect(row.indexOf(Math.max(...row))).toBe(predicted[i]);
    }
  });

  it("label well-separated components as the truth does (up to a permutation) on ≥ 99% of rows", () => {
    const predicted = predict(model, data, n);
    const mapping = THREE.map(({ mean }) => nearestComponent(model, mean));
    let agree = 0;
    for (let i = 0; i < n; i++) if (predicted[i] === mapping[labels[i]!]) agree++;
    expect(agree / n).toBeGreaterThan(0.99);
  });

  it("reject data of the wrong width", () => {
    expect(() => predict(model, [1, 2, 3], 1)).toThrow("invalid data length: 3 (must be N·D = 2)");
  });
});

describe("parameterCount and bic", () => {
  it("counts (K − 1) + K·D + covariance parameters, by hand for each type", () => {
    // K = 3, D = 2: 2 weights + 6 means + (full 3·3, diagonal 3·2, tied 3, spherical 3).
    expect(parameterCount(3, 2, "full")).toBe(17);
    expect(parameterCount(3, 2, "diagonal")).toBe(14);
    expect(parameterCount(3, 2, "tied")).toBe(11);
    expect(parameterCount(3, 2, "spherical")).toBe(11);
    // K = 4, D = 4 (the paper's regimes): 3 + 16 + (full 4·10, diagonal 16, tied 10, spherical 4).
    expect(parameterCount(4, 4, "full")).toBe(59);
    expect(parameterCount(4, 4, "diagonal")).toBe(35);
    expect(parameterCount(4, 4, "tied")).toBe(29);
    expect(parameterCount(4, 4, "spherical")).toBe(23);
    expect(parameterCount(1, 1, "full")).toBe(2);
    expect(() => parameterCount(0, 2, "full")).toThrow("invalid components: 0");
  });

  it("bic is −2 log L + p log N", () => {
    const { data, n } = sampleMixture(THREE, 300, 13);
    const model = fitGaussianMixture(
      data,
      n,
      2,
      { components: 2, covariance: "tied", restarts: 1 },
      createRandom(1),
    );
    expect(bic(model)).toBeCloseTo(-2 * model.logLikelihood + (1 + 4 + 3) * Math.log(300), 9);
    expect(bic(model, n)).toBe(bic(model));
  });
});

describe("selectMixtureByBic", () => {
  it("chooses the true K = 3 on well-separated synthetic data", () => {
    const { data, n } = sampleMixture(THREE, 600, 21);
    const selection = selectMixtureByBic(
      data,
      n,
      2,
      { components: [1, 2, 3, 4, 5], restarts: 2 },
      createRandom(22),
    );
    expect(selection.model.components).toBe(3);
    expect(selection.table.length).toBe(5 * 4);
    expect(selection.bic).toBe(Math.min(...selection.table.map((row) => row.bic)));
    expect(selection.bic).toBeCloseTo(bic(selection.model), 9);
  });

  it("chooses K = 1 for one Gaussian", () => {
    const { data, n } = sampleMixture([{ weight: 1, mean: [1, -1], factor: [1, 0.6, 0.8] }], 500, 23);
    const selection = selectMixtureByBic(
      data,
      n,
      2,
      { components: [1, 2, 3, 4], restarts: 2 },
      createRandom(24),
    );
    expect(selection.model.components).toBe(1);
  });

  it("fits each candidate independently of the others listed (forked seeds)", () => {
    const { data, n } = sampleMixture(THREE, 300, 25);
    const both = selectMixtureByBic(
      data,
      n,
      2,
      { components: [2, 3], covariances: ["diagonal"], restarts: 1 },
      createRandom(26),
    );
    const alone = selectMixtureByBic(
      data,
      n,
      2,
      { components: [3], covariances: ["diagonal"], restarts: 1 },
      createRandom(26),
    );
    expect(both.table[1]).toEqual(alone.table[0]);
  });

  it("rejects empty candidate lists and K > N", () => {
    const rows = Float64Array.of(0, 0, 1, 1);
    const random = createRandom(1);
    expect(() => selectMixtureByBic(rows, 2, 2, { components: [] }, random)).toThrow(
      "invalid components: []",
    );
    expect(() => selectMixtureByBic(rows, 2, 2, { covariances: [] }, random)).toThrow(
      "invalid covariances: []",
    );
    expect(() => selectMixtureByBic(rows, 2, 2, { components: [1, 3] }, random)).toThrow(
      "invalid components: 3",
    );
  });
});
