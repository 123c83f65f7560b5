// Row-wise elementwise kernels of the engine's hot paths (bias, ReLU, bias gradient), SIMD over the
// 16-byte lanes of T = f32 (4 lanes) or f64 (2 lanes), with scalar tails.

// @ts-ignore: decorator
@inline
function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** y[r, j] = act(y[r, j] + bias[j]) in place; act = identity (0) or ReLU (1); bias may be 0 (none). */
function biasActivation<T>(y: usize, bias: usize, rows: i32, cols: i32, relu: i32): void {
  const L = lanes<T>();
  const zero = v128.splat<T>(<T>0);
  for (let r = 0; r < rows; r++) {
    const row = y + <usize>(r * cols) * sizeof<T>();
    let j = 0;
    for (; j + L <= cols; j += L) {
      const p = row + <usize>j * sizeof<T>();
      let v = v128.load(p);
      if (bias != 0) v = v128.add<T>(v, v128.load(bias + <usize>j * sizeof<T>()));
      if (relu != 0) v = v128.max<T>(v, zero);
      v128.store(p, v);
    }
    for (; j < cols; j++) {
      const p = row + <usize>j * sizeof<T>();
      let v = load<T>(p);
      if (bias != 0) v += load<T>(bias + <usize>j * sizeof<T>());
      if (relu != 0 && v < <T>0) v = <T>0;
      store<T>(p, v);
    }
  }
}

/** out[i] = y[i] > 0 ? g[i] : 0 (the gradient through a ReLU whose output is y). */
function reluGrad<T>(g: usize, y: usize, out: usize, n: i32): void {
  const L = lanes<T>();
  const zero = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const o = <usize>i * sizeof<T>();
    const mask = v128.gt<T>(v128.load(y + o), zero);
    v128.store(out + o, v128.and(v128.load(g + o), mask));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    store<T>(out + o, load<T>(y + o) > <T>0 ? load<T>(g + o) : <T>0);
  }
}

/** out[j] (+)= Σ_r g[r, j]: the gradient of a bias. */
function columnSum<T>(g: usize, rows: i32, cols: i32, out: usize, accumulate: i32): void {
  const L = lanes<T>();
  if (accumulate == 0) memory.fill(out, 0, <usize>cols * sizeof<T>());
  let j = 0;
  for (; j + L <= cols; j += L) {
    let acc = v128.load(out + <usize>j * sizeof<T>());
    for (let r = 0; r < rows; r++) acc = v128.add<T>(acc, v128.load(g + <usize>(r * cols + j) * sizeof<T>()));
    v128.store(out + <usize>j * sizeof<T>(), acc);
  }
  for (; j < cols; j++) {
    let acc = load<T>(out + <usize>j * sizeof<T>());
    for (let r = 0; r < rows; r++) acc += load<T>(g + <usize>(r * cols + j) * sizeof<T>());
    store<T>(out + <usize>j * sizeof<T>(), acc);
  }
}

export function biasActivationF32(y: usize, bias: usize, rows: i32, cols: i32, relu: i32): void {
  biasActivation<f32>(y, bias, rows, cols, relu);
}
export function biasActivationF64(y: usize, bias: usize, rows: i32, cols: i32, relu: i32): void {
  biasActivation<f64>(y, bias, rows, cols, relu);
}
export function reluGradF32(g: usize, y: usize, out: usize, n: i32): void {
  reluGrad<f32>(g, y, out, n);
}
export function reluGradF64(g: usize, y: usize, out: usize, n: i32): void {
  reluGrad<f64>(g, y, out, n);
}
export function columnSumF32(g: usize, rows: i32, cols: i32, out: usize, accumulate: i32): void {
  columnSum<f32>(g, rows, cols, out, accumulate);
}
export function columnSumF64(g: usize, rows: i32, cols: i32, out: usize, accumulate: i32): void {
  columnSum<f64>(g, rows, cols, out, accumulate);
}

/** Σ_i a[i]·b[i], accumulated in f64 lanes' order (SIMD partial sums, then the tail). */
function dot<T>(a: usize, b: usize, n: i32): f64 {
  const L = lanes<T>();
  let acc0 = v128.splat<T>(<T>0);
  let acc1 = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const o = <usize>i * sizeof<T>();
    acc0 = v128.add<T>(acc0, v128.mul<T>(v128.load(a + o), v128.load(b + o)));
    acc1 = v128.add<T>(acc1, v128.mul<T>(v128.load(a + o + 16), v128.load(b + o + 16)));
  }
  const tmp = memory.data(32);
  v128.store(tmp, v128.add<T>(acc0, acc1));
  let total: f64 = 0;
  for (let l = 0; l < L; l++) total += <f64>load<T>(tmp + <usize>l * sizeof<T>());
  for (; i < n; i++) total += <f64>load<T>(a + <usize>i * sizeof<T>()) * <f64>load<T>(b + <usize>i * sizeof<T>());
  return total;
}

/** y[i] (+)= α·x[i]: written when `accumulate` is 0, added otherwise. */
function axpy<T>(alpha: T, x: usize, y: usize, n: i32, accumulate: i32): void {
  const L = lanes<T>();
  const av = v128.splat<T>(alpha);
  let i = 0;
  for (; i + L <= n; i += L) {
    const o = <usize>i * sizeof<T>();
    const v = v128.mul<T>(av, v128.load(x + o));
    v128.store(y + o, accumulate != 0 ? v128.add<T>(v128.load(y + o), v) : v);
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const v = alpha * load<T>(x + o);
    store<T>(y + o, accumulate != 0 ? load<T>(y + o) + v : v);
  }
}

export function dotF32(a: usize, b: usize, n: i32): f64 {
  return dot<f32>(a, b, n);
}
export function dotF64(a: usize, b: usize, n: i32): f64 {
  return dot<f64>(a, b, n);
}
export function axpyF32(alpha: f32, x: usize, y: usize, n: i32, accumulate: i32): void {
  axpy<f32>(alpha, x, y, n, accumulate);
}
export function axpyF64(alpha: f64, x: usize, y: usize, n: i32, accumulate: i32): void {
  axpy<f64>(alpha, x, y, n, accumulate);
}
