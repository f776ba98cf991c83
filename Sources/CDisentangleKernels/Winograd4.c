// Winograd F(4x4, 3x3) tile transforms and their adjoints (see Winograd4x4Tiling in DisentangleTensor for the
// algebra). Tiles step by 4 columns, so rows are split into four phases (`phase q [i]` = padded column 4i + q):
// the six columns of tile t are phases 0-3 at t and phases 0-1 at t + 1, each a contiguous stream over tiles.
// Transformed position xi = 6 i + j is entry (i, j) of a 6x6 transformed tile.
#include "WinogradRows.h"

typedef cdk_winograd_tiling tiling_t;

/// Fully unrolls the next (fixed-count) loop, so that the loop around it is innermost and vectorises.
#define CDK_UNROLL _Pragma("clang loop unroll(full)")

/// `B^T d` for the 6-vector d (written as macro so every SIMD level inlines the same operations).
#define CDK_BT6(d0, d1, d2, d3, d4, d5, r)                                                                        \
    r[0] = (4.0f * d0 - 5.0f * d2) + d4;                                                                           \
    r[1] = 4.0f * (d1 + d2) - (d3 + d4);                                                                           \
    r[2] = 4.0f * (d2 - d1) + (d3 - d4);                                                                           \
    r[3] = 2.0f * (d3 - d1) + (d4 - d2);                                                                           \
    r[4] = 2.0f * (d1 - d3) + (d4 - d2);                                                                           \
    r[5] = (4.0f * d1 - 5.0f * d3) + d5;

/// `A^T m` for the 6-vector m: four outputs.
#define CDK_AT6(m0, m1, m2, m3, m4, m5, y)                                                                        \
    {                                                                                                              \
        const float s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4;                                    \
        y[0] = (m0 + s12) + s34;                                                                                   \
        y[1] = d12 + 2.0f * d34;                                                                                   \
        y[2] = s12 + 4.0f * s34;                                                                                   \
        y[3] = (d12 + 8.0f * d34) + m5;                                                                            \
    }

/// `A y` for the 4-vector y (the adjoint of CDK_AT6): six values.
#define CDK_A4(y0, y1, y2, y3, r)                                                                                 \
    {                                                                                                              \
        const float a = y0 + y2, b = y1 + y3, c = y0 + 4.0f * y2, e = 2.0f * y1 + 8.0f * y3;                      \
        r[0] = y0;                                                                                                 \
        r[1] = a + b;                                                                                              \
        r[2] = a - b;                                                                                              \
        r[3] = c + e;                                                                                              \
        r[4] = c - e;                                                                                              \
        r[5] = y3;                                                                                                 \
    }

/// `B v` for the 6-vector v (the adjoint of CDK_BT6): six values.
#define CDK_B6(v0, v1, v2, v3, v4, v5, r)                                                                         \
    {                                                                                                              \
        const float s34 = v3 + v4, d34 = v3 - v4, s12 = v1 + v2, d12 = v1 - v2;                                    \
        r[0] = 4.0f * v0;                                                                                          \
        r[1] = 4.0f * (d12 + v5) - 2.0f * d34;                                                                     \
        r[2] = (4.0f * s12 - 5.0f * v0) - s34;                                                                     \
        r[3] = (2.0f * d34 - d12) - 5.0f * v5;                                                                     \
        r[4] = (v0 - s12) + s34;                                                                                   \
        r[5] = v5;                                                                                                 \
    }

