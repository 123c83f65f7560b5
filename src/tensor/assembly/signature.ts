// Streaming truncated signatures of piecewise-linear paths and their gradient (WebAssembly SIMD over
// the d letters of the last tensor index). Layout: levels 1..m concatenated, level k row-major d^k.
// Forward: S_s = S_{s−1} ⊗ exp(Δ_s), level k updated in Horner form from the old lower levels:
//   t = Δ/k;  t ← (t + S_j) ⊗ Δ/(k − j) for j = 1..k−1;  S_k += t.
// Backward: the chain above is recomputed per level and reversed (see docs/notes/signatures.md).

// @ts-ignore: decorator
@inline
function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

// @ts-ignore: decorator
@inline
function at<T>(base: usize, i: i32): usize {
  return base + <usize>i * sizeof<T>();
}

/** a·b + c in lanes of T: a fused multiply-add where the build enables relaxed SIMD. */
// @ts-ignore: decorator
@inline
function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (sizeof<T>() == 4) return f32x4.relaxed_madd(a, b, c);
    return f64x2.relaxed_madd(a, b, c);
  }
  return v128.add<T>(c, v128.mul<T>(a, b));
}

/**
 * next[u·d + v] = x_u · Δ[v] with x_u = (t[u] + s[u])·c, or, when `add` ≠ 0,
 * next[u·d + v] = add[u·d + v] + x_u·Δ[v]. When d is 1, 2 or 4 vectors wide, Δ stays in registers.
 */
// @ts-ignore: decorator
@inline
function outerStep<T>(t: usize, s: usize, c: T, size: i32, delta: usize, d: i32, next: usize, add: usize): void {
  const W = lanes<T>();
  const vectors = d / W;
  if (d % W == 0 && (vectors == 1 || vectors == 2 || vectors == 4)) {
    const d0 = v128.load(delta);
    const d1 = vectors > 1 ? v128.load(delta, 16) : d0;
    const d2 = vectors > 2 ? v128.load(delta, 32) : d0;
    const d3 = vectors > 2 ? v128.load(delta, 48) : d0;
    const rowBytes = <usize>d * sizeof<T>();
    let out = next;
    let base = add;
    for (let u = 0; u < size; u++) {
      const xv = v128.splat<T>((load<T>(at<T>(t, u)) + load<T>(at<T>(s, u))) * c);
      if (add != 0) {
        v128.store(out, madd<T>(xv, d0, v128.load(base)));
        if (vectors > 1) v128.store(out, madd<T>(xv, d1, v128.load(base, 16)), 16);
        if (vectors > 2) {
          v128.store(out, madd<T>(xv, d2, v128.load(base, 32)), 32);
          v128.store(out, madd<T>(xv, d3, v128.load(base, 48)), 48);
        }
        base += rowBytes;
      } else {
        v128.store(out, v128.mul<T>(xv, d0));
        if (vectors > 1) v128.store(out, v128.mul<T>(xv, d1), 16);
        if (vectors > 2) {
          v128.store(out, v128.mul<T>(xv, d2), 32);
          v128.store(out, v128.mul<T>(xv, d3), 48);
        }
      }
      out += rowBytes;
    }
    return;
  }
  const vecEnd = d - (d % W);
  for (let u = 0; u < size; u++) {
    const x: T = (load<T>(at<T>(t, u)) + load<T>(at<T>(s, u))) * c;
    const xv = v128.splat<T>(x);
    const row = u * d;
    let v = 0;
    if (add != 0) {
      for (; v < vecEnd; v += W) {
        v128.store(at<T>(next, row + v), madd<T>(xv, v128.load(at<T>(delta, v)), v128.load(at<T>(add, row + v))));
      }
      for (; v < d; v++) store<T>(at<T>(next, row + v), load<T>(at<T>(add, row + v)) + x * load<T>(at<T>(delta, v)));
    } else {
      for (; v < vecEnd; v += W) v128.store(at<T>(next, row + v), v128.mul<T>(xv, v128.load(at<T>(delta, v))));
      for (; v < d; v++) store<T>(at<T>(next, row + v), x * load<T>(at<T>(delta, v)));
    }
  }
}

/**
 * One Chen step: cur = prev ⊗ exp(Δ), all levels. `prev` may equal 0 (the identity: every level 0).
 * `zeros` must hold d^m zeros, `work` 2·d^m elements.
 */
