// Multi-head attention, forward and backward, WebAssembly SIMD: the twin of the native kernels in
// src/tensor/native/transformer-kernel.c (same layout, scratch and formulas), for T = f32 (4 lanes)
// or f64 (2 lanes). Each (sequence, head) runs whole: S = Q Kᵀ into a scratch block that stays in
// cache, the row softmax in place, O = P V; only each row's log-sum-exp is kept, and the backward
// pass recomputes the weights from it. float32 uses a vector exponential (Cephes' expf polynomial,
// about 1 ulp), float64 the scalar exp.

// @ts-ignore: decorator
@inline
function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** Elements rounded up to whole vectors. */
// @ts-ignore: decorator
@inline
function roundUp<T>(n: i32): i32 {
  const L = lanes<T>();
  return ((n + L - 1) / L) * L;
}

// a·b + c: one fused multiply-add where the build enables relaxed SIMD, else a multiply and an add.
// @ts-ignore: decorator
@inline
function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(c, v128.mul<T>(a, b));
}

/** The element of type T at `p` in every lane (a broadcast load: the load ports, not the shuffle port). */
// @ts-ignore: decorator
@inline
function splatAt<T>(p: usize): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(p);
  return v128.load64_splat(p);
}

/** e^x in float32 lanes, exact 0 below −87 (Cephes expf: x = k·ln 2 + r, |r| ≤ ln 2 / 2, 2^k in the exponent bits). */
// @ts-ignore: decorator
@inline
function exp4(x: v128): v128 {
  const small = f32x4.lt(x, f32x4.splat(-87.0));
  x = f32x4.max(x, f32x4.splat(-87.0));
  const magic = f32x4.splat(12582912.0); // 1.5·2^23: adding it rounds to an integer
  const k = f32x4.sub(f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), magic), magic);
  const r = f32x4.add(
    f32x4.sub(x, f32x4.mul(k, f32x4.splat(0.693359375))),
    f32x4.mul(k, f32x4.splat(2.12194440e-4)),
  );
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const bits = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(p, bits), small);
}

/** row[j] = e^(row[j] − max) for j < n (row padded to whole vectors); returns Σ_j row[j] in f64. */
function expShifted<T>(row: usize, n: i32, max: T): f64 {
  let total: f64 = 0;
  if (sizeof<T>() == 8) {
    for (let j = 0; j < n; j++) {
      const p = row + (<usize>j << 3);
      const e = Math.exp(load<f64>(p) - <f64>max);
      store<f64>(p, e);
      total += e;
    }
    return total;
  }
  const whole = (n >> 2) << 2;
  const m = f32x4.splat(<f32>max);
  let acc = f32x4.splat(0);
  for (let j = 0; j < whole; j += 4) {
    const p = row + (<usize>j << 2);
    const e = exp4(f32x4.sub(v128.load(p), m));
    v128.store(p, e);
    acc = f32x4.add(acc, e);
  }
  if (whole < n) {
    // The tail in one vector: lanes past n get −100, whose exponential is 0 (below −87).
    const tail = memory.data(16, 16);
    for (let l = 0; l < 4; l++) {
      store<f32>(tail + (<usize>l << 2), whole + l < n ? load<f32>(row + (<usize>(whole + l) << 2)) - <f32>max : -100);
    }
    const e = exp4(v128.load(tail));
    v128.store(tail, e);
    for (let j = whole; j < n; j++) store<f32>(row + (<usize>j << 2), load<f32>(tail + (<usize>(j - whole) << 2)));
    acc = f32x4.add(acc, e);
  }
  total +=
    <f64>f32x4.extract_lane(acc, 0) +
    <f64>f32x4.extract_lane(acc, 1) +
    <f64>f32x4.extract_lane(acc, 2) +
    <f64>f32x4.extract_lane(acc, 3);
  return total;
}

/** t[c·tp + j] = m[j·ld + c]: a [steps, d] block transposed, rows padded with zeros to tp. */
function transposeBlock<T>(m: usize, ld: i32, steps: i32, d: i32, tp: i32, t: usize): void {
  const S = <usize>sizeof<T>();
  for (let c = 0; c < d; c++) {
    const dst = t + <usize>(c * tp) * S;
    for (let j = 0; j < steps; j++) store<T>(dst + <usize>j * S, load<T>(m + (<usize>j * <usize>ld + <usize>c) * S));
    for (let j = steps; j < tp; j++) store<T>(dst + <usize>j * S, <T>0);
  }
}

/**
 * C[r] (+)= Σ_j A(r, j)·B[j] for r < m, j < n: A(r, j) = a[r·ar + j·aj] (a small matrix or its
 * transpose), B rows of d elements `ldb` apart, C rows `ldc` apart (heads in place); strides in
 * elements. Four rows of C by two vectors at a time (eight accumulators, each A value broadcast
 * once for two multiply-adds, each B vector loaded once for four); one summation order per element.
 */