CDK_INLINE void input4_body(const tiling_t *g, const float *image, long first_row, long rows, float *v,
                            float *scratch) {
    const long tw = g->tiles_wide, quarter = tw + 1, width = 4 * quarter, tiles = rows * tw, covered = 4 * rows + 2;
    const long plane_size = g->in_height * g->in_width, position = g->in_channels * tiles, flat = covered * quarter;
    const long p = g->padding_width, count = g->in_width < width - p ? g->in_width : width - p;
    // phases[q][k quarter + i]: padded column 4i + q of covered row k; line and h share the space after it.
    float *phases = scratch, *line = scratch + 4 * flat, *h = scratch + 4 * flat;
    for (long c = 0; c < g->in_channels; c++) {
        const float *plane = image + c * plane_size;
        for (long i = 0; i < covered * width; i++) { line[i] = 0; }
        for (long k = 0; k < covered; k++) {
            const long row = 4 * first_row + k - g->padding_height;
            if (row < 0 || row >= g->in_height) { continue; }
            const float *source = plane + row * g->in_width;
            float *destination = line + k * width + p;
            for (long i = 0; i < count; i++) { destination[i] = source[i]; }
        }
        float *p0 = phases, *p1 = phases + flat, *p2 = phases + 2 * flat, *p3 = phases + 3 * flat;
        CDK_VECTORIZE
        for (long i = 0; i < flat; i++) {
            p0[i] = line[4 * i];
            p1[i] = line[4 * i + 1];
            p2[i] = line[4 * i + 2];
            p3[i] = line[4 * i + 3];
        }
        // h[j][k quarter + t]: entry j of B^T (row k of tile t), for every covered row at once (the last entry of
        // each row mixes two rows and is never read).
        CDK_VECTORIZE
        for (long i = 0; i < flat - 1; i++) {
            const float d0 = p0[i], d1 = p1[i], d2 = p2[i], d3 = p3[i], d4 = p0[i + 1], d5 = p1[i + 1];
            float r[6];
            CDK_BT6(d0, d1, d2, d3, d4, d5, r)
            CDK_UNROLL
            for (int j = 0; j < 6; j++) { h[j * flat + i] = r[j]; }
        }
        for (long ly = 0; ly < rows; ly++) {
            for (long j = 0; j < 6; j++) {
                const float *r0 = h + j * flat + 4 * ly * quarter;
                const float *r1 = r0 + quarter, *r2 = r0 + 2 * quarter, *r3 = r0 + 3 * quarter;
                const float *r4 = r0 + 4 * quarter, *r5 = r0 + 5 * quarter;
                float *out = v + j * position + c * tiles + ly * tw;
                CDK_VECTORIZE
                for (long t = 0; t < tw; t++) {
                    const float d0 = r0[t], d1 = r1[t], d2 = r2[t], d3 = r3[t], d4 = r4[t], d5 = r5[t];
                    float r[6];
                    CDK_BT6(d0, d1, d2, d3, d4, d5, r)
                    CDK_UNROLL
                    for (int i = 0; i < 6; i++) { out[6 * i * position + t] = r[i]; }
                }
            }
        }
    }
}

CDK_INLINE void output4_body(const tiling_t *g, const float *m, long first_row, long rows, const float *bias,
                             int rectify, float *image, float *scratch) {
    const long tw = g->tiles_wide, tiles = rows * tw, stride = g->out_channels * tiles;
    const long plane_size = g->out_height * g->out_width, full = g->out_width / 4;
    for (long co = 0; co < g->out_channels; co++) {
        const float b = bias == 0 ? 0.0f : bias[co];
        float *plane = image + co * plane_size;
        const float *p = m + co * tiles;
        // scratch[(4 r + q) tiles + t]: output (r, q) of tile t, for every tile of the block at once.
        CDK_VECTORIZE
        for (long t = 0; t < tiles; t++) {
            float z[6][4];  // z[i]: A^T applied to row i of the tile's M
            CDK_UNROLL
            for (int i = 0; i < 6; i++) {
                const float *pi = p + 6 * i * stride + t;
                CDK_AT6(pi[0], pi[stride], pi[2 * stride], pi[3 * stride], pi[4 * stride], pi[5 * stride], z[i])
            }
            CDK_UNROLL
            for (int q = 0; q < 4; q++) {
                float y[4];
                CDK_AT6(z[0][q], z[1][q], z[2][q], z[3][q], z[4][q], z[5][q], y)
                CDK_UNROLL
                for (int r = 0; r < 4; r++) {
                    const float value = y[r] + b;
                    scratch[(4 * r + q) * tiles + t] = CDK_RECTIFY_IF(rectify, value);
                }
            }
        }
        for (long ly = 0; ly < rows; ly++) {
            const long oh = 4 * (first_row + ly);
            for (long r = 0; r < 4 && oh + r < g->out_height; r++) {
                float *row = plane + (oh + r) * g->out_width;
                const float *y0 = scratch + 4 * r * tiles + ly * tw, *y1 = y0 + tiles, *y2 = y0 + 2 * tiles;
                const float *y3 = y0 + 3 * tiles;
                CDK_VECTORIZE
                for (long t = 0; t < full; t++) {
                    row[4 * t] = y0[t];
                    row[4 * t + 1] = y1[t];
                    row[4 * t + 2] = y2[t];
                    row[4 * t + 3] = y3[t];
                }
                for (long x = 4 * full; x < g->out_width; x++) { row[x] = y0[(x % 4) * tiles + full]; }
            }
        }
    }
}

