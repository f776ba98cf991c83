import CDisentangleKernels
import Foundation

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

    /// The fast algorithm for stride-1 3x3 convolutions with at least 16 input channels (the Spatial Broadcast
    /// Decoder's layers), trading multiplications against rounding error.
    public enum Winograd: String, CaseIterable, Sendable {
        /// Winograd F(4x4, 3x3), the default: 2.25 multiplications per output; rounding error about 1e-6 of
        /// `Σ |w||x|` (measured worst 1.2e-6, `WinogradTests`).
        case f4x4
        /// Winograd F(2x2, 3x3): 4 multiplications per output; rounding error about 1e-7 of `Σ |w||x|` (measured
        /// worst 1.7e-7). Slower: 161 against 239 GFLOP/s on the SBD's hot layer (1 thread, Emerald Rapids).
        case f2x2
        /// No Winograd: im2col + GEMM, the 9 multiplications per output of the direct convolution and the rounding
        /// of a plain dot product.
        case off
    }

    private static let winogradLock = NSLock()
    nonisolated(unsafe) private static var storedWinograd: Winograd =
        ProcessInfo.processInfo.environment["DISENTANGLE_WINOGRAD"].flatMap(Winograd.init(rawValue:)) ?? .f4x4

    /// The algorithm stride-1 3x3 convolutions use: the environment variable `DISENTANGLE_WINOGRAD` (`f4x4`,
    /// `f2x2` or `off`) if set to one of those, else ``Winograd/f4x4``. Every choice computes the same
    /// convolution; they differ in speed and in the last bits, so a run is bit-identical only with the same choice.
    public static var winograd: Winograd {
        winogradLock.lock()
        defer { winogradLock.unlock() }
        return storedWinograd
    }

    /// Makes stride-1 3x3 convolutions use `algorithm` from now on.
    public static func setWinograd(_ algorithm: Winograd) {
        winogradLock.lock()
        storedWinograd = algorithm
        winogradLock.unlock()
    }
}
