import CDisentangleKernels

/// The CPU code paths in use: OpenBLAS's kernel set and the instruction-set level of the library's own
/// vectorised kernels (the C target `CDisentangleKernels`).
///
/// Both are chosen once per process from the CPU. The environment variable `DISENTANGLE_SIMD=baseline` (or `avx2`)
/// caps the library's own kernels, for testing the fallbacks; results for a given seed and thread count are
/// bit-identical only between runs on the same level. OpenBLAS's choice follows `OPENBLAS_CORETYPE` if set; else,
/// if OpenBLAS did not recognise the CPU and fell back to pre-AVX2 kernels although the CPU has AVX2 and FMA
/// (Debian 12's OpenBLAS 0.3.21 on Emerald Rapids picks Prescott), the library makes it choose SkylakeX or Haswell.
public enum CPUKernels {
    /// OpenBLAS's kernel set, for example `SkylakeX`, `Haswell` or `Zen` (`unknown` if OpenBLAS does not say).
    public static let blas: String = String(cString: cdk_select_blas_core())

    /// The instruction-set level of the library's own kernels: `baseline`, `avx2` or `avx512`.
    public static var simd: String { String(cString: cdk_simd_level_name(cdk_simd_level())) }
}
