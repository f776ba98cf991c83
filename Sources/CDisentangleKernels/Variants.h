// Compiling one kernel body for each instruction-set level (internal to CDisentangleKernels).
//
// A kernel is written once, as a static always-inline function `NAME_body` in plain C whose loops the compiler
// vectorises; CDK_VARIANTS(NAME, (parameters), (arguments)) defines `NAME_baseline`, `NAME_avx2` and `NAME_avx512`,
// each inlining the body under its own target attribute, and CDK_DISPATCH calls the one cdk_simd_level() chose.
// Floating-point contraction is off, so a body computes bit-identical results at every level unless it calls fmaf
// itself (then every level computes the same fused operation).
#ifndef CDK_VARIANTS_H
#define CDK_VARIANTS_H

#include "CDisentangleKernels.h"

#pragma STDC FP_CONTRACT OFF

#define CDK_INLINE static inline __attribute__((always_inline))

/// Tells the vectoriser that the iterations of the next loop touch disjoint memory.
#define CDK_VECTORIZE _Pragma("clang loop vectorize(assume_safety)")

#if defined(__x86_64__)
#define CDK_VARIANTS(name, parameters, arguments)                                                                  \
    static void name##_baseline parameters { name##_body arguments; }                                              \
    __attribute__((target("avx2,fma"))) static void name##_avx2 parameters { name##_body arguments; }             \
    __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma"))) static void name##_avx512 parameters { \
        name##_body arguments;                                                                                     \
    }
#define CDK_DISPATCH(name, arguments)                                                                              \
    switch (cdk_simd_level()) {                                                                                    \
    case CDK_SIMD_AVX512: name##_avx512 arguments; break;                                                          \
    case CDK_SIMD_AVX2: name##_avx2 arguments; break;                                                              \
    default: name##_baseline arguments; break;                                                                     \
    }
#else
#define CDK_VARIANTS(name, parameters, arguments) \
    static void name##_baseline parameters { name##_body arguments; }
#define CDK_DISPATCH(name, arguments) name##_baseline arguments;
#endif

#endif
