// Winograd F(2x2, 3x3) tile transforms and their adjoints (see WinogradTiling in DisentangleTensor for the
// algebra): image rows are split into even and odd columns so that each tile row is a contiguous stream of tiles.
#include "WinogradRows.h"

typedef cdk_winograd_tiling tiling_t;

/// `even[i]` = padded column 2i and `odd[i]` = padded column 2i + 1 of input row `row` (zero in the padding), for
/// `i <= tiles_wide`.
CDK_INLINE void split_padded_row(const tiling_t *g, const float *plane, long row, float *even, float *odd) {
    const long half = g->tiles_wide + 1;
    for (long i = 0; i < half; i++) {
        even[i] = 0;
        odd[i] = 0;
    }
    if (row < 0 || row >= g->in_height) { return; }
    const long p = g->padding_width;
    float *from_even = p % 2 == 0 ? even + p / 2 : odd + p / 2;
    float *from_odd = p % 2 == 0 ? odd + p / 2 : even + (p + 1) / 2;
    const float *source = plane + row * g->in_width;
    const long pairs = g->in_width / 2;
    CDK_VECTORIZE
    for (long i = 0; i < pairs; i++) {
        from_even[i] = source[2 * i];
        from_odd[i] = source[2 * i + 1];
    }
    if (g->in_width % 2 == 1) { from_even[pairs] = source[2 * pairs]; }
}

CDK_INLINE void input_body(const tiling_t *g, const float *image, long first_row, long rows, float *v,
                           float *scratch) {
    const long tw = g->tiles_wide, half = tw + 1, tiles = rows * tw, covered = 2 * rows + 2;
    const long plane_size = g->in_height * g->in_width, position = g->in_channels * tiles;
    float *even = scratch, *odd = scratch + covered * half, *h = scratch + 2 * covered * half;
    for (long c = 0; c < g->in_channels; c++) {
        const float *plane = image + c * plane_size;
        // h[k][j]: column j of d B for every tile, for covered row k.
        for (long k = 0; k < covered; k++) {
            float *e = even + k * half, *o = odd + k * half;
            split_padded_row(g, plane, 2 * first_row + k - g->padding_height, e, o);
            float *h0 = h + 4 * k * tw, *h1 = h0 + tw, *h2 = h0 + 2 * tw, *h3 = h0 + 3 * tw;
            CDK_VECTORIZE
            for (long t = 0; t < tw; t++) {
                h0[t] = e[t] - e[t + 1];
                h1[t] = o[t] + e[t + 1];
                h2[t] = e[t + 1] - o[t];
                h3[t] = o[t] - o[t + 1];
            }
        }
        for (long ly = 0; ly < rows; ly++) {
            for (long j = 0; j < 4; j++) {
                const float *r0 = h + (8 * ly + j) * tw, *r1 = r0 + 4 * tw, *r2 = r0 + 8 * tw, *r3 = r0 + 12 * tw;
                float *v0 = v + j * position + c * tiles + ly * tw;
                float *v1 = v0 + 4 * position, *v2 = v0 + 8 * position, *v3 = v0 + 12 * position;
                CDK_VECTORIZE
                for (long t = 0; t < tw; t++) {
                    v0[t] = r0[t] - r2[t];
                    v1[t] = r1[t] + r2[t];
                    v2[t] = r2[t] - r1[t];
                    v3[t] = r1[t] - r3[t];
                }
            }
        }
    }
}

