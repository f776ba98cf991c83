// Corrects OpenBLAS's kernel choice on CPUs newer than the installed OpenBLAS.
#include "CDisentangleKernels.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

// OpenBLAS's own symbols, weak so that the library still links against a BLAS without them. gotoblas_dynamic_*
// exist only in DYNAMIC_ARCH builds (Debian's): quit forgets the chosen kernel table, init chooses again, reading
// OPENBLAS_CORETYPE first.
extern char *openblas_get_corename(void) __attribute__((weak));
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));

/// Whether OpenBLAS's kernel set `name` predates AVX2 (its fallbacks for CPUs it does not recognise).
static int predates_avx2(const char *name) {
    static const char *const old[] = {
        "Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Sandybridge", "Atom", "Nano",
        "Opteron", "Opteron(SSE3)", "Barcelona", "Bobcat", "Bulldozer", "Piledriver", "Katmai", "Coppermine",
        "Northwood", "Banias", "Athlon",
    };
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
        if (strcasecmp(name, old[i]) == 0) { return 1; }
    }
    return 0;
}

const char *cdk_select_blas_core(void) {
    if (openblas_get_corename == NULL) { return "unknown"; }
    const char *current = openblas_get_corename();
    if (current == NULL) { return "unknown"; }
    // On by default; DISENTANGLE_BLAS_CORE=openblas keeps OpenBLAS's own choice (for example to continue a run,
    // bit for bit, that was trained under it: other kernels round matrix products differently).
    const char *mode = getenv("DISENTANGLE_BLAS_CORE");
    if (mode != NULL && strcmp(mode, "openblas") == 0) { return current; }
    if (getenv("OPENBLAS_CORETYPE") != NULL || gotoblas_dynamic_init == NULL || gotoblas_dynamic_quit == NULL
        || !predates_avx2(current)) {
        return current;
    }
    cdk_simd_level_t supported = cdk_simd_level_supported();
    if (supported == CDK_SIMD_BASELINE) { return current; }
    // OpenBLAS reads the variable during the re-initialisation only; it is removed again so that child
    // processes detect for themselves.
    setenv("OPENBLAS_CORETYPE", supported == CDK_SIMD_AVX512 ? "SkylakeX" : "Haswell", 1);
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
    unsetenv("OPENBLAS_CORETYPE");
    const char *chosen = openblas_get_corename();
    return chosen == NULL ? "unknown" : chosen;
}