CDK_INLINE void output_gradient4_body(const tiling_t *g, const float *image, const float *output, long first_row,
                                      long rows, float *dm, float *scratch) {
    const long tw = g->tiles_wide, tiles = rows * tw, stride = g->out_channels * tiles;
    const long plane_size = g->out_height * g->out_width, full = g->out_width / 4;
    for (long co = 0; co < g->out_channels; co++) {
        const float *plane = image + co * plane_size;
        // scratch[(4 r + q) tiles + t]: output gradient (r, q) of tile t, zero outside the output.
        for (long i = 0; i < 16 * tiles; i++) { scratch[i] = 0; }
        for (long ly = 0; ly < rows; ly++) {
            const long oh = 4 * (first_row + ly);
            for (long r = 0; r < 4 && oh + r < g->out_height; r++) {
                const float *row = plane + (oh + r) * g->out_width;
                float *y0 = scratch + 4 * r * tiles + ly * tw, *y1 = y0 + tiles, *y2 = y0 + 2 * tiles;
                float *y3 = y0 + 3 * tiles;
                if (output == 0) {
                    CDK_VECTORIZE
                    for (long t = 0; t < full; t++) {
                        y0[t] = row[4 * t];
                        y1[t] = row[4 * t + 1];
                        y2[t] = row[4 * t + 2];
                        y3[t] = row[4 * t + 3];
                    }
                    for (long x = 4 * full; x < g->out_width; x++) { y0[(x % 4) * tiles + full] = row[x]; }
                } else {
                    // cdk_relu_mask's expression: the gradient where the rectified output is positive, else +0.
                    const float *o = output + co * plane_size + (oh + r) * g->out_width;
                    CDK_VECTORIZE
                    for (long t = 0; t < full; t++) {
                        y0[t] = o[4 * t] > 0 ? row[4 * t] : 0.0f;
                        y1[t] = o[4 * t + 1] > 0 ? row[4 * t + 1] : 0.0f;
                        y2[t] = o[4 * t + 2] > 0 ? row[4 * t + 2] : 0.0f;
                        y3[t] = o[4 * t + 3] > 0 ? row[4 * t + 3] : 0.0f;
                    }
                    for (long x = 4 * full; x < g->out_width; x++) {
                        y0[(x % 4) * tiles + full] = o[x] > 0 ? row[x] : 0.0f;
                    }
                }
            }
        }
        float *p = dm + co * tiles;
        CDK_VECTORIZE
        for (long t = 0; t < tiles; t++) {
            float w[6][4];  // w[i][q]: entry i of A (column q of dY)
            CDK_UNROLL
            for (int q = 0; q < 4; q++) {
                float r[6];
                CDK_A4(scratch[q * tiles + t], scratch[(4 + q) * tiles + t], scratch[(8 + q) * tiles + t],
                       scratch[(12 + q) * tiles + t], r)
                CDK_UNROLL
                for (int i = 0; i < 6; i++) { w[i][q] = r[i]; }
            }
            CDK_UNROLL
            for (int i = 0; i < 6; i++) {
                float r[6];
                CDK_A4(w[i][0], w[i][1], w[i][2], w[i][3], r)
                CDK_UNROLL
                for (int j = 0; j < 6; j++) { p[(6 * i + j) * stride + t] = r[j]; }
            }
        }
    }
}

CDK_INLINE void accumulate_input_gradient4_body(const tiling_t *g, const float *dv, long first_row, long rows,
                                                float *accumulator, float *w) {
    const long tw = g->tiles_wide, quarter = tw + 1, tiles = rows * tw, stride = g->in_channels * tiles;
    const long channel_size = (4 * g->tiles_high + 2) * 4 * quarter;
    for (long c = 0; c < g->in_channels; c++) {
        float *channel = accumulator + c * channel_size;
        const float *p = dv + c * tiles;
        // w[(6 k + l) tiles + t]: entry (k, l) of the 6x6 input-tile gradient B dV B^T of tile t, for every tile of
        // the block at once.
        CDK_VECTORIZE
        for (long t = 0; t < tiles; t++) {
            float bk[6][6];  // bk[k][j]: entry k of B (column j of dV)
            CDK_UNROLL
            for (int j = 0; j < 6; j++) {
                const float *pj = p + j * stride + t;
                float r[6];
                CDK_B6(pj[0], pj[6 * stride], pj[12 * stride], pj[18 * stride], pj[24 * stride], pj[30 * stride], r)
                CDK_UNROLL
                for (int k = 0; k < 6; k++) { bk[k][j] = r[k]; }
            }
            CDK_UNROLL
            for (int k = 0; k < 6; k++) {
                float r[6];
                CDK_B6(bk[k][0], bk[k][1], bk[k][2], bk[k][3], bk[k][4], bk[k][5], r)
                CDK_UNROLL
                for (int l = 0; l < 6; l++) { w[(6 * k + l) * tiles + t] = r[l]; }
            }
        }
        for (long ly = 0; ly < rows; ly++) {
            for (long k = 0; k < 6; k++) {
                float *phases = channel + (4 * (first_row + ly) + k) * 4 * quarter;
                const float *wk = w + 6 * k * tiles + ly * tw;
                // Phase 0 gets entry (k, 0) of tile t and (k, 4) of tile t - 1; phase 1 (k, 1) and (k, 5).
                add_overlapping(wk, wk + 4 * tiles, phases, tw);
                add_overlapping(wk + tiles, wk + 5 * tiles, phases + quarter, tw);
                float *q2 = phases + 2 * quarter, *q3 = phases + 3 * quarter;
                const float *w2 = wk + 2 * tiles, *w3 = wk + 3 * tiles;
                CDK_VECTORIZE
                for (long t = 0; t < tw; t++) {
                    q2[t] += w2[t];
                    q3[t] += w3[t];
                }
            }
        }
    }
}

