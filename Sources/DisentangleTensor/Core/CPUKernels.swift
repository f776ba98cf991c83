import CDisentangleKernels

/// The CPU code paths in use: OpenBLAS's kernel set and the instruction-set level of the library's own
/// vectorised kernels (the C target `CDisentangleKernels`).
///
/// Both are chosen once per process from the CPU. The environment variable `DISENTANGLE_SIMD=baseline` (or `avx2`)
/// caps the library's own kernels, for testing the fallbacks. The kernels compute bit-identical results at every
/// level, so a run is reproducible for a given seed and thread count whatever the level. OpenBLAS's choice follows
/// `OPENBLAS_CORETYPE` if set; else, if OpenBLAS did not recognise the CPU and fell back to pre-AVX2 kernels
/// although the CPU has AVX2 and FMA (Debian 12's OpenBLAS 0.3.21 picks Prescott on Emerald Rapids, at half the
/// training speed), the library makes it choose SkylakeX or Haswell, whichever the CPU supports;
/// `DISENTANGLE_BLAS_CORE=openblas` keeps OpenBLAS's own choice. Changing OpenBLAS's kernels changes the
/// rounding of matrix products, so runs are bit-identical only on the same BLAS kernel set.
public enum CPUKernels {
    /// An instruction-set level of the library's own kernels, from the lowest.
    public enum SIMDLevel: Int, CaseIterable, Comparable, Sendable {
        /// Baseline x86-64 (SSE2), or plain C on other architectures.
        case baseline
        /// AVX2 and FMA.
        case avx2
        /// AVX-512 (F, BW, DQ, VL) with AVX2 and FMA.
        case avx512

        /// `baseline`, `avx2` or `avx512`.
        public var name: String { String(cString: cdk_simd_level_name(cdk_simd_level_t(UInt32(rawValue)))) }

        /// Whether `lhs` is a lower level than `rhs`.
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// OpenBLAS's kernel set, for example `SkylakeX`, `Haswell` or `Zen` (`unknown` if OpenBLAS does not say).
    public static let blas: String = String(cString: cdk_select_blas_core())

    /// The level the library's kernels run at.
    public static var simdLevel: SIMDLevel { SIMDLevel(rawValue: Int(cdk_simd_level().rawValue)) ?? .baseline }

    /// The best level this CPU supports.
    public static var supportedSIMDLevel: SIMDLevel {
        SIMDLevel(rawValue: Int(cdk_simd_level_supported().rawValue)) ?? .baseline
    }

    /// Runs the library's kernels at `level` from now on, or at ``supportedSIMDLevel`` if that is lower (for
    /// comparing the levels in one process).
    public static func setSIMDLevel(_ level: SIMDLevel) {
        cdk_set_simd_level(cdk_simd_level_t(UInt32(level.rawValue)))
    }
}
