import COpenBLAS

/// Row-major single-precision GEMM, `C = alpha * op(A) * op(B) + beta * C`, where `op(A)` is `m x k` and
/// `op(B)` is `k x n`.
///
/// Large products are split over column blocks of `C` across ``Threading/threadCount`` workers, each calling
/// single-threaded OpenBLAS; the split depends only on the shape and the thread count, so results are
/// reproducible.
@usableFromInline
func _sgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
        for i in 0..<m {
            for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
        }
        return
    }
    let ta = transposeA ? CblasTrans : CblasNoTrans
    let tb = transposeB ? CblasTrans : CblasNoTrans
    let work = Double(m) * Double(n) * Double(k)
    let threads = Threading.threadCount
    // Below ~4 MFLOP per thread the fork/join overhead is not worth it.
    let blocks = work < 4e6 * Double(threads) || n < 64 * threads ? 1 : threads
    if blocks == 1 {
        cblas_sgemm(
            CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c,
            Int32(ldc))
        return
    }
    Threading.parallelFor(blocks) { block in
        // Column blocks aligned to 16 floats keep each worker's stores in whole cache lines.
        let start = (n * block / blocks) & ~15
        let end = block == blocks - 1 ? n : (n * (block + 1) / blocks) & ~15
        guard end > start else { return }
        let bBlock = transposeB ? b + start * ldb : b + start
        cblas_sgemm(
            CblasRowMajor, ta, tb, Int32(m), Int32(end - start), Int32(k), alpha, a, Int32(lda), bBlock, Int32(ldb),
            beta, c + start, Int32(ldc))
    }
}