function combineRows<T>(
  a: usize, ar: i32, aj: i32, m: i32, n: i32,
  b: usize, ldb: i32, c: usize, ldc: i32, d: i32, accumulate: i32,
): void {
  const L = lanes<T>();
  const S = <usize>sizeof<T>();
  if (d % L != 0) {
    for (let r = 0; r < m; r++) {
      for (let x = 0; x < d; x++) {
        let total = <T>0;
        for (let j = 0; j < n; j++) {
          total += load<T>(a + <usize>(r * ar + j * aj) * S) * load<T>(b + (<usize>j * <usize>ldb + <usize>x) * S);
        }
        const p = c + (<usize>r * <usize>ldc + <usize>x) * S;
        store<T>(p, accumulate != 0 ? load<T>(p) + total : total);
      }
    }
    return;
  }
  const rowA = <usize>ar * S;
  const stepA = <usize>aj * S;
  const rowB = <usize>ldb * S;
  const rowC = <usize>ldc * S;
  let r = 0;
  for (; r + 4 <= m; r += 4) {
    let x = 0;
    for (; x + 2 * L <= d; x += 2 * L) {
      let c00 = v128.splat<T>(0), c01 = v128.splat<T>(0);
      let c10 = v128.splat<T>(0), c11 = v128.splat<T>(0);
      let c20 = v128.splat<T>(0), c21 = v128.splat<T>(0);
      let c30 = v128.splat<T>(0), c31 = v128.splat<T>(0);
      let ap = a + <usize>(r * ar) * S;
      let bp = b + <usize>x * S;
      for (let j = 0; j < n; j++, ap += stepA, bp += rowB) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp + 16);
        const a0 = splatAt<T>(ap);
        const a1 = splatAt<T>(ap + rowA);
        const a2 = splatAt<T>(ap + 2 * rowA);
        const a3 = splatAt<T>(ap + 3 * rowA);
        c00 = madd<T>(a0, b0, c00);
        c01 = madd<T>(a0, b1, c01);
        c10 = madd<T>(a1, b0, c10);
        c11 = madd<T>(a1, b1, c11);
        c20 = madd<T>(a2, b0, c20);
        c21 = madd<T>(a2, b1, c21);
        c30 = madd<T>(a3, b0, c30);
        c31 = madd<T>(a3, b1, c31);
      }
      const p = c + (<usize>r * <usize>ldc + <usize>x) * S;
      if (accumulate != 0) {
        c00 = v128.add<T>(c00, v128.load(p));
        c01 = v128.add<T>(c01, v128.load(p + 16));
        c10 = v128.add<T>(c10, v128.load(p + rowC));
        c11 = v128.add<T>(c11, v128.load(p + rowC + 16));
        c20 = v128.add<T>(c20, v128.load(p + 2 * rowC));
        c21 = v128.add<T>(c21, v128.load(p + 2 * rowC + 16));
        c30 = v128.add<T>(c30, v128.load(p + 3 * rowC));
        c31 = v128.add<T>(c31, v128.load(p + 3 * rowC + 16));
      }
      v128.store(p, c00);
      v128.store(p + 16, c01);
      v128.store(p + rowC, c10);
      v128.store(p + rowC + 16, c11);
      v128.store(p + 2 * rowC, c20);
      v128.store(p + 2 * rowC + 16, c21);
      v128.store(p + 3 * rowC, c30);
      v128.store(p + 3 * rowC + 16, c31);
    }
    for (; x < d; x += L) {
      let c0 = v128.splat<T>(0), c1 = v128.splat<T>(0), c2 = v128.splat<T>(0), c3 = v128.splat<T>(0);
      let ap = a + <usize>(r * ar) * S;
      let bp = b + <usize>x * S;
      for (let j = 0; j < n; j++, ap += stepA, bp += rowB) {
        const bj = v128.load(bp);
        c0 = madd<T>(splatAt<T>(ap), bj, c0);
        c1 = madd<T>(splatAt<T>(ap + rowA), bj, c1);
        c2 = madd<T>(splatAt<T>(ap + 2 * rowA), bj, c2);
        c3 = madd<T>(splatAt<T>(ap + 3 * rowA), bj, c3);
      }
      const p = c + (<usize>r * <usize>ldc + <usize>x) * S;
      if (accumulate != 0) {
        c0 = v128.add<T>(c0, v128.load(p));
        c1 = v128.add<T>(c1, v128.load(p + rowC));
        c2 = v128.add<T>(c2, v128.load(p + 2 * rowC));
        c3 = v128.add<T>(c3, v128.load(p + 3 * rowC));
      }
      v128.store(p, c0);
      v128.store(p + rowC, c1);
      v128.store(p + 2 * rowC, c2);
      v128.store(p + 3 * rowC, c3);
    }
  }
  for (; r < m; r++) {
    for (let x = 0; x < d; x += L) {
      let c0 = v128.splat<T>(0);
      let ap = a + <usize>(r * ar) * S;
      let bp = b + <usize>x * S;
      for (let j = 0; j < n; j++, ap += stepA, bp += rowB) c0 = madd<T>(splatAt<T>(ap), v128.load(bp), c0);
      const p = c + (<usize>r * <usize>ldc + <usize>x) * S;
      v128.store(p, accumulate != 0 ? v128.add<T>(c0, v128.load(p)) : c0);
    }
  }
}

