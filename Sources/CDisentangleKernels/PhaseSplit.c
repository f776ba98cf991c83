// The phase split of a zero-padded image for strided convolutions (see ConvolutionTapGEMM in DisentangleTensor)
// and its adjoint: pure copies, so every SIMD level computes the same result.
#include "Variants.h"

#include <string.h>

/// Vectorises the next loop with 8 lanes: rows of phase planes are often only 5 to 33 scalars long.
#define CDK_SHORT_ROWS _Pragma("clang loop vectorize(assume_safety) vectorize_width(8) interleave_count(1)")

typedef cdk_phase_layout layout_t;

/// The first `x` with `x * stride + phase - padding >= 0`, and one past the last with it `< extent`, clamped to
/// `0 ... count`.
CDK_INLINE void valid_range(long stride, long phase, long padding, long extent, long count, long *first, long *end) {
    long lo = padding - phase <= 0 ? 0 : (padding - phase + stride - 1) / stride;
    long hi = extent + padding - phase <= 0 ? 0 : (extent + padding - phase + stride - 1) / stride;
    *first = lo < count ? lo : count;
    *end = hi < count ? hi : count;
    if (*end < *first) { *end = *first; }
}

/// Where the pixels of a stride-2 row are in its two column phases: the even pixels (0, 2, 4, ...) are in
/// `planes[even]` from column `even_offset` on, the odd ones in the other plane from `odd_offset` on, and the first
/// `pairs` of each fit the planes' `columns` (the rest of the row, if any, is placed pixel by pixel).
typedef struct {
    int even;
    long even_offset, odd_offset, pairs;
} stride2_row;

CDK_INLINE stride2_row stride2_row_layout(long width, long padding, long columns) {
    stride2_row r = {(int)(padding & 1), padding >> 1, (padding + 1) >> 1, width / 2};
    const long room = columns - (r.odd_offset > r.even_offset ? r.odd_offset : r.even_offset);
    if (r.pairs > room) { r.pairs = room > 0 ? room : 0; }
    return r;
}

/// Deals the pixels of one image row out to the two column phases of a stride-2 split in one pass: pixel `s` lands
/// in plane `(s + padding) & 1` at column `(s + padding) >> 1`, if that column is one of the plane's `columns`.
/// Each loaded vector of the row feeds both planes (two phases read separately would load every row twice).
CDK_INLINE void deal_row(const float *source, long width, long padding, float *plane0, float *plane1, long columns) {
    float *planes[2] = {plane0, plane1};
    const stride2_row r = stride2_row_layout(width, padding, columns);
    float *even_row = planes[r.even] + r.even_offset, *odd_row = planes[1 - r.even] + r.odd_offset;
    CDK_SHORT_ROWS
    for (long i = 0; i < r.pairs; i++) {
        even_row[i] = source[2 * i];
        odd_row[i] = source[2 * i + 1];
    }
    for (long s = 2 * r.pairs; s < width; s++) {
        const long column = (s + padding) >> 1;
        if (column < columns) { planes[(s + padding) & 1][column] = source[s]; }
    }
}

CDK_INLINE void split_body(const layout_t *g, const float *image, float *planes, long plane_stride) {
    const long sh = g->stride_height, sw = g->stride_width, plane_size = g->rows * g->columns;
    for (long c = 0; c < g->channels; c++) {
        const float *channel = image + c * g->height * g->width;
        for (long rp = 0; rp < sh; rp++) {
            long y0, y1;
            valid_range(sh, rp, g->padding_height, g->height, g->rows, &y0, &y1);
            float *first = planes + (c * sh + rp) * sw * plane_stride;
            // One clear per plane (the padding), then the image's pixels: planes of small images have rows of a
            // few scalars, where per-row clears and vector remainders would cost more than the copy.
            for (long cp = 0; cp < sw; cp++) {
                memset(first + cp * plane_stride, 0, sizeof(float) * (size_t)plane_size);
            }
            if (sw == 2) {
                for (long y = y0; y < y1; y++) {
                    const float *source = channel + (y * sh + rp - g->padding_height) * g->width;
                    deal_row(source, g->width, g->padding_width, first + y * g->columns,
                             first + plane_stride + y * g->columns, g->columns);
                }
                continue;
            }
            for (long cp = 0; cp < sw; cp++) {
                long x0, x1;
                valid_range(sw, cp, g->padding_width, g->width, g->columns, &x0, &x1);
                for (long y = y0; y < y1; y++) {
                    float *row = first + cp * plane_stride + y * g->columns;
                    const float *source = channel + (y * sh + rp - g->padding_height) * g->width;
                    const float *shifted = source + cp - g->padding_width;
                    CDK_SHORT_ROWS
                    for (long x = x0; x < x1; x++) { row[x] = shifted[x * sw]; }
                }
            }
        }
    }
}

