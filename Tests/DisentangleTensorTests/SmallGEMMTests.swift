import CDisentangleKernels
import DisentangleTensor
import Testing

/// `cdk_small_gemm` and `cdk_small_gemm_taps`, the in-place products behind the Winograd and strided convolutions:
/// every entry must equal the chain of fused multiply-adds over the taps and the depth in order (computed here with
/// `Float.addingProduct`, exactly), at every SIMD level,
/// for shapes that cover the kernel's full 6 x 16 blocks, its narrower last blocks (8 or fewer columns, 9 to 15)
/// and its remainder rows; leading dimensions wider than the matrices leave the entries between untouched.
@Suite("Small GEMM", .serialized)
struct SmallGEMMTests {
    struct Shape: CustomStringConvertible, Sendable {
        let m: Int, n: Int, depth: Int
        var description: String { "\(m)x\(n)x\(depth)" }
    }

    static let shapes = [
        Shape(m: 64, n: 113, depth: 64), Shape(m: 1, n: 1, depth: 1), Shape(m: 6, n: 16, depth: 3),
        Shape(m: 7, n: 17, depth: 5), Shape(m: 5, n: 8, depth: 64), Shape(m: 13, n: 9, depth: 2),
        Shape(m: 12, n: 33, depth: 12), Shape(m: 64, n: 81, depth: 12), Shape(m: 3, n: 100, depth: 1),
    ]

    @Test("entries are the in-order fused multiply-add chains, at every level", arguments: shapes)
    func exactChains(_ s: Shape) {
        check(s, offsets: [0])
    }

    @Test("several taps over shifted views of B are one chain per entry, at every level", arguments: shapes)
    func exactTapChains(_ s: Shape) {
        check(s, offsets: [0, 1, s.n + 5, s.n + 6])
    }

    /// Compares `cdk_small_gemm_taps` (or `cdk_small_gemm` for one tap at offset 0) with the exact chains, with
    /// leading dimensions wider than the matrices (entries between must stay untouched).
    func check(_ s: Shape, offsets: [Int]) {
        let (lda, ldb, ldc) = (s.m + 3, s.n + 5, s.n + 2)
        let taps = offsets.count, aTap = s.depth * lda + 1
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) - 0.5
        }
        let a = (0..<taps * aTap).map { _ in next() }
        let b = (0..<(s.depth * ldb + offsets.max()!)).map { _ in next() }
        var expected = [Float](repeating: -7, count: s.m * ldc)
        for i in 0..<s.m {
            for j in 0..<s.n {
                var sum: Float = 0
                for t in 0..<taps {
                    for k in 0..<s.depth { sum = sum.addingProduct(a[t * aTap + k * lda + i], b[offsets[t] + k * ldb + j]) }
                }
                expected[i * ldc + j] = sum
            }
        }
        let results = SIMDLevelTests.atEveryLevel {
            var c = [Float](repeating: -7, count: s.m * ldc)
            if offsets == [0] {
                cdk_small_gemm(s.m, s.n, s.depth, a, lda, b, ldb, &c, ldc)
            } else {
                cdk_small_gemm_taps(s.m, s.n, s.depth, taps, a, aTap, lda, b, offsets, ldb, &c, ldc)
            }
            return c
        }
        for (level, c) in zip(SIMDLevelTests.levels, results) {
            #expect(c == expected, "level \(level.name)")
        }
    }
}