/// The four outputs of tile `t` of one tile row, each a sum over the 16 transformed products `p[xi * stride + t]`.
#define CDK_OUTPUT_TILE(p, stride, t, b, rectify, y00, y01, y10, y11)                                                     \
    const float m00 = p[t], m01 = p[(stride) + t], m02 = p[2 * (stride) + t], m03 = p[3 * (stride) + t];          \
    const float m10 = p[4 * (stride) + t], m11 = p[5 * (stride) + t], m12 = p[6 * (stride) + t];                  \
    const float m13 = p[7 * (stride) + t], m20 = p[8 * (stride) + t], m21 = p[9 * (stride) + t];                  \
    const float m22 = p[10 * (stride) + t], m23 = p[11 * (stride) + t], m30 = p[12 * (stride) + t];               \
    const float m31 = p[13 * (stride) + t], m32 = p[14 * (stride) + t], m33 = p[15 * (stride) + t];               \
    const float r00 = m00 + m01 + m02, r01 = m01 - m02 - m03, r10 = m10 + m11 + m12, r11 = m11 - m12 - m13;      \
    const float r20 = m20 + m21 + m22, r21 = m21 - m22 - m23, r30 = m30 + m31 + m32, r31 = m31 - m32 - m33;      \
    const float v00 = r00 + r10 + r20 + b, v01 = r01 + r11 + r21 + b;                                              \
    const float v10 = r10 - r20 - r30 + b, v11 = r11 - r21 - r31 + b;                                              \
    const float y00 = CDK_RECTIFY_IF(rectify, v00), y01 = CDK_RECTIFY_IF(rectify, v01);                            \
    const float y10 = CDK_RECTIFY_IF(rectify, v10), y11 = CDK_RECTIFY_IF(rectify, v11);

CDK_INLINE void output_body(const tiling_t *g, const float *m, long first_row, long rows, const float *bias,
                            int rectify, float *image) {
    const long tw = g->tiles_wide, tiles = rows * tw, stride = g->out_channels * tiles;
    const long full = g->out_width / 2, plane_size = g->out_height * g->out_width;
    for (long co = 0; co < g->out_channels; co++) {
        const float b = bias == 0 ? 0.0f : bias[co];
        float *plane = image + co * plane_size;
        for (long ly = 0; ly < rows; ly++) {
            const long oh = 2 * (first_row + ly);
            float *top = plane + oh * g->out_width;
            const float *p = m + co * tiles + ly * tw;
            if (oh + 1 < g->out_height) {
                float *bottom = top + g->out_width;
                CDK_VECTORIZE
                for (long t = 0; t < full; t++) {
                    CDK_OUTPUT_TILE(p, stride, t, b, rectify, y00, y01, y10, y11)
                    top[2 * t] = y00;
                    top[2 * t + 1] = y01;
                    bottom[2 * t] = y10;
                    bottom[2 * t + 1] = y11;
                }
                if (full < tw) {
                    CDK_OUTPUT_TILE(p, stride, full, b, rectify, y00, y01, y10, y11)
                    (void)y01;
                    (void)y11;
                    top[2 * full] = y00;
                    bottom[2 * full] = y10;
                }
            } else {
                CDK_VECTORIZE
                for (long t = 0; t < full; t++) {
                    CDK_OUTPUT_TILE(p, stride, t, b, rectify, y00, y01, y10, y11)
                    (void)y10;
                    (void)y11;
                    top[2 * t] = y00;
                    top[2 * t + 1] = y01;
                }
                if (full < tw) {
                    CDK_OUTPUT_TILE(p, stride, full, b, rectify, y00, y01, y10, y11)
                    (void)y01;
                    (void)y10;
                    (void)y11;
                    top[2 * full] = y00;
                }
            }
        }
    }
}

/// `even[i] = row[2i]`, `odd[i] = row[2i + 1]` for the `count` scalars of `row` (the last odd one is left alone
/// when `count` is odd).
CDK_INLINE void deinterleave(const float *row, long count, float *even, float *odd) {
    const long pairs = count / 2;
    CDK_VECTORIZE
    for (long i = 0; i < pairs; i++) {
        even[i] = row[2 * i];
        odd[i] = row[2 * i + 1];
    }
    if (count % 2 == 1) { even[pairs] = row[2 * pairs]; }
}

/// deinterleave of `row` masked by `output` (cdk_relu_mask's expression: `row[i]` where `output[i] > 0`, else +0),
/// or plain deinterleave if `output` is null.
CDK_INLINE void deinterleave_masked(const float *row, const float *output, long count, float *even, float *odd) {
    if (output == 0) {
        deinterleave(row, count, even, odd);
        return;
    }
    const long pairs = count / 2;
    CDK_VECTORIZE
    for (long i = 0; i < pairs; i++) {
        even[i] = output[2 * i] > 0 ? row[2 * i] : 0.0f;
        odd[i] = output[2 * i + 1] > 0 ? row[2 * i + 1] : 0.0f;
    }
    if (count % 2 == 1) { even[pairs] = output[2 * pairs] > 0 ? row[2 * pairs] : 0.0f; }
}

