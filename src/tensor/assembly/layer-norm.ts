// The post-norm residual of a transformer block, y = LN(x + r), forward and backward, WebAssembly
// SIMD: the twin of src/tensor/native/norm-kernel.c (same formulas, vector partial sums reduced in
// f64), for T = f32 (4 lanes) or f64 (2 lanes). Per row of F elements: s = x + r, μ = Σs/F,
// σ² = Σ(s − μ)²/F, ĥ = (s − μ)/√(σ² + ε), y = γ ĥ + β; ĥ and 1/√(σ² + ε) (f64) are kept for the
// backward pass.

// @ts-ignore: decorator
@inline
function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** The sum of a vector's lanes, in f64. */
// @ts-ignore: decorator
@inline
function sumLanes<T>(v: v128): f64 {
  if (sizeof<T>() == 8) return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  return (
    <f64>f32x4.extract_lane(v, 0) +
    <f64>f32x4.extract_lane(v, 1) +
    <f64>f32x4.extract_lane(v, 2) +
    <f64>f32x4.extract_lane(v, 3)
  );
}

/** y = γ ĥ + β of each of `rows` rows of `f` elements; ĥ into `h`, 1/√(σ² + ε) into `inv` (f64). */
// @ts-ignore: decorator
@inline
function residualLayerNorm<T>(
  x: usize, r: usize, gamma: usize, beta: usize, rows: i32, f: i32, epsilon: f64,
  y: usize, h: usize, inv: usize,
): void {
  const L = lanes<T>();
  const S = <usize>sizeof<T>();
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>f * S;
    const xr = x + base, rr = r + base, hr = h + base, yr = y + base;
    let acc = v128.splat<T>(0);
    let j = 0;
    for (; j + L <= f; j += L) {
      const o = <usize>j * S;
      const s = v128.add<T>(v128.load(xr + o), v128.load(rr + o));
      v128.store(hr + o, s);
      acc = v128.add<T>(acc, s);
    }
    let total = sumLanes<T>(acc);
    for (; j < f; j++) {
      const o = <usize>j * S;
      const s = load<T>(xr + o) + load<T>(rr + o);
      store<T>(hr + o, s);
      total += <f64>s;
    }
    const mu = total / f;
    const m = v128.splat<T>(<T>mu);
    let squares = v128.splat<T>(0);
    for (j = 0; j + L <= f; j += L) {
      const c = v128.sub<T>(v128.load(hr + <usize>j * S), m);
      squares = v128.add<T>(squares, v128.mul<T>(c, c));
    }
    let variance = sumLanes<T>(squares);
    for (; j < f; j++) {
      const c = <f64>load<T>(hr + <usize>j * S) - mu;
      variance += c * c;
    }
    const s = 1 / Math.sqrt(variance / f + epsilon);
    store<f64>(inv + (<usize>row << 3), s);
    const sv = v128.splat<T>(<T>s);
    for (j = 0; j + L <= f; j += L) {
      const o = <usize>j * S;
      const n = v128.mul<T>(v128.sub<T>(v128.load(hr + o), m), sv);
      v128.store(hr + o, n);
      v128.store(yr + o, v128.add<T>(v128.mul<T>(v128.load(gamma + o), n), v128.load(beta + o)));
    }
    for (; j < f; j++) {
      const o = <usize>j * S;
      const n = <T>((<f64>load<T>(hr + o) - mu) * s);
      store<T>(hr + o, n);
      store<T>(yr + o, load<T>(gamma + o) * n + load<T>(beta + o));
    }
  }
}

/** out = v (mode 1) or out += v (mode 2) at one vector; mode 0 writes nothing. */
// @ts-ignore: decorator
@inline
function put<T>(out: usize, mode: i32, v: v128): void {
  if (mode == 1) v128.store(out, v);
  else if (mode == 2) v128.store(out, v128.add<T>(v128.load(out), v));
}

/**
 * The gradient of y = LN(x + r): ∂L/∂s = (1/√(σ² + ε))/F · (F·d − Σd − ĥ·Σ(d ⊙ ĥ)), d = γ ⊙ g, into
 * `dx` and `dr` (mode 0: not wanted, 1: written, 2: added; they may be one buffer: dx is done
 * first), and Σ_rows g ⊙ ĥ and Σ_rows g added into `dgamma` and `dbeta` (f64, zeroed by the caller).
 */
