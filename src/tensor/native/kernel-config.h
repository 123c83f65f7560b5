/*
 * The element type and vector width of one build of a kernel file. The build script compiles each
 * kernel file with -DHL_ISA=<avx512|avx2|generic> and the matching -m flags, once with -DHL_F64=0
 * (float32) and once with -DHL_F64=1 (float64). Vectors are GCC/Clang vector extensions, so one
 * source serves AVX-512 (64-byte vectors), AVX2 + FMA (32 bytes) and SSE2/NEON (16 bytes).
 */
#ifndef HEDGELAB_KERNEL_CONFIG_H
#define HEDGELAB_KERNEL_CONFIG_H

#include "hedgelab.h"

#if !defined(HL_ISA) || !defined(HL_F64)
#error "compile with -DHL_ISA=<isa> -DHL_F64=<0|1> (scripts/build-native.mjs)"
#endif

#if HL_F64
typedef double real;
#define HL_TYPE f64
#else
typedef float real;
#define HL_TYPE f32
#endif

/* hl_<name>_<f32|f64>_<isa> */
#define HL_NAME(name) HL_CAT3(name, HL_TYPE, HL_ISA)

#if defined(__AVX512F__)
#define HL_VECTOR_BYTES 64
#define HL_MR 12
#elif defined(__AVX2__) && defined(__FMA__)
#define HL_VECTOR_BYTES 32
#define HL_MR 6
#else
#define HL_VECTOR_BYTES 16
#define HL_MR 6
#endif

/** Lanes per vector. */
#define HL_W ((int)(HL_VECTOR_BYTES / sizeof(real)))

/** An aligned vector of `real` (packed buffers) and an unaligned one (tensors in place). */
typedef real vreal __attribute__((vector_size(HL_VECTOR_BYTES)));
typedef real vreal_u __attribute__((vector_size(HL_VECTOR_BYTES), aligned(sizeof(real))));

static inline vreal hl_load(const real *p) { return *(const vreal_u *)p; }
static inline void hl_store(real *p, vreal v) { *(vreal_u *)p = v; }
static inline vreal hl_splat(real x) { return (vreal){0} + x; }

#define HL_MIN(a, b) ((a) < (b) ? (a) : (b))
#define HL_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