function chenStep<T>(prev: usize, delta: usize, d: i32, m: i32, cur: usize, zeros: usize, work: usize, powers: usize, offsets: usize): void {
  const a = work;
  const b = work + <usize>load<i32>(powers + (<usize>m << 2)) * sizeof<T>();
  for (let k = m; k >= 1; k--) {
    const offK = load<i32>(offsets + (<usize>k << 2));
    const prevK = prev == 0 ? zeros : at<T>(prev, offK);
    if (k == 1) {
      for (let v = 0; v < d; v++) store<T>(at<T>(cur, v), load<T>(at<T>(prevK, v)) + load<T>(at<T>(delta, v)));
      continue;
    }
    // t (level 1) = Δ/k, kept in a; the chain alternates a and b; the last step adds into cur.
    let t = a;
    let next = b;
    const invK: T = <T>1 / <T>k;
    for (let v = 0; v < d; v++) store<T>(at<T>(t, v), load<T>(at<T>(delta, v)) * invK);
    let size = d;
    for (let j = 1; j < k; j++) {
      const sj = prev == 0 ? zeros : at<T>(prev, load<i32>(offsets + (<usize>j << 2)));
      const c: T = <T>1 / <T>(k - j);
      if (j == k - 1) {
        outerStep<T>(t, sj, c, size, delta, d, at<T>(cur, offK), prevK);
      } else {
        outerStep<T>(t, sj, c, size, delta, d, next, 0);
        const swap = t;
        t = next;
        next = swap;
      }
      size *= d;
    }
  }
}

/** Addresses of the areas of `scratch` (see {@link prepare}). */
class Areas {
  zeros: usize = 0;
  work: usize = 0;
  running: usize = 0;
  chain: usize = 0;
  stateA: usize = 0;
  stateB: usize = 0;
  dDelta: usize = 0;
  negDelta: usize = 0;
  powers: usize = 0;
  offsets: usize = 0;
  dm: i32 = 0;
  len: i32 = 0;
}

// One Areas object reused by every call (the kernels are not reentrant).
const areas = new Areas();

/**
 * Streaming signatures: out[b, s] = signature of the path with increments dx[b, 0..s], for every
 * path b < B and step s < L. dx is [B, L, d], out [B, L, len]. `scratch` is laid out by `prepare`.
 */
function streamForward<T>(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, scratch: usize): void {
  const a = prepare<T>(d, m, scratch);
  const len = a.len;
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < steps; s++) {
      const cur = at<T>(out, (b * steps + s) * len);
      const prev = s == 0 ? 0 : at<T>(out, (b * steps + s - 1) * len);
      chenStep<T>(prev, at<T>(dx, (b * steps + s) * d), d, m, cur, a.zeros, a.work, a.powers, a.offsets);
    }
  }
}

/** Signatures of whole paths: out[b] = signature of the path with increments dx[b, ·]; out [B, len]. */
function finalForward<T>(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, scratch: usize): void {
  const a = prepare<T>(d, m, scratch);
  const len = a.len;
  for (let b = 0; b < batch; b++) {
    let prev: usize = 0;
    let cur = a.stateA;
    for (let s = 0; s < steps; s++) {
      chenStep<T>(prev, at<T>(dx, (b * steps + s) * d), d, m, cur, a.zeros, a.work, a.powers, a.offsets);
      prev = cur;
      cur = cur == a.stateA ? a.stateB : a.stateA;
    }
    if (steps == 0) memory.fill(at<T>(out, b * len), 0, <usize>len * sizeof<T>());
    else memory.copy(at<T>(out, b * len), prev, <usize>len * sizeof<T>());
  }
}

/**
 * Gradient of the streaming signature: given gradOut = ∂L/∂out [B, L, len] and the forward `out`,
 * writes ∂L/∂dx into gradDx [B, L, d].
 */
function streamBackward<T>(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, gradOut: usize, gradDx: usize, scratch: usize): void {
  const a = prepare<T>(d, m, scratch);
  const len = a.len;
  for (let b = 0; b < batch; b++) {
    memory.fill(a.running, 0, <usize>len * sizeof<T>());
    for (let s = steps - 1; s >= 0; s--) {
      const g = at<T>(gradOut, (b * steps + s) * len);
      for (let i = 0; i < len; i++) store<T>(at<T>(a.running, i), load<T>(at<T>(a.running, i)) + load<T>(at<T>(g, i)));
      const prev = s == 0 ? 0 : at<T>(out, (b * steps + s - 1) * len);
      stepBackward<T>(prev, at<T>(dx, (b * steps + s) * d), d, m, at<T>(gradDx, (b * steps + s) * d), a);
    }
  }
}

/**
 * Gradient of whole-path signatures: given gradOut = ∂L/∂out [B, len] and the forward `out`, writes
 * ∂L/∂dx into gradDx [B, L, d]. The intermediate signatures are rebuilt backwards from the last one,
 * S_{s−1} = S_s ⊗ exp(−Δ_s) (as signatory does), so memory stays O(len) per path.
 */
