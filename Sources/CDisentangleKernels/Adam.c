// One Adam (or AMSGrad) update of a parameter tensor, as PyTorch's CPU kernel computes it.
#include "Variants.h"

#include <math.h>

// Every multiply-add is an explicit fmaf, one rounding, so every level computes the same values: a single
// instruction under the avx2/avx512 targets, the C library's exact software fmaf in the baseline build.
/// One pass of the update with the two options fixed: `adam_body` calls it with constants, so each case compiles to
/// its own loop. (Tested inside the loop, the options vectorise to masked loads and stores of `v_max`, which on AMD
/// CPUs take a microcode assist per vector when `v_max` is null: ten times slower than the update itself.)
CDK_INLINE void adam_pass(const cdk_adam_step *s, float *theta, const float *gradient, float *m, float *v,
                          float *v_max, long count, const int use_decay, const int use_max) {
    const float decay = s->weight_decay, weight1 = s->weight1, beta2 = s->beta2, weight2 = s->weight2;
    const float correction2 = s->correction2, eps = s->epsilon, step_size = s->step_size;
    const int low_weight = fabsf(weight1) < 0.5f;
    CDK_VECTORIZE
    for (long i = 0; i < count; i++) {
        float g = gradient[i];
        if (use_decay) { g = fmaf(decay, theta[i], g); }
        // PyTorch's lerp(m, g, weight1), one fused operation from the nearer end.
        const float difference = g - m[i];
        m[i] = low_weight ? fmaf(weight1, difference, m[i]) : fmaf(weight1 - 1.0f, difference, g);
        v[i] = fmaf(weight2 * g, g, v[i] * beta2);
        float second = v[i];
        if (use_max) {
            v_max[i] = v[i] >= v_max[i] ? v[i] : v_max[i];
            second = v_max[i];
        }
        const float denominator = __builtin_elementwise_sqrt(second) / correction2 + eps;
        theta[i] = fmaf(step_size, m[i] / denominator, theta[i]);
    }
}

CDK_INLINE void adam_body(const cdk_adam_step *s, float *theta, const float *gradient, float *m, float *v,
                          float *v_max, long count) {
    const int use_decay = s->weight_decay != 0;
    if (v_max != 0) {
        if (use_decay) { adam_pass(s, theta, gradient, m, v, v_max, count, 1, 1); }
        else { adam_pass(s, theta, gradient, m, v, v_max, count, 0, 1); }
    } else {
        if (use_decay) { adam_pass(s, theta, gradient, m, v, 0, count, 1, 0); }
        else { adam_pass(s, theta, gradient, m, v, 0, count, 0, 0); }
    }
}

CDK_VARIANTS(adam, (const cdk_adam_step *s, float *theta, const float *gradient, float *m, float *v, float *v_max, long count),
             (s, theta, gradient, m, v, v_max, count))

void cdk_adam(const cdk_adam_step *step, float *theta, const float *gradient, float *m, float *v, float *v_max,
              long count) {
    CDK_DISPATCH(adam, (step, theta, gradient, m, v, v_max, count))
}
