// C = A B for the small, short-depth products of a Winograd convolution (one transformed position: 64 x ~100 x 64),
// read in place: no packing of A or B and no separate pass clearing C, which is where a general BLAS spends a
// quarter of its time on these shapes.
//
// With several taps (a strided convolution as one product per kernel tap over shifted views of the same input), the
// block of C stays in registers across the taps instead of being stored and reloaded once per tap.
//
// Every entry is one chain of fused multiply-adds over the taps and then k in order, starting from zero, at every
// level: the AVX2 kernel keeps a 6 x 16 block of C in registers (12 accumulators, two rows of B and one broadcast
// entry of A per step), the baseline computes the same chains with fmaf, so the levels agree bit for bit.
#include "CDisentangleKernels.h"

#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>

/// Rows of A and columns of B a block of the AVX2 kernel covers.
enum { BLOCK_ROWS = 6, BLOCK_COLUMNS = 16 };

/// `c[i][0..<columns] = sum_t sum_k a_t[k][i] b_t[k][0..<columns]` (tap `t`'s A at `a + t a_tap`, its B at
/// `b + offsets[t]`) for `rows <= 6` (a compile-time constant after inlining) and `columns <= 16`; columns beyond
/// `columns` are neither read nor written.
__attribute__((target("avx2,fma"), always_inline)) static inline void
small_gemm_block_avx2(const int rows, long columns, long depth, long taps, const float *a, long a_tap, long lda,
                      const float *b, const long *offsets, long ldb, float *c, long ldc) {
    __m256 low[BLOCK_ROWS], high[BLOCK_ROWS];
    for (int r = 0; r < rows; r++) {
        low[r] = _mm256_setzero_ps();
        high[r] = _mm256_setzero_ps();
    }
    if (columns == BLOCK_COLUMNS) {
        for (long t = 0; t < taps; t++) {
            const float *at = a + t * a_tap, *bt = b + offsets[t];
            for (long k = 0; k < depth; k++) {
                const __m256 b0 = _mm256_loadu_ps(bt + k * ldb), b1 = _mm256_loadu_ps(bt + k * ldb + 8);
                const float *ak = at + k * lda;
                for (int r = 0; r < rows; r++) {
                    const __m256 x = _mm256_broadcast_ss(ak + r);
                    low[r] = _mm256_fmadd_ps(x, b0, low[r]);
                    high[r] = _mm256_fmadd_ps(x, b1, high[r]);
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            _mm256_storeu_ps(c + r * ldc, low[r]);
            _mm256_storeu_ps(c + r * ldc + 8, high[r]);
        }
        return;
    }
    // A narrower last block: masked loads (lanes past `columns` read as zero; the second half skipped when
    // `columns <= 8`), stores through a buffer.
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i mask0 = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)columns), lane);
    const __m256i mask1 = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)columns - 8), lane);
    for (long t = 0; t < taps; t++) {
        const float *at = a + t * a_tap, *bt = b + offsets[t];
        if (columns <= 8) {
            for (long k = 0; k < depth; k++) {
                const __m256 b0 = _mm256_maskload_ps(bt + k * ldb, mask0);
                const float *ak = at + k * lda;
                for (int r = 0; r < rows; r++) { low[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(ak + r), b0, low[r]); }
            }
        } else {
            for (long k = 0; k < depth; k++) {
                const __m256 b0 = _mm256_loadu_ps(bt + k * ldb), b1 = _mm256_maskload_ps(bt + k * ldb + 8, mask1);
                const float *ak = at + k * lda;
                for (int r = 0; r < rows; r++) {
                    const __m256 x = _mm256_broadcast_ss(ak + r);
                    low[r] = _mm256_fmadd_ps(x, b0, low[r]);
                    high[r] = _mm256_fmadd_ps(x, b1, high[r]);
                }
            }
        }
    }
    float buffer[BLOCK_COLUMNS];
    for (int r = 0; r < rows; r++) {
        _mm256_storeu_ps(buffer, low[r]);
        _mm256_storeu_ps(buffer + 8, high[r]);
        for (long j = 0; j < columns; j++) { c[r * ldc + j] = buffer[j]; }
    }
}

__attribute__((target("avx2,fma"))) static void small_gemm_avx2(long m, long n, long depth, long taps, const float *a,
                                                                long a_tap, long lda, const float *b,
                                                                const long *offsets, long ldb, float *c, long ldc) {
    // Column blocks outside: one block of B (depth x 16) stays in L1 while every row block of A passes over it.
    for (long j = 0; j < n; j += BLOCK_COLUMNS) {
        const long columns = n - j < BLOCK_COLUMNS ? n - j : BLOCK_COLUMNS;
        long i = 0;
        for (; i + BLOCK_ROWS <= m; i += BLOCK_ROWS) {
            small_gemm_block_avx2(BLOCK_ROWS, columns, depth, taps, a + i, a_tap, lda, b + j, offsets, ldb,
                                  c + i * ldc + j, ldc);
        }
        const float *ai = a + i;
        float *ci = c + i * ldc + j;
        switch (m - i) {
        case 5: small_gemm_block_avx2(5, columns, depth, taps, ai, a_tap, lda, b + j, offsets, ldb, ci, ldc); break;
        case 4: small_gemm_block_avx2(4, columns, depth, taps, ai, a_tap, lda, b + j, offsets, ldb, ci, ldc); break;
        case 3: small_gemm_block_avx2(3, columns, depth, taps, ai, a_tap, lda, b + j, offsets, ldb, ci, ldc); break;
        case 2: small_gemm_block_avx2(2, columns, depth, taps, ai, a_tap, lda, b + j, offsets, ldb, ci, ldc); break;
        case 1: small_gemm_block_avx2(1, columns, depth, taps, ai, a_tap, lda, b + j, offsets, ldb, ci, ldc); break;
        default: break;
        }
    }
}
#endif

static void small_gemm_baseline(long m, long n, long depth, long taps, const float *a, long a_tap, long lda,
                                const float *b, const long *offsets, long ldb, float *c, long ldc) {
    for (long i = 0; i < m; i++) {
        float *row = c + i * ldc;
        for (long j = 0; j < n; j++) { row[j] = 0; }
        for (long t = 0; t < taps; t++) {
            for (long k = 0; k < depth; k++) {
                const float x = a[t * a_tap + k * lda + i];
                const float *bk = b + offsets[t] + k * ldb;
                for (long j = 0; j < n; j++) { row[j] = fmaf(x, bk[j], row[j]); }
            }
        }
    }
}

void cdk_small_gemm_taps(long m, long n, long depth, long taps, const float *a, long a_tap, long lda, const float *b,
                         const long *offsets, long ldb, float *c, long ldc) {
#if defined(__x86_64__)
    if (cdk_simd_level() != CDK_SIMD_BASELINE) {
        small_gemm_avx2(m, n, depth, taps, a, a_tap, lda, b, offsets, ldb, c, ldc);
        return;
    }
#endif
    small_gemm_baseline(m, n, depth, taps, a, a_tap, lda, b, offsets, ldb, c, ldc);
}

void cdk_small_gemm(long m, long n, long depth, const float *a, long lda, const float *b, long ldb, float *c,
                    long ldc) {
    const long offset = 0;
    cdk_small_gemm_taps(m, n, depth, 1, a, 0, lda, b, &offset, ldb, c, ldc);
}