function finalBackward<T>(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, gradOut: usize, gradDx: usize, scratch: usize): void {
  const a = prepare<T>(d, m, scratch);
  const len = a.len;
  for (let b = 0; b < batch; b++) {
    memory.copy(a.running, at<T>(gradOut, b * len), <usize>len * sizeof<T>());
    memory.copy(a.stateA, at<T>(out, b * len), <usize>len * sizeof<T>());
    let cur = a.stateA;
    let other = a.stateB;
    for (let s = steps - 1; s >= 0; s--) {
      const delta = at<T>(dx, (b * steps + s) * d);
      let prev: usize = 0;
      if (s > 0) {
        for (let v = 0; v < d; v++) store<T>(at<T>(a.negDelta, v), -load<T>(at<T>(delta, v)));
        chenStep<T>(cur, a.negDelta, d, m, other, a.zeros, a.work, a.powers, a.offsets);
        prev = other;
      }
      stepBackward<T>(prev, delta, d, m, at<T>(gradDx, (b * steps + s) * d), a);
      const swap = cur;
      cur = other;
      other = swap;
    }
  }
}

/**
 * Reverses one Chen step S_new = S_old ⊗ exp(Δ): on entry `a.running` holds ∂L/∂S_new, on exit
 * ∂L/∂S_old; ∂L/∂Δ is written to `gradDelta`. `prev` is S_old (0 for the identity).
 */
function stepBackward<T>(prev: usize, delta: usize, d: i32, m: i32, gradDelta: usize, a: Areas): void {
  const running = a.running;
  const chain = a.chain; // p_1 .. p_(m−1), at the level offsets
  const dDelta = a.dDelta;
  const offsets = a.offsets;
  // Level 1: S_1 += Δ, so ∂Δ = R_1 (and R_1 passes through unchanged).
  for (let v = 0; v < d; v++) store<T>(at<T>(dDelta, v), load<T>(at<T>(running, v)));
  for (let k = 2; k <= m; k++) {
    // Recompute the chain of level k: p_j = t_j + S_j (level j), t_1 = Δ/k, t_{j+1} = p_j ⊗ Δ/(k−j).
    const invK: T = <T>1 / <T>k;
    for (let v = 0; v < d; v++) {
      const sj: T = prev == 0 ? <T>0 : load<T>(at<T>(prev, v));
      store<T>(at<T>(chain, v), load<T>(at<T>(delta, v)) * invK + sj);
    }
    let size = d;
    for (let j = 1; j < k - 1; j++) {
      const pj = at<T>(chain, load<i32>(offsets + (<usize>j << 2)));
      const pNext = at<T>(chain, load<i32>(offsets + (<usize>(j + 1) << 2)));
      const sNext = prev == 0 ? a.zeros : at<T>(prev, load<i32>(offsets + (<usize>(j + 1) << 2)));
      // p_{j+1} = p_j ⊗ Δ·c + S_{j+1}
      outerStep<T>(pj, a.zeros, <T>1 / <T>(k - j), size, delta, d, pNext, sNext);
      size *= d;
    }
    // Backward through the chain of level k: ḡ starts at R_k and ends at level 1. Chains run in
    // increasing k, so R_k is still ∂L/∂S_new_k here (chain k' adds only to levels below k').
    let gbar = at<T>(running, load<i32>(offsets + (<usize>k << 2)));
    let gsize = size * d;
    for (let j = k - 1; j >= 1; j--) {
      const c: T = <T>1 / <T>(k - j);
      const pj = at<T>(chain, load<i32>(offsets + (<usize>j << 2)));
      const rj = at<T>(running, load<i32>(offsets + (<usize>j << 2)));
      const psize = gsize / d;
      // p̄_j[u] = c Σ_v ḡ[u, v] Δ[v];  ∂Δ[v] += c Σ_u ḡ[u, v] p_j[u];  then S̄_j += p̄_j, ḡ ← p̄_j.
      const pbar = j % 2 == 0 ? a.work : at<T>(a.work, a.dm);
      backStep<T>(gbar, pj, c, psize, delta, d, pbar, dDelta);
      for (let u = 0; u < psize; u++) store<T>(at<T>(rj, u), load<T>(at<T>(rj, u)) + load<T>(at<T>(pbar, u)));
      gbar = pbar;
      gsize = psize;
    }
    // t_1 = Δ/k: ∂Δ += ḡ/k
    for (let v = 0; v < d; v++) store<T>(at<T>(dDelta, v), load<T>(at<T>(dDelta, v)) + load<T>(at<T>(gbar, v)) * invK);
  }
  for (let v = 0; v < d; v++) store<T>(at<T>(gradDelta, v), load<T>(at<T>(dDelta, v)));
}

