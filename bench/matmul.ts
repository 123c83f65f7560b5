/**
 * Workload `matmul` (W4 of ../shared/bench/reference/README.md): the matrix product
 * [256×512]·[512×512], float32.
 */
import { createRandom } from "../src/random/random-source.js";
import { gemm } from "../src/tensor/gemm.js";
import { zeros } from "../src/tensor/tensor.js";

/** One `matmul` (W4) product [256×512]·[512×512] into a preallocated output. */
export function matmulStep(): () => void {
  const [M, K, N] = [256, 512, 512];
  const random = createRandom(0);
  const a = zeros([M, K]);
  const b = zeros([K, N]);
  const c = zeros([M, N]);
  a.values().set(random.fillNormal(new Float64Array(M * K)));
  b.values().set(random.fillNormal(new Float64Array(K * N)));
  return () => gemm("float32", M, N, K, a.address, K, false, b.address, N, false, c.address, N, false);
}
