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

/// Makes the kernels run at `level`, or at the best supported level if that is lower (for tests that compare the
/// levels in one process). The kernels compute bit-identical results at every level, so switching while other
/// threads run kernels changes their speed only.
void cdk_set_simd_level(cdk_simd_level_t level);

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

/// The scalars of one Adam step (PyTorch's `torch.optim.Adam`, single-tensor CPU path): `step_size` is
/// `-lr / (1 - beta1^t)`, `correction2` is `sqrt(1 - beta2^t)`, `weight1 = 1 - beta1`, `weight2 = 1 - beta2`.
typedef struct {
    float step_size;
    float correction2;
    float weight_decay;
    float weight1;
    float beta2;
    float weight2;
    float epsilon;
} cdk_adam_step;

/// One Adam update of `count` parameters in place: with `g = gradient + weight_decay theta`,
/// `m = lerp(m, g, weight1)`, `v = beta2 v + weight2 g g`, with `v_max` (AMSGrad; may be NULL) `v_max = max(v_max, v)`,
/// `theta += step_size m / (sqrt(v or v_max) / correction2 + epsilon)`; every multiply-add fused, as ATen's kernel.
void cdk_adam(const cdk_adam_step *step, float *theta, const float *gradient, float *m, float *v, float *v_max,
              long count);

/// `y[i] = x[i] > 0 ? x[i] : 0` (0 for NaN and -0).
void cdk_relu(const float *x, float *y, long count);

/// `out[i] = y[i] > 0 ? gradient[i] : 0`: the pullback of cdk_relu through its output.
void cdk_relu_mask(const float *gradient, const float *y, float *out, long count);

/// `c[i][j] = sum_k a[k][i] b[k][j]` (`C = A^T B` for row-major `a` of `depth x m`, `b` of `depth x n`, `c` of
/// `m x n`, leading dimensions `lda`, `ldb`, `ldc`), overwriting `c`: the short-depth products of a Winograd
/// convolution, read in place without packing. Each entry is one chain of fused multiply-adds over `k` in order from
/// zero, so every level computes the same values.
void cdk_small_gemm(long m, long n, long depth, const float *a, long lda, const float *b, long ldb, float *c,
                    long ldc);

/// `c[i][j] = sum_t sum_k a[t a_tap + k lda + i] b[offsets[t] + k ldb + j]` over `taps` taps, overwriting `c`:
/// cdk_small_gemm summed over several (A, shifted B) pairs with each block of C kept in registers throughout (a
/// strided convolution's per-tap products over shifted views of one phase-split input). One chain of fused
/// multiply-adds per entry, over the taps in order and `k` in order within each, at every level.
void cdk_small_gemm_taps(long m, long n, long depth, long taps, const float *a, long a_tap, long lda, const float *b,
                         const long *offsets, long ldb, float *c, long ldc);

/// The shape of a stride-1 3x3 convolution tiled for Winograd F(m x m, 3x3), m = 2 or 4: NCHW planes of one image,
/// tiles of m x m outputs (`tiles_high = ceil(out_height / m)`, `tiles_wide = ceil(out_width / m)`,
/// `tiles_wide >= 1`).
typedef struct {
    long in_channels, out_channels;
    long in_height, in_width, out_height, out_width;
    long padding_height, padding_width;
    long tiles_high, tiles_wide;
} cdk_winograd_tiling;

/// `V[xi][c][t] = (B^T d B)[xi]` for the tiles of output tile rows `first_row ..< first_row + rows` of one image,
/// `t` counting tiles row-major from the block's first. `scratch` holds `(2 rows + 2)(6 tiles_wide + 2)` floats.
void cdk_winograd2_input(const cdk_winograd_tiling *tiling, const float *image, long first_row, long rows, float *v,
                         float *scratch);

/// Writes the output tiles `A^T M A` (plus `bias[co]` if `bias` is not null; then rectified as cdk_relu does if
/// `rectify` is not 0) of output tile rows `first_row ..< first_row + rows` of one image from `M[xi][co][t]`.
void cdk_winograd2_output(const cdk_winograd_tiling *tiling, const float *m, long first_row, long rows,
                          const float *bias, int rectify, float *image);

/// `dM[xi][co][t] = (A dY A^T)[xi]`, the adjoint of cdk_winograd2_output, for output tile rows
/// `first_row ..< first_row + rows` of one image's output gradient; if `output` (the image's rectified output) is not
/// null, dY is first masked as cdk_relu_mask does (`output > 0 ? dY : 0`): the adjoint of the rectified output. `scratch` holds `4 tiles_wide` floats.
void cdk_winograd2_output_gradient(const cdk_winograd_tiling *tiling, const float *image, const float *output,
                                   long first_row, long rows, float *dm, float *scratch);

