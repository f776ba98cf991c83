// The CPU's single-precision FMA peak on one core, to set measured GFLOP/s against (issue 18 asks for it).
//
// Runs 12 independent chains of fused multiply-adds (enough to cover the FMA latency on every x86-64 core of the
// last decade) at 256-bit (AVX2+FMA) and, where the CPU has it, 512-bit (AVX-512F) width, and prints one JSON line
// per width: GFLOP/s counting two FLOPs per lane per FMA, best of five runs.
//
//     clang -O2 -o /tmp/fma_peak Benchmarks/peak/fma_peak.c && /tmp/fma_peak
//
// Build it with clang: gcc 12 -O2 keeps the accumulators in memory and reports a sixth of the peak (17 against
// 95 GFLOP/s on an AMD EPYC Zen 3 core).
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

#define CHAINS 12
#define ITERATIONS 20000000L

__attribute__((target("avx2,fma"))) static double avx2_seconds(float *sink) {
    __m256 acc[CHAINS];
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) { acc[i] = _mm256_set1_ps((float)i); }
    const double start = now();
    for (long n = 0; n < ITERATIONS; n++) {
        for (int i = 0; i < CHAINS; i++) { acc[i] = _mm256_fmadd_ps(acc[i], a, b); }
        __asm__ volatile("" : "+x"(acc[0]), "+x"(acc[1]), "+x"(acc[2]), "+x"(acc[3]), "+x"(acc[4]), "+x"(acc[5]),
                         "+x"(acc[6]), "+x"(acc[7]), "+x"(acc[8]), "+x"(acc[9]), "+x"(acc[10]), "+x"(acc[11]));
    }
    const double seconds = now() - start;
    for (int i = 0; i < CHAINS; i++) { *sink += _mm256_cvtss_f32(acc[i]); }
    return seconds;
}

__attribute__((target("avx512f"))) static double avx512_seconds(float *sink) {
    __m512 acc[CHAINS];
    const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) { acc[i] = _mm512_set1_ps((float)i); }
    const double start = now();
    for (long n = 0; n < ITERATIONS; n++) {
        for (int i = 0; i < CHAINS; i++) { acc[i] = _mm512_fmadd_ps(acc[i], a, b); }
        __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]), "+v"(acc[3]), "+v"(acc[4]), "+v"(acc[5]),
                         "+v"(acc[6]), "+v"(acc[7]), "+v"(acc[8]), "+v"(acc[9]), "+v"(acc[10]), "+v"(acc[11]));
    }
    const double seconds = now() - start;
    for (int i = 0; i < CHAINS; i++) { *sink += _mm512_reduce_add_ps(acc[i]); }
    return seconds;
}

static void report(const char *name, int lanes, double (*run)(float *)) {
    float sink = 0;
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
        const double s = run(&sink);
        if (s < best) { best = s; }
    }
    const double flops = 2.0 * lanes * CHAINS * (double)ITERATIONS;
    printf("{\"name\":\"fma_peak_%s\",\"value\":%.1f,\"unit\":\"GFLOP/s\",\"threads\":1,\"sink\":%g}\n", name,
           flops / best / 1e9, sink);
}

int main(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) { report("avx2", 8, avx2_seconds); }
    if (__builtin_cpu_supports("avx512f")) { report("avx512", 16, avx512_seconds); }
    return 0;
}
