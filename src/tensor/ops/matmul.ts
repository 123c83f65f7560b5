import { gemm } from "../gemm.js";
import { BYTES, empty, gradOf, record, type Tensor } from "../tensor.js";

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ: `a` is stored [..., K, M]; default false. */
  transposeA?: boolean;
  /** Use Bᵀ: `b` is stored [..., N, K]; default false. */
  transposeB?: boolean;
}

/**
 * Matrix product C = op(A)·op(B), differentiable.
 *
 * Shapes: `a` [..., M, K] (or [..., K, M] transposed), `b` [K, N] or [..., K, N] with the same
 * leading (batch) dimensions as `a` (or [..., N, K] transposed); C is [..., M, N]. A 2-D `b` is
 * shared by every batch element (one large product when `a` is not transposed).
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { transposeA = false, transposeB = false } = options;
  if (a.dtype !== b.dtype) throw new Error(`matmul: dtypes differ (${a.dtype}, ${b.dtype})`);
  if (a.shape.length < 2 || b.shape.length < 2)
    throw new Error("matmul: operands need at least 2 dimensions");
  const ar = a.shape.length;
  const br = b.shape.length;
  const [aRows, aCols] = [a.shape[ar - 2]!, a.shape[ar - 1]!];
  const [bRows, bCols] = [b.shape[br - 2]!, b.shape[br - 1]!];
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const kb = transposeB ? bCols : bRows;
  const n = transposeB ? bRows : bCols;
  if (k !== kb) {
    throw new Error(`matmul: inner dimensions differ ([${a.shape.join(", ")}] × [${b.shape.join(", ")}])`);
  }
  const batchShape = a.shape.slice(0, -2);
  const batch = batchShape.reduce((x, y) => x * y, 1);
  const shared = br === 2;
  if (!shared && (br !== ar || b.shape.slice(0, -2).some((d, i) => d !== batchShape[i]))) {
    throw new Error(`matmul: batch dimensions differ ([${a.shape.join(", ")}] × [${b.shape.join(", ")}])`);
  }
  const out = empty([...batchShape, m, n], a.dtype);
  const size = BYTES[a.dtype];
  const lda = aCols;
  const ldb = bCols;
  const strideA = aRows * aCols * size;
  const strideB = shared ? 0 : bRows * bCols * size;
  const strideC = m * n * size;
  // One product [batch·M, K]·[K, N] when B is shared and A is not transposed.
  const fused = shared && !transposeA;
  const run = (
    fn: (offA: number, offB: number, offC: number, rows: number) => void,
    count: number = fused ? 1 : batch,
  ): void => {
    for (let i = 0; i < count; i++) fn(i * strideA, i * strideB, i * strideC, fused ? batch * m : m);
  };
  run((oa, ob, oc, rows) =>
    gemm(
      a.dtype,
      rows,
      n,
      k,
      a.address + oa,
      lda,
      transposeA,
      b.address + ob,
      ldb,
      transposeB,
      out.address + oc,
      n,
      false,
    ),
  );
  return record(out, [a, b], (g) => {
    if (a.requiresGrad) {
      const { grad, fresh } = gradOf(a);
      const acc = !fresh;
      run((oa, ob, oc, rows) => {
        if (!transposeA) {
          // dA[M,K] = dC · op(B)ᵀ
          gemm(
            a.dtype,
            rows,
            k,
            n,
            g.address + oc,
            n,
            false,
            b.address + ob,
            ldb,
            !transposeB,
            grad.address + oa,
            lda,
            acc,
          );
        } else {
          // dA stored [K,M] = op(B) · dCᵀ
          gemm(
            a.dtype,
            k,
            m,
            n,
            b.address + ob,
            ldb,
            transposeB,
            g.address + oc,
            n,
            true,
            grad.address + oa,
            lda,
            acc,
          );
        }
      });
    }
    if (b.requiresGrad) {
      const { grad, fresh } = gradOf(b);
      // A shared B gathers the contributions of every batch element.
      run((oa, ob, oc, rows) => {
        const acc = !fresh || (shared && oa > 0);
        if (!transposeB) {
          // dB[K,N] = op(A)ᵀ · dC
          gemm(
            b.dtype,
            k,
            n,
            rows,
            a.address + oa,
            lda,
            !transposeA,
            g.address + oc,
            n,
            false,
            grad.address + ob,
            ldb,
            acc,
          );
        } else {
          // dB stored [N,K] = dCᵀ · op(A)
          gemm(
            b.dtype,
            n,
            k,
            rows,
            g.address + oc,
            n,
            true,
            a.address + oa,
            lda,
            transposeA,
            grad.address + ob,
            ldb,
            acc,
          );
        }
      });
    }
  });
}