CDK_INLINE void output_gradient_body(const tiling_t *g, const float *image, const float *output, long first_row,
                                     long rows, float *dm, float *scratch) {
    const long tw = g->tiles_wide, tiles = rows * tw, stride = g->out_channels * tiles;
    const long plane_size = g->out_height * g->out_width;
    float *e0 = scratch, *o0 = scratch + tw, *e1 = scratch + 2 * tw, *o1 = scratch + 3 * tw;
    for (long co = 0; co < g->out_channels; co++) {
        const float *plane = image + co * plane_size;
        for (long ly = 0; ly < rows; ly++) {
            const long oh = 2 * (first_row + ly);
            for (long i = 0; i < 4 * tw; i++) { scratch[i] = 0; }
            const float *mask = output == 0 ? 0 : output + co * plane_size + oh * g->out_width;
            deinterleave_masked(plane + oh * g->out_width, mask, g->out_width, e0, o0);
            if (oh + 1 < g->out_height) {
                deinterleave_masked(plane + (oh + 1) * g->out_width, mask == 0 ? 0 : mask + g->out_width,
                                    g->out_width, e1, o1);
            }
            float *p = dm + co * tiles + ly * tw;
            CDK_VECTORIZE
            for (long t = 0; t < tw; t++) {
                const float y00 = e0[t], y01 = o0[t], y10 = e1[t], y11 = o1[t];
                // Row i of A dY (4 x 2) is (a_i, b_i); times A^T it gives a, a + b, a - b, -b.
                const float a[4] = {y00, y00 + y10, y00 - y10, -y10};
                const float b[4] = {y01, y01 + y11, y01 - y11, -y11};
                for (int i = 0; i < 4; i++) {
                    p[(4 * i) * stride + t] = a[i];
                    p[(4 * i + 1) * stride + t] = a[i] + b[i];
                    p[(4 * i + 2) * stride + t] = a[i] - b[i];
                    p[(4 * i + 3) * stride + t] = -b[i];
                }
            }
        }
    }
}

CDK_INLINE void accumulate_input_gradient_body(const tiling_t *g, const float *dv, long first_row, long rows,
                                               float *accumulator, float *w) {
    const long tw = g->tiles_wide, half = tw + 1, tiles = rows * tw, stride = g->in_channels * tiles;
    const long channel_size = (2 * g->tiles_high + 2) * 2 * half;
    for (long c = 0; c < g->in_channels; c++) {
        float *channel = accumulator + c * channel_size;
        for (long ly = 0; ly < rows; ly++) {
            const float *p = dv + c * tiles + ly * tw;
            // w[4k + j]: entry (k, j) of the 4x4 input-tile gradient B dV B^T, for every tile of this row.
            CDK_VECTORIZE
            for (long t = 0; t < tw; t++) {
                float bk[4][4];  // bk[k][j]: row k of B dV, column j
                for (int j = 0; j < 4; j++) {
                    const float v0 = p[j * stride + t], v1 = p[(4 + j) * stride + t];
                    const float v2 = p[(8 + j) * stride + t], v3 = p[(12 + j) * stride + t];
                    bk[0][j] = v0;
                    bk[1][j] = v1 - v2 + v3;
                    bk[2][j] = v1 + v2 - v0;
                    bk[3][j] = -v3;
                }
                for (int k = 0; k < 4; k++) {
                    const float u0 = bk[k][0], u1 = bk[k][1], u2 = bk[k][2], u3 = bk[k][3];
                    w[(4 * k) * tw + t] = u0;
                    w[(4 * k + 1) * tw + t] = u1 - u2 + u3;
                    w[(4 * k + 2) * tw + t] = u1 + u2 - u0;
                    w[(4 * k + 3) * tw + t] = -u3;
                }
            }
            for (long k = 0; k < 4; k++) {
                float *even = channel + (2 * (first_row + ly) + k) * 2 * half;
                const float *wk = w + 4 * k * tw;
                // Padded column 2t gets entry (k, 0) of tile t and (k, 2) of tile t - 1; 2t + 1 gets (k, 1), (k, 3).
                add_overlapping(wk, wk + 2 * tw, even, tw);
                add_overlapping(wk + tw, wk + 3 * tw, even + half, tw);
            }
        }
    }
}

