/**
 * The typed exports of the kernel backends (WebAssembly and native), apart from the loader in
 * kernels.ts so that the backends can name them without importing the loader.
 */

/** C (+)= op(A)·op(B): sizes, then A, its row length and transposition, B likewise, C, accumulate, scratch. */
export type Gemm = (
  m: number,
  n: number,
  k: number,
  a: number,
  lda: number,
  transA: number,
  b: number,
  ldb: number,
  transB: number,
  c: number,
  ldc: number,
  accumulate: number,
  scratch: number,
) => void;
/** A signature forward kernel: increments [B, L, d], then depth, output and scratch. */
type SignatureForward = (
  dx: number,
  batch: number,
  steps: number,
  d: number,
  m: number,
  out: number,
  scratch: number,
) => void;
/** A signature backward kernel: as the forward, with ∂L/∂out in and ∂L/∂dx out. */
type SignatureBackward = (
  dx: number,
  batch: number,
  steps: number,
  d: number,
  m: number,
  out: number,
  gradOut: number,
  gradDx: number,
  scratch: number,
) => void;

/**
 * y = LN(x + r) of `rows` rows of `f` elements: addresses of x, r, γ, β, then
 * rows, f, ε, and the addresses of y, the normalised rows ĥ and 1/√(σ² + ε) per row (float64).
 */
type ResidualLayerNorm = (
  x: number,
  r: number,
  gamma: number,
  beta: number,
  rows: number,
  f: number,
  epsilon: number,
  y: number,
  normalized: number,
  inv: number,
) => void;
/**
 * Its gradient: addresses of ∂L/∂y, γ, ĥ, 1/√(σ² + ε), rows, f, then ∂L/∂x and its mode, ∂L/∂r and
 * its mode (0 not wanted, 1 written, 2 added), and ∂L/∂γ, ∂L/∂β (float64, added to).
 */
type ResidualLayerNormBackward = (
  g: number,
  gamma: number,
  normalized: number,
  inv: number,
  rows: number,
  f: number,
  dx: number,
  dxMode: number,
  dr: number,
  drMode: number,
  dGamma: number,
  dBeta: number,
) => void;

/**
 * The exports of build/kernels.wasm (src/tensor/assembly), typed; the LayerNorm kernels are optional
 * (an op runs its own loops without them: tests hide them to compare). Addresses are byte offsets.
 * The WebAssembly build also has the attention kernels of `TransformerKernels` (native.ts).
 */
export interface Kernels {
  residualLayerNormF32?: ResidualLayerNorm;
  residualLayerNormF64?: ResidualLayerNorm;
  residualLayerNormBackwardF32?: ResidualLayerNormBackward;
  residualLayerNormBackwardF64?: ResidualLayerNormBackward;
  /** Scratch bytes the WebAssembly attention kernels need for heads of width `d` over `steps` steps. */
  attentionScratchF32(steps: number, d: number): number;
  attentionScratchF64(steps: number, d: number): number;
  gemmF32: Gemm;
  gemmF64: Gemm;
  biasActivationF32(y: number, bias: number, rows: number, cols: number, relu: number): void;
  biasActivationF64(y: number, bias: number, rows: number, cols: number, relu: number): void;
  reluGradF32(g: number, y: number, out: number, n: number): void;
  reluGradF64(g: number, y: number, out: number, n: number): void;
  columnSumF32(g: number, rows: number, cols: number, out: number, accumulate: number): void;
  columnSumF64(g: number, rows: number, cols: number, out: number, accumulate: number): void;
  dotF32(a: number, b: number, n: number): number;
  dotF64(a: number, b: number, n: number): number;
  axpyF32(alpha: number, x: number, y: number, n: number, accumulate: number): void;
  axpyF64(alpha: number, x: number, y: number, n: number, accumulate: number): void;
  signatureStreamF32: SignatureForward;
  signatureStreamF64: SignatureForward;
  signatureStreamBackwardF32: SignatureBackward;
  signatureStreamBackwardF64: SignatureBackward;
  signatureFinalF32: SignatureForward;
  signatureFinalF64: SignatureForward;
  signatureFinalBackwardF32: SignatureBackward;
  signatureFinalBackwardF64: SignatureBackward;
  GEMM_F32_KC: WebAssembly.Global;
  GEMM_F32_MC: WebAssembly.Global;
  GEMM_F64_KC: WebAssembly.Global;
  GEMM_F64_MC: WebAssembly.Global;
}