/** Scratch elements of one head: K and V transposed, a spare row, P and dP [steps, tp]. */
// @ts-ignore: decorator
@inline
function headScratch<T>(steps: i32, d: i32): i32 {
  const tp = roundUp<T>(steps);
  return 2 * d * tp + tp + 2 * tp * steps;
}

/**
 * One head of one sequence: O = softmax(scale·Q Kᵀ + mask) V into out, and each row's log-sum-exp
 * m_i + log Σ_j e^{scale·s_ij − m_i} into lse [steps]. q, k, v, out point at the head's first
 * element, rows `ld` elements apart.
 */
function attentionHead<T>(
  q: usize, k: usize, v: usize, out: usize, lse: usize, ld: i32,
  steps: i32, d: i32, scale: T, causal: i32, scratch: usize,
): void {
  const S = <usize>sizeof<T>();
  const tp = roundUp<T>(steps);
  const kt = scratch;
  const rows = kt + <usize>(2 * d * tp + tp) * S;
  transposeBlock<T>(k, ld, steps, d, tp, kt);
  // S = Q Kᵀ, rows padded to tp, then the softmax of scale·S row by row (masked weights are zeros).
  combineRows<T>(q, ld, 1, steps, d, kt, tp, rows, tp, tp, 0);
  for (let i = 0; i < steps; i++) {
    const n = causal != 0 ? i + 1 : steps;
    const row = rows + <usize>(i * tp) * S;
    let max = <T>-Infinity;
    for (let j = 0; j < n; j++) {
      const p = row + <usize>j * S;
      const x = load<T>(p) * scale;
      store<T>(p, x);
      if (x > max) max = x;
    }
    const total = expShifted<T>(row, n, max);
    const inv = <T>(1.0 / total);
    for (let j = 0; j < n; j++) store<T>(row + <usize>j * S, load<T>(row + <usize>j * S) * inv);
    for (let j = n; j < steps; j++) store<T>(row + <usize>j * S, <T>0);
    store<T>(lse + <usize>i * S, <T>(<f64>max + Math.log(total)));
  }
  combineRows<T>(rows, tp, 1, steps, steps, v, ld, out, ld, d, 0);
}

/**
 * The gradient of one head, with P = e^{scale·Q Kᵀ − lse} recomputed and dO = g: dP = dO Vᵀ,
 * dS = P ⊙ (dP − rowsum(dP ⊙ P))·scale, dQ (+)= dS K, dK (+)= dSᵀ Q, dV (+)= Pᵀ dO. gq, gk, gv may be
 * 0 (not needed); `accumulate` bits 1, 2, 4: dQ, dK, dV add to what is there. Written in the order
 * dQ, dK, dV, so that aliased inputs (one gradient buffer) add correctly.
 */
function attentionHeadBackward<T>(
  q: usize, k: usize, v: usize, lse: usize, g: usize, gq: usize, gk: usize, gv: usize, ld: i32,
  steps: i32, d: i32, scale: T, causal: i32, accumulate: i32, scratch: usize,
): void {
  const S = <usize>sizeof<T>();
  const tp = roundUp<T>(steps);
  const kt = scratch;
  const vt = kt + <usize>(d * tp) * S;
  const pb = vt + <usize>(d * tp + tp) * S;
  const ds = pb + <usize>(tp * steps) * S;
  transposeBlock<T>(k, ld, steps, d, tp, kt);
  combineRows<T>(q, ld, 1, steps, d, kt, tp, pb, tp, tp, 0);
  for (let i = 0; i < steps; i++) {
    const n = causal != 0 ? i + 1 : steps;
    const row = pb + <usize>(i * tp) * S;
    for (let j = 0; j < n; j++) store<T>(row + <usize>j * S, load<T>(row + <usize>j * S) * scale);
    expShifted<T>(row, n, load<T>(lse + <usize>i * S));
    for (let j = n; j < tp; j++) store<T>(row + <usize>j * S, <T>0);
  }
  if (gq != 0 || gk != 0) {
    transposeBlock<T>(v, ld, steps, d, tp, vt);
    combineRows<T>(g, ld, 1, steps, d, vt, tp, ds, tp, tp, 0); // dP = dO Vᵀ
    for (let i = 0; i < steps; i++) {
      const pi = pb + <usize>(i * tp) * S;
      const row = ds + <usize>(i * tp) * S;
      let dot: f64 = 0;
      for (let j = 0; j < steps; j++) dot += <f64>load<T>(row + <usize>j * S) * <f64>load<T>(pi + <usize>j * S);
      const dt = <T>dot;
      for (let j = 0; j < steps; j++) {
        const p = row + <usize>j * S;
        store<T>(p, load<T>(pi + <usize>j * S) * (load<T>(p) - dt) * scale);
      }
    }
    if (gq != 0) combineRows<T>(ds, tp, 1, steps, steps, k, ld, gq, ld, d, accumulate & 1);
    if (gk != 0) combineRows<T>(ds, 1, tp, steps, steps, q, ld, gk, ld, d, accumulate & 2);
  }
  if (gv != 0) combineRows<T>(pb, 1, tp, steps, steps, g, ld, gv, ld, d, accumulate & 4);
}