// @ts-ignore: decorator
@inline
function residualLayerNormBackward<T>(
  g: usize, gamma: usize, h: usize, inv: usize, rows: i32, f: i32,
  dx: usize, dxMode: i32, dr: usize, drMode: i32, dgamma: usize, dbeta: usize,
): void {
  const L = lanes<T>();
  const S = <usize>sizeof<T>();
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>f * S;
    const gr = g + base, hr = h + base;
    for (let j = 0; j < f; j++) {
      const gj = <f64>load<T>(gr + <usize>j * S);
      const pg = dgamma + (<usize>j << 3), pb = dbeta + (<usize>j << 3);
      store<f64>(pg, load<f64>(pg) + gj * <f64>load<T>(hr + <usize>j * S));
      store<f64>(pb, load<f64>(pb) + gj);
    }
    if (dxMode == 0 && drMode == 0) continue;
    let sumD = v128.splat<T>(0), sumDH = v128.splat<T>(0);
    let j = 0;
    for (; j + L <= f; j += L) {
      const o = <usize>j * S;
      const d = v128.mul<T>(v128.load(gr + o), v128.load(gamma + o));
      sumD = v128.add<T>(sumD, d);
      sumDH = v128.add<T>(sumDH, v128.mul<T>(d, v128.load(hr + o)));
    }
    let totalD = sumLanes<T>(sumD), totalDH = sumLanes<T>(sumDH);
    for (; j < f; j++) {
      const o = <usize>j * S;
      const d = <f64>load<T>(gr + o) * <f64>load<T>(gamma + o);
      totalD += d;
      totalDH += d * <f64>load<T>(hr + o);
    }
    const s = load<f64>(inv + (<usize>row << 3)) / f;
    const scale = v128.splat<T>(<T>(s * f)), shift = v128.splat<T>(<T>(s * totalD)), slope = v128.splat<T>(<T>(s * totalDH));
    const dxr = dx + base, drr = dr + base;
    for (j = 0; j + L <= f; j += L) {
      const o = <usize>j * S;
      const v = v128.sub<T>(
        v128.sub<T>(v128.mul<T>(v128.mul<T>(scale, v128.load(gr + o)), v128.load(gamma + o)), shift),
        v128.mul<T>(v128.load(hr + o), slope),
      );
      put<T>(dxr + o, dxMode, v);
      put<T>(drr + o, drMode, v);
    }
    for (; j < f; j++) {
      const o = <usize>j * S;
      const v = <T>(s * (f * <f64>load<T>(gr + o) * <f64>load<T>(gamma + o) - totalD - <f64>load<T>(hr + o) * totalDH));
      if (dxMode != 0) store<T>(dxr + o, (dxMode == 2 ? load<T>(dxr + o) : <T>0) + v);
      if (drMode != 0) store<T>(drr + o, (drMode == 2 ? load<T>(drr + o) : <T>0) + v);
    }
  }
}

export function residualLayerNormF32(
  x: usize, r: usize, gamma: usize, beta: usize, rows: i32, f: i32, epsilon: f64,
  y: usize, h: usize, inv: usize,
): void {
  residualLayerNorm<f32>(x, r, gamma, beta, rows, f, epsilon, y, h, inv);
}
export function residualLayerNormF64(
  x: usize, r: usize, gamma: usize, beta: usize, rows: i32, f: i32, epsilon: f64,
  y: usize, h: usize, inv: usize,
): void {
  residualLayerNorm<f64>(x, r, gamma, beta, rows, f, epsilon, y, h, inv);
}
export function residualLayerNormBackwardF32(
  g: usize, gamma: usize, h: usize, inv: usize, rows: i32, f: i32,
  dx: usize, dxMode: i32, dr: usize, drMode: i32, dgamma: usize, dbeta: usize,
): void {
  residualLayerNormBackward<f32>(g, gamma, h, inv, rows, f, dx, dxMode, dr, drMode, dgamma, dbeta);
}
export function residualLayerNormBackwardF64(
  g: usize, gamma: usize, h: usize, inv: usize, rows: i32, f: i32,
  dx: usize, dxMode: i32, dr: usize, drMode: i32, dgamma: usize, dbeta: usize,
): void {
  residualLayerNormBackward<f64>(g, gamma, h, inv, rows, f, dx, dxMode, dr, drMode, dgamma, dbeta);
}
