// The rectifier max(x, 0) and its pullback.
#include "Variants.h"

CDK_INLINE void relu_body(const float *x, float *y, long count) {
    CDK_VECTORIZE
    for (long i = 0; i < count; i++) { y[i] = x[i] > 0 ? x[i] : 0.0f; }
}

CDK_INLINE void relu_mask_body(const float *gradient, const float *y, float *out, long count) {
    CDK_VECTORIZE
    for (long i = 0; i < count; i++) {
        // Read unconditionally: a read only where y > 0 vectorises to masked loads, several times slower.
        const float g = gradient[i];
        out[i] = y[i] > 0 ? g : 0.0f;
    }
}

CDK_VARIANTS(relu, (const float *x, float *y, long count), (x, y, count))
CDK_VARIANTS(relu_mask, (const float *gradient, const float *y, float *out, long count), (gradient, y, out, count))

void cdk_relu(const float *x, float *y, long count) { CDK_DISPATCH(relu, (x, y, count)) }

void cdk_relu_mask(const float *gradient, const float *y, float *out, long count) {
    CDK_DISPATCH(relu_mask, (gradient, y, out, count))
}
