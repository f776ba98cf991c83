// Run-time choice of the instruction-set level of the kernels.
#include "CDisentangleKernels.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

cdk_simd_level_t cdk_simd_level_supported(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        return CDK_SIMD_AVX512;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) { return CDK_SIMD_AVX2; }
#endif
    return CDK_SIMD_BASELINE;
}

/// The cap DISENTANGLE_SIMD sets, or the highest level if it is unset or unrecognised.
static cdk_simd_level_t requested_level(void) {
    const char *text = getenv("DISENTANGLE_SIMD");
    if (text == NULL) { return CDK_SIMD_AVX512; }
    if (strcmp(text, "baseline") == 0) { return CDK_SIMD_BASELINE; }
    if (strcmp(text, "avx2") == 0) { return CDK_SIMD_AVX2; }
    return CDK_SIMD_AVX512;
}

/// The level in use; -1 until decided (racing first calls compute the same value).
static _Atomic int decided = -1;

cdk_simd_level_t cdk_simd_level(void) {
    int level = atomic_load_explicit(&decided, memory_order_relaxed);
    if (level < 0) {
        cdk_simd_level_t supported = cdk_simd_level_supported();
        cdk_simd_level_t requested = requested_level();
        level = (int)(requested < supported ? requested : supported);
        atomic_store_explicit(&decided, level, memory_order_relaxed);
    }
    return (cdk_simd_level_t)level;
}

const char *cdk_simd_level_name(cdk_simd_level_t level) {
    switch (level) {
    case CDK_SIMD_AVX512: return "avx512";
    case CDK_SIMD_AVX2: return "avx2";
    default: return "baseline";
    }
}

void cdk_set_simd_level(cdk_simd_level_t level) {
    cdk_simd_level_t supported = cdk_simd_level_supported();
    atomic_store_explicit(&decided, (int)(level < supported ? level : supported), memory_order_relaxed);
}