CDK_INLINE void finish_input_gradient4_body(const tiling_t *g, const float *accumulator, const float *bias,
                                            float *image, float *line) {
    const long quarter = g->tiles_wide + 1, p = g->padding_width, plane_size = g->in_height * g->in_width;
    const long channel_size = (4 * g->tiles_high + 2) * 4 * quarter;
    for (long c = 0; c < g->in_channels; c++) {
        const float b = bias == 0 ? 0.0f : bias[c];
        const float *channel = accumulator + c * channel_size;
        for (long ih = 0; ih < g->in_height; ih++) {
            // The covered rows and columns (4 tiles + 2) include the whole padded input.
            const float *q0 = channel + (ih + g->padding_height) * 4 * quarter;
            const float *q1 = q0 + quarter, *q2 = q0 + 2 * quarter, *q3 = q0 + 3 * quarter;
            CDK_VECTORIZE
            for (long i = 0; i < quarter; i++) {
                line[4 * i] = q0[i];
                line[4 * i + 1] = q1[i];
                line[4 * i + 2] = q2[i];
                line[4 * i + 3] = q3[i];
            }
            float *row = image + c * plane_size + ih * g->in_width;
            const float *from = line + p;
            CDK_VECTORIZE
            for (long x = 0; x < g->in_width; x++) { row[x] = from[x] + b; }
        }
    }
}

CDK_VARIANTS(input4, (const tiling_t *g, const float *image, long first_row, long rows, float *v, float *scratch),
             (g, image, first_row, rows, v, scratch))
CDK_VARIANTS(output4,
             (const tiling_t *g, const float *m, long first_row, long rows, const float *bias, int rectify,
              float *image, float *scratch),
             (g, m, first_row, rows, bias, rectify, image, scratch))
CDK_VARIANTS(output_gradient4,
             (const tiling_t *g, const float *image, const float *output, long first_row, long rows, float *dm,
              float *scratch),
             (g, image, output, first_row, rows, dm, scratch))
CDK_VARIANTS(accumulate_input_gradient4,
             (const tiling_t *g, const float *dv, long first_row, long rows, float *accumulator, float *scratch),
             (g, dv, first_row, rows, accumulator, scratch))
CDK_VARIANTS(finish_input_gradient4,
             (const tiling_t *g, const float *accumulator, const float *bias, float *image, float *scratch),
             (g, accumulator, bias, image, scratch))

void cdk_winograd4_input(const tiling_t *g, const float *image, long first_row, long rows, float *v, float *scratch) {
    CDK_DISPATCH(input4, (g, image, first_row, rows, v, scratch))
}

void cdk_winograd4_output(const tiling_t *g, const float *m, long first_row, long rows, const float *bias,
                          int rectify, float *image, float *scratch) {
    CDK_DISPATCH(output4, (g, m, first_row, rows, bias, rectify, image, scratch))
}

void cdk_winograd4_output_gradient(const tiling_t *g, const float *image, const float *output, long first_row,
                                   long rows, float *dm, float *scratch) {
    CDK_DISPATCH(output_gradient4, (g, image, output, first_row, rows, dm, scratch))
}

void cdk_winograd4_accumulate_input_gradient(const tiling_t *g, const float *dv, long first_row, long rows,
                                             float *accumulator, float *scratch) {
    CDK_DISPATCH(accumulate_input_gradient4, (g, dv, first_row, rows, accumulator, scratch))
}

void cdk_winograd4_finish_input_gradient(const tiling_t *g, const float *accumulator, const float *bias,
                                         float *image, float *scratch) {
    CDK_DISPATCH(finish_input_gradient4, (g, accumulator, bias, image, scratch))
}