CDK_INLINE void finish_input_gradient_body(const tiling_t *g, const float *accumulator, const float *bias,
                                           float *image) {
    const long half = g->tiles_wide + 1, p = g->padding_width, plane_size = g->in_height * g->in_width;
    const long channel_size = (2 * g->tiles_high + 2) * 2 * half, pairs = g->in_width / 2;
    for (long c = 0; c < g->in_channels; c++) {
        const float b = bias == 0 ? 0.0f : bias[c];
        const float *channel = accumulator + c * channel_size;
        for (long ih = 0; ih < g->in_height; ih++) {
            // The covered rows and columns (2 tiles + 2) include the whole padded input; input column 2i is padded
            // column 2i + padding, 2i + 1 the next one.
            const float *even = channel + (ih + g->padding_height) * 2 * half, *odd = even + half;
            const float *first = p % 2 == 0 ? even + p / 2 : odd + p / 2;
            const float *second = p % 2 == 0 ? odd + p / 2 : even + (p + 1) / 2;
            float *row = image + c * plane_size + ih * g->in_width;
            CDK_VECTORIZE
            for (long i = 0; i < pairs; i++) {
                row[2 * i] = first[i] + b;
                row[2 * i + 1] = second[i] + b;
            }
            if (g->in_width % 2 == 1) { row[2 * pairs] = first[pairs] + b; }
        }
    }
}

CDK_VARIANTS(input, (const tiling_t *g, const float *image, long first_row, long rows, float *v, float *scratch),
             (g, image, first_row, rows, v, scratch))
CDK_VARIANTS(output,
             (const tiling_t *g, const float *m, long first_row, long rows, const float *bias, int rectify,
              float *image),
             (g, m, first_row, rows, bias, rectify, image))
CDK_VARIANTS(output_gradient,
             (const tiling_t *g, const float *image, const float *output, long first_row, long rows, float *dm,
              float *scratch),
             (g, image, output, first_row, rows, dm, scratch))
CDK_VARIANTS(accumulate_input_gradient,
             (const tiling_t *g, const float *dv, long first_row, long rows, float *accumulator, float *scratch),
             (g, dv, first_row, rows, accumulator, scratch))
CDK_VARIANTS(finish_input_gradient, (const tiling_t *g, const float *accumulator, const float *bias, float *image),
             (g, accumulator, bias, image))

void cdk_winograd2_input(const tiling_t *g, const float *image, long first_row, long rows, float *v, float *scratch) {
    CDK_DISPATCH(input, (g, image, first_row, rows, v, scratch))
}

void cdk_winograd2_output(const tiling_t *g, const float *m, long first_row, long rows, const float *bias,
                          int rectify, float *image) {
    CDK_DISPATCH(output, (g, m, first_row, rows, bias, rectify, image))
}

void cdk_winograd2_output_gradient(const tiling_t *g, const float *image, const float *output, long first_row,
                                   long rows, float *dm, float *scratch) {
    CDK_DISPATCH(output_gradient, (g, image, output, first_row, rows, dm, scratch))
}

void cdk_winograd2_accumulate_input_gradient(const tiling_t *g, const float *dv, long first_row, long rows,
                                             float *accumulator, float *scratch) {
    CDK_DISPATCH(accumulate_input_gradient, (g, dv, first_row, rows, accumulator, scratch))
}

void cdk_winograd2_finish_input_gradient(const tiling_t *g, const float *accumulator, const float *bias,
                                         float *image) {
    CDK_DISPATCH(finish_input_gradient, (g, accumulator, bias, image))
}
