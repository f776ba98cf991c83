// Hand-vectorised CPU kernels of swift-disentangle, each compiled for baseline x86-64 and, where the CPU has them,
// for AVX2+FMA and AVX-512, chosen once at run time (see cdk_simd_level). Plain C fallbacks on other CPUs.
#ifndef C_DISENTANGLE_KERNELS_H
#define C_DISENTANGLE_KERNELS_H

#include <stddef.h>

/// The instruction-set levels the kernels are compiled for.
typedef enum {
    /// Baseline x86-64 (SSE2), or plain C on other architectures.
    CDK_SIMD_BASELINE = 0,
    /// AVX2 and FMA (Haswell, Zen 1 and later).
    CDK_SIMD_AVX2 = 1,
    /// AVX-512 F/BW/DQ/VL plus AVX2 and FMA (Skylake-SP, Ice Lake, Sapphire Rapids, Zen 4 and later).
    CDK_SIMD_AVX512 = 2,
} cdk_simd_level_t;

/// The level the kernels run at: the best the CPU and operating system support, capped by the environment variable
/// DISENTANGLE_SIMD (`baseline`, `avx2` or `avx512`) if set. Decided on the first call; later calls return the same.
cdk_simd_level_t cdk_simd_level(void);

/// The best level the CPU and operating system support, ignoring DISENTANGLE_SIMD.
cdk_simd_level_t cdk_simd_level_supported(void);

/// The name of a level: "baseline", "avx2" or "avx512".
const char *cdk_simd_level_name(cdk_simd_level_t level);

/// Makes OpenBLAS use kernels that match the CPU when its own detection fell back to pre-AVX2 ones on a CPU with
/// AVX2 and FMA (OpenBLAS 0.3.21, Debian 12's, treats CPUs newer than itself, such as Emerald Rapids, as Prescott:
/// SSE3 kernels at a quarter of the speed). Leaves OpenBLAS alone if OPENBLAS_CORETYPE is set, if it is not a
/// DYNAMIC_ARCH build, or if its choice already uses AVX2. Call once, before any other thread uses BLAS.
/// Returns OpenBLAS's kernel set afterwards (for example "SkylakeX"), or "unknown" if OpenBLAS does not say.
const char *cdk_select_blas_core(void);

#endif
