import COpenBLAS

/// `C = alpha * op(A) * op(B) + beta * C` for row-major matrices through OpenBLAS's single-threaded `cblas_sgemm`.
///
/// `op(A)` is `m x k`, `op(B)` is `k x n`, `C` is `m x n`; the leading dimensions are row strides of the stored
/// (untransposed) matrices. Callers parallelise around it (see ``Threading``).
@inline(__always)
func _sgemmRowMajor(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    cblas_sgemm(
        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
        blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
}
