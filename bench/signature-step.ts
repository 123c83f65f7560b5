/**
 * Workload `signature-step` (W2 of ../shared/bench/reference/README.md): the streaming depth-3 signature of a learned
 * 8-dimensional projection of 5-dimensional increments, B = 256, T = 30 (584 features per step),
 * forward + backward of Σ out ⊙ G, float32; and `signature-long`, the forward cost per path-step of a
 * long path.
 */
import { createRandom } from "../src/random/random-source.js";
import { pathSignature, signatureStream } from "../src/signature/signature-stream.js";
import { backward } from "../src/tensor/backward.js";
import { dot } from "../src/tensor/ops/dot.js";
import { matmul } from "../src/tensor/ops/matmul.js";
import { noGrad, tensor, tidy, variable, type Tensor } from "../src/tensor/tensor.js";

/** One `signature-step` (W2) step (data and the projection made once). */
export function signatureStep(): () => void {
  const [B, T, Din, D] = [256, 30, 5, 8];
  const F = D + D * D + D * D * D;
  const random = createRandom(0);
  const constant = (values: Float64Array, shape: number[]): Tensor => {
    const t = variable(values, shape);
    t.requiresGrad = false;
    return t;
  };
  const X = constant(
    random.fillNormal(new Float64Array(B * T * Din)).map((x) => 0.02 * x),
    [B, T, Din],
  );
  const P = variable(
    random.fillNormal(new Float64Array(Din * D)).map((x) => x / Math.sqrt(Din)),
    [Din, D],
    "float32",
    "P",
  );
  const G = constant(random.fillNormal(new Float64Array(B * T * F)), [B, T, F]);
  return () =>
    tidy(() => {
      P.grad?.values().fill(0);
      backward(dot(signatureStream(matmul(X, P), 3), G));
      let total = 0;
      for (const g of P.grad!.values()) total += Math.abs(g);
      return total;
    });
}

/** Forward streaming signature of B paths of `length` steps at d = 8, m = 3 (the per-path-step figure). */
export function longPathStep(batch = 256, length = 10_000, dimension = 8): () => void {
  const random = createRandom(1);
  const dx = tensor(
    random.fillNormal(new Float64Array(batch * length * dimension)).map((x) => 0.01 * x),
    [batch, length, dimension],
  );
  return () => tidy(() => noGrad(() => void pathSignature(dx, 3)));
}