/// Adds `B dV B^T` of the tiles of output tile rows `first_row ..< first_row + rows` (from `dV[xi][c][t]`) into
/// one image's accumulator (`in_channels x (2 tiles_high + 2) x 2 (tiles_wide + 1)` floats: even then odd padded
/// columns of every covered row), the adjoint of cdk_winograd2_input. `scratch` holds `16 tiles_wide` floats.
void cdk_winograd2_accumulate_input_gradient(const cdk_winograd_tiling *tiling, const float *dv, long first_row,
                                             long rows, float *accumulator, float *scratch);

/// Writes one image's input gradient from its accumulator, cropping the padding; channel `c` starts from
/// `bias[c]` if `bias` is not null, else zero.
void cdk_winograd2_finish_input_gradient(const cdk_winograd_tiling *tiling, const float *accumulator,
                                         const float *bias, float *image);

// Winograd F(4x4, 3x3): 6x6 input tiles stepping by 4, 36 transformed positions `xi = 6 i + j` (entry (i, j) of
// the transformed tile); the matrices are in Winograd4x4Tiling (DisentangleTensor). Tiling with m = 4.

/// `V[xi][c][t] = (B^T d B)[xi]` for the tiles of output tile rows `first_row ..< first_row + rows` of one image,
/// `t` counting tiles row-major from the block's first. `scratch` holds `10 (4 rows + 2)(tiles_wide + 1)` floats.
void cdk_winograd4_input(const cdk_winograd_tiling *tiling, const float *image, long first_row, long rows, float *v,
                         float *scratch);

/// Writes the output tiles `A^T M A` (plus `bias[co]` if `bias` is not null; then rectified as cdk_relu does if
/// `rectify` is not 0) of output tile rows `first_row ..< first_row + rows` of one image from `M[xi][co][t]`. `scratch` holds `16 rows tiles_wide` floats.
void cdk_winograd4_output(const cdk_winograd_tiling *tiling, const float *m, long first_row, long rows,
                          const float *bias, int rectify, float *image, float *scratch);

/// `dM[xi][co][t] = (A dY A^T)[xi]`, the adjoint of cdk_winograd4_output, for output tile rows
/// `first_row ..< first_row + rows` of one image's output gradient; if `output` (the image's rectified output) is not
/// null, dY is first masked as cdk_relu_mask does (`output > 0 ? dY : 0`): the adjoint of the rectified output. `scratch` holds `16 rows tiles_wide` floats.
void cdk_winograd4_output_gradient(const cdk_winograd_tiling *tiling, const float *image, const float *output,
                                   long first_row, long rows, float *dm, float *scratch);

/// Adds `B dV B^T` of the tiles of output tile rows `first_row ..< first_row + rows` (from `dV[xi][c][t]`) into
/// one image's accumulator (`in_channels x (4 tiles_high + 2) x 4 (tiles_wide + 1)` floats: the four column
/// phases, padded column `4 i + q` at `q (tiles_wide + 1) + i`, of every covered row), the adjoint of
/// cdk_winograd4_input. `scratch` holds `36 rows tiles_wide` floats.
void cdk_winograd4_accumulate_input_gradient(const cdk_winograd_tiling *tiling, const float *dv, long first_row,
                                             long rows, float *accumulator, float *scratch);

/// Writes one image's input gradient from its accumulator, cropping the padding; channel `c` starts from
/// `bias[c]` if `bias` is not null, else zero. `scratch` holds `4 (tiles_wide + 1)` floats.
void cdk_winograd4_finish_input_gradient(const cdk_winograd_tiling *tiling, const float *accumulator,
                                         const float *bias, float *image, float *scratch);

/// The phase-split layout of one image for a strided convolution: the zero-padded image cut into
/// `stride_height x stride_width` phase planes, plane `(c, rp, cp)` holding padded pixel `(y stride_height + rp,
/// x stride_width + cp)` at row `y < rows`, column `x < columns` (zero outside the image).
typedef struct {
    long channels, height, width;
    long stride_height, stride_width, padding_height, padding_width;
    long rows, columns;
} cdk_phase_layout;

/// Writes the phase planes of one image, plane `(c * stride_height + rp) * stride_width + cp` at
/// `planes + that * plane_stride`, each `rows x columns` row-major.
void cdk_phase_split(const cdk_phase_layout *layout, const float *image, float *planes, long plane_stride);

/// The adjoint of cdk_phase_split restricted to the image: `image[c][r][q]` = the entry of the phase planes that
/// holds padded pixel `(r + padding_height, q + padding_width)`, plus `bias[c]` if `bias` is not null. Entries
/// that hold padding are dropped.
void cdk_phase_merge(const cdk_phase_layout *layout, const float *planes, long plane_stride, const float *bias,
                     float *image);

#endif