/// The adjoint of ``deal_row``: gathers one image row from the two column phases of a stride-2 split in one pass,
/// adding `bias`; pixel `s` comes from plane `(s + padding) & 1` at column `(s + padding) >> 1`.
CDK_INLINE void gather_row(const float *plane0, const float *plane1, long columns, long padding, float bias,
                           float *destination, long width) {
    const float *planes[2] = {plane0, plane1};
    const stride2_row r = stride2_row_layout(width, padding, columns);
    const float *even_row = planes[r.even] + r.even_offset, *odd_row = planes[1 - r.even] + r.odd_offset;
    CDK_SHORT_ROWS
    for (long i = 0; i < r.pairs; i++) {
        destination[2 * i] = even_row[i] + bias;
        destination[2 * i + 1] = odd_row[i] + bias;
    }
    for (long s = 2 * r.pairs; s < width; s++) {
        const long column = (s + padding) >> 1;
        if (column < columns) { destination[s] = planes[(s + padding) & 1][column] + bias; }
    }
}

CDK_INLINE void merge_body(const layout_t *g, const float *planes, long plane_stride, const float *bias,
                           float *image) {
    const long sh = g->stride_height, sw = g->stride_width;
    for (long c = 0; c < g->channels; c++) {
        const float b = bias == 0 ? 0.0f : bias[c];
        float *channel = image + c * g->height * g->width;
        for (long rp = 0; rp < sh; rp++) {
            long y0, y1;
            valid_range(sh, rp, g->padding_height, g->height, g->rows, &y0, &y1);
            const float *first = planes + (c * sh + rp) * sw * plane_stride;
            if (sw == 2) {
                for (long y = y0; y < y1; y++) {
                    float *destination = channel + (y * sh + rp - g->padding_height) * g->width;
                    gather_row(first + y * g->columns, first + plane_stride + y * g->columns, g->columns,
                               g->padding_width, b, destination, g->width);
                }
                continue;
            }
            for (long cp = 0; cp < sw; cp++) {
                long x0, x1;
                valid_range(sw, cp, g->padding_width, g->width, g->columns, &x0, &x1);
                for (long y = y0; y < y1; y++) {
                    const float *row = first + cp * plane_stride + y * g->columns;
                    float *destination = channel + (y * sh + rp - g->padding_height) * g->width;
                    float *shifted = destination + cp - g->padding_width;
                    CDK_SHORT_ROWS
                    for (long x = x0; x < x1; x++) { shifted[x * sw] = row[x] + b; }
                }
            }
        }
    }
}

CDK_VARIANTS(split, (const layout_t *g, const float *image, float *planes, long plane_stride),
             (g, image, planes, plane_stride))
CDK_VARIANTS(merge, (const layout_t *g, const float *planes, long plane_stride, const float *bias, float *image),
             (g, planes, plane_stride, bias, image))

void cdk_phase_split(const layout_t *g, const float *image, float *planes, long plane_stride) {
    CDK_DISPATCH(split, (g, image, planes, plane_stride))
}

void cdk_phase_merge(const layout_t *g, const float *planes, long plane_stride, const float *bias, float *image) {
    CDK_DISPATCH(merge, (g, planes, plane_stride, bias, image))
}