/** Every (sequence, head) of [B, T, F] tensors forward; lse [B, heads, T]; scratch 16-byte aligned. */
// @ts-ignore: decorator
@inline
function attention<T>(
  q: usize, k: usize, v: usize, out: usize, lse: usize,
  batch: i32, steps: i32, width: i32, heads: i32, scale: f64, causal: i32, scratch: usize,
): void {
  const S = <usize>sizeof<T>();
  const d = width / heads;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const at = (<usize>b * <usize>steps * <usize>width + <usize>(h * d)) * S;
      const w = <usize>((b * heads + h) * steps) * S;
      attentionHead<T>(q + at, k + at, v + at, out + at, lse + w, width, steps, d, <T>scale, causal, scratch);
    }
  }
}

/** The gradient of {@link attention} over every (sequence, head). */
// @ts-ignore: decorator
@inline
function attentionBackward<T>(
  q: usize, k: usize, v: usize, lse: usize, g: usize, gq: usize, gk: usize, gv: usize,
  batch: i32, steps: i32, width: i32, heads: i32, scale: f64, causal: i32, accumulate: i32, scratch: usize,
): void {
  const S = <usize>sizeof<T>();
  const d = width / heads;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const at = (<usize>b * <usize>steps * <usize>width + <usize>(h * d)) * S;
      const w = <usize>((b * heads + h) * steps) * S;
      attentionHeadBackward<T>(
        q + at, k + at, v + at, lse + w, g + at,
        gq != 0 ? gq + at : 0, gk != 0 ? gk + at : 0, gv != 0 ? gv + at : 0,
        width, steps, d, <T>scale, causal, accumulate, scratch,
      );
    }
  }
}

/** Scratch bytes {@link attentionF32} and its gradient need for heads of `d` over `steps`. */
export function attentionScratchF32(steps: i32, d: i32): i32 {
  return headScratch<f32>(steps, d) * 4;
}
/** Scratch bytes {@link attentionF64} and its gradient need. */
export function attentionScratchF64(steps: i32, d: i32): i32 {
  return headScratch<f64>(steps, d) * 8;
}

export function attentionF32(
  q: usize, k: usize, v: usize, out: usize, lse: usize,
  batch: i32, steps: i32, width: i32, heads: i32, scale: f64, causal: i32, scratch: usize,
): void {
  attention<f32>(q, k, v, out, lse, batch, steps, width, heads, scale, causal, scratch);
}
export function attentionF64(
  q: usize, k: usize, v: usize, out: usize, lse: usize,
  batch: i32, steps: i32, width: i32, heads: i32, scale: f64, causal: i32, scratch: usize,
): void {
  attention<f64>(q, k, v, out, lse, batch, steps, width, heads, scale, causal, scratch);
}
export function attentionBackwardF32(
  q: usize, k: usize, v: usize, lse: usize, g: usize, gq: usize, gk: usize, gv: usize,
  batch: i32, steps: i32, width: i32, heads: i32, scale: f64, causal: i32, accumulate: i32, scratch: usize,
): void {
  attentionBackward<f32>(q, k, v, lse, g, gq, gk, gv, batch, steps, width, heads, scale, causal, accumulate, scratch);
}
export function attentionBackwardF64(
  q: usize, k: usize, v: usize, lse: usize, g: usize, gq: usize, gk: usize, gv: usize,
  batch: i32, steps: i32, width: i32, heads: i32, scale: f64, causal: i32, accumulate: i32, scratch: usize,
): void {
  attentionBackward<f64>(q, k, v, lse, g, gq, gk, gv, batch, steps, width, heads, scale, causal, accumulate, scratch);
}
