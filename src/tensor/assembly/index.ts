// The WebAssembly kernels of hedgelab's tensor engine, compiled by scripts/build-kernels.mjs with
// AssemblyScript into build/kernels.wasm. Memory is imported from JavaScript, which owns allocation
// (src/tensor/memory.ts); kernels only read and write the addresses they are given.
export { gemmF32, gemmF64 } from "./gemm";
export { GEMM_F32_KC, GEMM_F32_MC } from "./gemm-f32";
export { GEMM_F64_KC, GEMM_F64_MC } from "./gemm-f64";
export {
  biasActivationF32,
  biasActivationF64,
  reluGradF32,
  reluGradF64,
  columnSumF32,
  columnSumF64,
  dotF32,
  dotF64,
  axpyF32,
  axpyF64,
} from "./elementwise";
export {
  signatureStreamF32,
  signatureStreamF64,
  signatureStreamBackwardF32,
  signatureStreamBackwardF64,
  signatureFinalF32,
  signatureFinalF64,
  signatureFinalBackwardF32,
  signatureFinalBackwardF64,
} from "./signature";
export {
  attentionF32,
  attentionF64,
  attentionBackwardF32,
  attentionBackwardF64,
  attentionScratchF32,
  attentionScratchF64,
} from "./attention";
export {
  residualLayerNormF32,
  residualLayerNormF64,
  residualLayerNormBackwardF32,
  residualLayerNormBackwardF64,
} from "./layer-norm";
