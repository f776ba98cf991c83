import COpenBLAS

extension LinearAlgebra {
    /// The reduced QR decomposition `A = Q R` of an m x n matrix, with k = min(m, n).
    ///
    /// Computed in `Double` by Householder reflections (`dgeqrf`, then `dorgqr` to form `Q`). The diagonal of `R`
    /// may have either sign; multiplying each column of `Q` by the sign of `R`'s diagonal entry (and each row of `R`
    /// likewise) gives the unique factorisation with a positive diagonal when `A` has full rank, which is how
    /// PyTorch's orthogonal initialisation turns a Gaussian matrix into a uniformly distributed orthogonal one.
    ///
    /// - Returns: `q`, m x k with orthonormal columns, and `r`, k x n upper triangular (upper trapezoidal if k < n).
    /// - Throws: ``TensorError`` if `a` has a NaN or infinite entry.
    public static func qr(_ a: Matrix) throws -> (q: Matrix, r: Matrix) {
        let operation = "qr"
        try requireFinite(a, operation)
        let (m, n) = try LAPACK.dimensions(a, operation)
        let k = min(a.rows, a.columns)
        guard k > 0 else { return (Matrix(zeros: a.rows, 0), Matrix(zeros: 0, a.columns)) }
        var factors = a
        var reflectorScales = [Double](repeating: 0, count: k)
        let info = LAPACKE_dgeqrf(LAPACK.rowMajor, m, n, &factors.scalars, n, &reflectorScales)
        try LAPACK.checkArguments(info, "dgeqrf", operation)
        var r = Matrix(zeros: k, a.columns)
        for i in 0..<k {
            for j in i..<a.columns { r.scalars[i * a.columns + j] = factors.scalars[i * a.columns + j] }
        }
        let formInfo = LAPACKE_dorgqr(LAPACK.rowMajor, m, Int32(k), Int32(k), &factors.scalars, n, reflectorScales)
        try LAPACK.checkArguments(formInfo, "dorgqr", operation)
        let q = Matrix.block(of: factors.scalars, stride: a.columns, rows: a.rows, columns: k)
        return (q, r)
    }

    /// The reduced QR decomposition of a `Float` matrix of shape [m, n].
    ///
    /// Computed in `Double` (see ``qr(_:)-(LinearAlgebra.Matrix)``) so that `Q`'s columns are orthonormal to `Float` rounding even
    /// for ill-conditioned `A`. Not differentiable.
    ///
    /// - Returns: `q` of shape [m, k] and `r` of shape [k, n], with k = min(m, n).
    /// - Throws: ``TensorError`` if `a` is not a matrix or has a NaN or infinite entry.
    public static func qr(_ a: Tensor) throws -> (q: Tensor, r: Tensor) {
        let (q, r) = try qr(matrix(a, "qr"))
        return try (floatTensor(q, "qr"), floatTensor(r, "qr"))
    }
}