/** pbar[u] = c Σ_v g[u·d + v] Δ[v];  dDelta[v] += c Σ_u g[u·d + v] p[u]. */
function backStep<T>(g: usize, p: usize, c: T, size: i32, delta: usize, d: i32, pbar: usize, dDelta: usize): void {
  const W = lanes<T>();
  const vecEnd = d - (d % W);
  for (let u = 0; u < size; u++) {
    const row = u * d;
    const pu: T = load<T>(at<T>(p, u)) * c;
    const pv = v128.splat<T>(pu);
    let acc = v128.splat<T>(<T>0);
    let v = 0;
    for (; v < vecEnd; v += W) {
      const gv = v128.load(at<T>(g, row + v));
      acc = v128.add<T>(acc, v128.mul<T>(gv, v128.load(at<T>(delta, v))));
      v128.store(at<T>(dDelta, v), v128.add<T>(v128.load(at<T>(dDelta, v)), v128.mul<T>(gv, pv)));
    }
    let total: T = <T>0;
    for (let l = 0; l < W; l++) total += extract<T>(acc, l);
    for (; v < d; v++) {
      const gv = load<T>(at<T>(g, row + v));
      total += gv * load<T>(at<T>(delta, v));
      store<T>(at<T>(dDelta, v), load<T>(at<T>(dDelta, v)) + gv * pu);
    }
    store<T>(at<T>(pbar, u), total * c);
  }
}

// @ts-ignore: decorator
@inline
function extract<T>(v: v128, lane: i32): T {
  const tmp = memory.data(16);
  v128.store(tmp, v);
  return load<T>(tmp + <usize>lane * sizeof<T>());
}

function signatureLength(d: i32, m: i32): i32 {
  let total = 0;
  let power = 1;
  for (let k = 1; k <= m; k++) {
    power *= d;
    total += power;
  }
  return total;
}

/**
 * Lays out `scratch` (in elements of T): zeros (d^m, zeroed here), work (2·d^m), running gradient,
 * recomputed chain and two states (len each), ∂Δ and −Δ (d each); then, 8-byte aligned, the i32
 * tables powers d^0..d^m and level offsets 0..m: 3·d^m + 4·len + 2·d elements and 2(m + 1) i32.
 */
function prepare<T>(d: i32, m: i32, scratch: usize): Areas {
  let dm = 1;
  for (let k = 0; k < m; k++) dm *= d;
  const len = signatureLength(d, m);
  memory.fill(scratch, 0, <usize>dm * sizeof<T>());
  areas.dm = dm;
  areas.len = len;
  areas.zeros = scratch;
  areas.work = at<T>(scratch, dm);
  areas.running = at<T>(areas.work, 2 * dm);
  areas.chain = at<T>(areas.running, len);
  areas.stateA = at<T>(areas.chain, len);
  areas.stateB = at<T>(areas.stateA, len);
  areas.dDelta = at<T>(areas.stateB, len);
  areas.negDelta = at<T>(areas.dDelta, d);
  const powers = (at<T>(areas.negDelta, d) + 7) & ~(<usize>7);
  let power = 1;
  let offset = 0;
  for (let k = 0; k <= m; k++) {
    store<i32>(powers + (<usize>k << 2), power);
    store<i32>(powers + (<usize>(m + 1 + k) << 2), offset);
    if (k >= 1) offset += power;
    power *= d;
  }
  areas.powers = powers;
  areas.offsets = powers + (<usize>(m + 1) << 2);
  return areas;
}

export function signatureStreamF32(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, scratch: usize): void {
  streamForward<f32>(dx, batch, steps, d, m, out, scratch);
}
export function signatureStreamF64(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, scratch: usize): void {
  streamForward<f64>(dx, batch, steps, d, m, out, scratch);
}
export function signatureStreamBackwardF32(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, gradOut: usize, gradDx: usize, scratch: usize): void {
  streamBackward<f32>(dx, batch, steps, d, m, out, gradOut, gradDx, scratch);
}
export function signatureStreamBackwardF64(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, gradOut: usize, gradDx: usize, scratch: usize): void {
  streamBackward<f64>(dx, batch, steps, d, m, out, gradOut, gradDx, scratch);
}
export function signatureFinalF32(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, scratch: usize): void {
  finalForward<f32>(dx, batch, steps, d, m, out, scratch);
}
export function signatureFinalF64(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, scratch: usize): void {
  finalForward<f64>(dx, batch, steps, d, m, out, scratch);
}
export function signatureFinalBackwardF32(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, gradOut: usize, gradDx: usize, scratch: usize): void {
  finalBackward<f32>(dx, batch, steps, d, m, out, gradOut, gradDx, scratch);
}
export function signatureFinalBackwardF64(dx: usize, batch: i32, steps: i32, d: i32, m: i32, out: usize, gradOut: usize, gradDx: usize, scratch: usize): void {
  finalBackward<f64>(dx, batch, steps, d, m, out, gradOut, gradDx, scratch);
}
