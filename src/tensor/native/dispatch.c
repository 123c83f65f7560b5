/*
 * Which build of the kernels runs: the best instruction set that both the CPU supports (asked at
 * run time, so one binary runs on any x86-64) and the compiler built (HL_HAVE_AVX512 / HL_HAVE_AVX2,
 * set by scripts/build-native.mjs when the compiler accepted those flags).
 */
#include <stdlib.h>
#include <string.h>

#include "hedgelab.h"

extern const hl_kernels hl_kernels_generic;
#if HL_HAVE_AVX2
extern const hl_kernels hl_kernels_avx2;
#endif
#if HL_HAVE_AVX512
extern const hl_kernels hl_kernels_avx512;
#endif

static int cpu_has(const char *isa) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (strcmp(isa, "avx512") == 0)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("fma");
  if (strcmp(isa, "avx2") == 0) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  (void)isa;
#endif
  return 0;
}

const hl_kernels *hl_kernels_for(const char *isa) {
  if (strcmp(isa, "generic") == 0) return &hl_kernels_generic;
#if HL_HAVE_AVX2
  if (strcmp(isa, "avx2") == 0 && cpu_has("avx2")) return &hl_kernels_avx2;
#endif
#if HL_HAVE_AVX512
  if (strcmp(isa, "avx512") == 0 && cpu_has("avx512")) return &hl_kernels_avx512;
#endif
  return NULL;
}

const char *hl_best_isa(void) {
  static const char *order[] = {"avx512", "avx2", "generic"};
  for (int i = 0; i < 3; i++)
    if (hl_kernels_for(order[i])) return order[i];
  return "generic";
}
