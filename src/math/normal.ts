import { assertOption } from "../errors.js";

/** 1/√(2π). */
const INV_SQRT_2PI = 0.3989422804014327;
/** √32, the end of Cody's middle interval. */
const SQRT_32 = 5.656854249492381;

/**
 * The standard normal density φ(x) = exp(−x²/2)/√(2π).
 *
 * For |x| ≥ 5 the square is split as x = x₁ + x₂, with x₁ holding the top 16 fractional bits, so
 * that exp(−x²/2) = exp(−x₁²/2)·exp(−(x₁ + x₂/2)x₂) loses no accuracy to the rounding of x²
 * (relative error ≈ 1e-15 out to the underflow near |x| ≈ 38.6).
 *
 * Reference: R's `dnorm` (src/nmath/dnorm.c, R Core Team), after C. Loader's splitting.
 */
export function normalPdf(x: number): number {
  const y = Math.abs(x);
  if (y < 5) return INV_SQRT_2PI * Math.exp(-0.5 * y * y);
  if (y > 40) return 0; // φ(40) ≈ 1e-348 underflows; also catches +∞.
  const y1 = Math.round(y * 65536) / 65536;
  const y2 = y - y1;
  return INV_SQRT_2PI * (Math.exp(-0.5 * y1 * y1) * Math.exp((-0.5 * y2 - y1) * y2));
}

// Coefficients of Cody's rational Chebyshev approximations (ALGORITHM 715, ANORM), as in R's pnorm.c,
// written as the shortest decimals that round to the same doubles as the published 20-digit values.
const A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174,
];
const Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];

/**
 * The standard normal distribution function Φ(x) = P(Z ≤ x), Z ~ N(0, 1).
 *
 * W. J. Cody's rational Chebyshev approximations on three intervals (|x| ≤ 0.674, ≤ √32, beyond);
 * the lower tail Φ(−|x|) = exp(−x²/2)·R(|x|) is formed with x² split into an exact part and a
 * small correction, so the relative error stays ≈ 1e-15 deep into the lower tail (Φ(−37.5) ≈
 * 4.6e-308); below −37.52 Φ underflows to 0, and Φ(x) rounds to 1 for x ≥ 8.29. For x > 0 the value
 * is 1 − Φ(−x), exact to an absolute 1e-16.
 *
 * Reference: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp.
 * 23 (1969) 631–637, and "Algorithm 715: SPECFUN", ACM TOMS 19 (1993) 22–32 (routine ANORM); the
 * layout follows R's `pnorm_both` (src/nmath/pnorm.c).
 *
 * @example
 * normalCdf(1.96); // 0.9750021048517795
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    // |x| ≤ Φ⁻¹(3/4): Φ(x) = 1/2 + x·R(x²).
    let numerator = 0;
    let denominator = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      numerator = A[4]! * xsq;
      denominator = xsq;
      for (let i = 0; i < 3; i++) {
        numerator = (numerator + A[i]!) * xsq;
        denominator = (denominator + B[i]!) * xsq;
      }
    }
    return 0.5 + (x * (numerator + A[3]!)) / (denominator + B[3]!);
  }
  let ratio: number;
  if (y <= SQRT_32) {
    let numerator = C[8]! * y;
    let denominator = y;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + C[i]!) * y;
      denominator = (denominator + D[i]!) * y;
    }
    ratio = (numerator + C[7]!) / (denominator + D[7]!);
  } else {
    if (x <= -37.5193) return 0;
    if (x >= 8.2924) return 1;
    const xsq = 1 / (x * x);
    let numerator = P[5]! * xsq;
    let denominator = xsq;
    for (let i = 0; i < 4; i++) {
      numerator = (numerator + P[i]!) * xsq;
      denominator = (denominator + Q[i]!) * xsq;
    }
    ratio = (INV_SQRT_2PI - (xsq * (numerator + P[4]!)) / (denominator + Q[4]!)) / y;
  }
  // exp(−y²/2) = exp(−y₁²/2)·exp(−(y − y₁)(y + y₁)/2) with y₁ = ⌊16y⌋/16, whose square is exact.
  const y1 = Math.trunc(y * 16) / 16;
  const correction = (y - y1) * (y + y1);
  const lowerTail = Math.exp(-y1 * y1 * 0.5) * Math.exp(-correction * 0.5) * ratio;
  return x > 0 ? 1 - lowerTail : lowerTail;
}

// Coefficients of Wichura's AS 241 (PPND16), as the shortest decimals giving the published doubles.
const CENTRAL_NUMERATOR = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const CENTRAL_DENOMINATOR = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const INTERMEDIATE_NUMERATOR = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const INTERMEDIATE_DENOMINATOR = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const TAIL_NUMERATOR = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const TAIL_DENOMINATOR = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Σₖ cₖ tᵏ by Horner's rule. */
function polynomial(coefficients: readonly number[], t: number): number {
  let value = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) value = value * t + coefficients[k]!;
  return value;
}

/**
 * The standard normal quantile Φ⁻¹(p): the z with Φ(z) = p.
 *
 * Wichura's AS 241 (PPND16): a rational approximation in (p − 1/2)² for |p − 1/2| ≤ 0.425, and in
 * r = √(−log min(p, 1 − p)) in the tails, with relative error ≈ 1e-16. p = 0 gives −∞ and
 * p = 1 gives +∞. For p near 1 the accuracy is limited by that of 1 − p; use the symmetry
 * Φ⁻¹(p) = −Φ⁻¹(1 − p) with the small tail probability when it is known exactly.
 *
 * Reference: M. J. Wichura, "Algorithm AS 241: The percentage points of the normal
 * distribution", Applied Statistics 37 (1988) 477–484.
 *
 * @param p - a probability in [0, 1].
 */
export function normalQuantile(p: number): number {
  assertOption(p >= 0 && p <= 1, "p", p, "must be in [0, 1]");
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(CENTRAL_NUMERATOR, r)) / polynomial(CENTRAL_DENOMINATOR, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = polynomial(INTERMEDIATE_NUMERATOR, r) / polynomial(INTERMEDIATE_DENOMINATOR, r);
  } else {
    r -= 5;
    z = polynomial(TAIL_NUMERATOR, r) / polynomial(TAIL_DENOMINATOR, r);
  }
  return q < 0 ? -z : z;
}
