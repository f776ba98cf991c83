// Row helpers shared by the Winograd F(2x2) and F(4x4) transforms (internal to CDisentangleKernels).
#ifndef CDK_WINOGRAD_ROWS_H
#define CDK_WINOGRAD_ROWS_H

#include "Variants.h"

/// `value`, or cdk_relu's `max(value, 0)` (NaN and -0 give +0) if `rectify`.
#define CDK_RECTIFY_IF(rectify, value) ((rectify) ? ((value) > 0 ? (value) : 0.0f) : (value))

/// `destination[t] += first[t] + second[t - 1]` for `t <= tiles_wide` (terms outside `0 ..< tiles_wide` are zero):
/// adds two overlapping tile columns of an input-gradient row.
CDK_INLINE void add_overlapping(const float *first, const float *second, float *destination, long tw) {
    destination[0] += first[0];
    CDK_VECTORIZE
    for (long t = 1; t < tw; t++) { destination[t] = destination[t] + first[t] + second[t - 1]; }
    destination[tw] += second[tw - 1];
}

#endif
