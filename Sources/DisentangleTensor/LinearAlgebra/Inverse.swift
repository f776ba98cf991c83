import COpenBLAS

extension LinearAlgebra {
    /// The inverse of a square n x n matrix, by LU factorisation with partial pivoting (`dgetrf`, `dgetri`).
    ///
    /// Computed in `Double`. Prefer ``solve(_:_:)-(Matrix,_)`` when the inverse is only multiplied by something:
    /// it is cheaper and more accurate.
    ///
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, is singular (naming the zero
    ///   pivot), or its reciprocal condition number (`dgecon`) is below `Double.ulpOfOne`.
    public static func inverse(_ a: Matrix) throws -> Matrix {
        try inverse(a, "inverse")
    }

    /// The inverse of `a`, with errors naming `operation`.
    static func inverse(_ a: Matrix, _ operation: String) throws -> Matrix {
        let (factors, pivots, zeroPivot) = try luFactorization(a, operation)
        if let zeroPivot {
            throw singularMatrixError(shape: a.shape, zeroPivot: zeroPivot, operation)
        }
        let (n, _) = try LAPACK.dimensions(a, operation)
        guard n > 0 else { return a }
        try requireWellConditioned(lu: factors, norm: oneNorm(a), shape: a.shape, operation)
        var lu = factors
        let info = LAPACKE_dgetri(LAPACK.rowMajor, n, &lu.scalars, n, pivots)
        try LAPACK.checkArguments(info, "dgetri", operation)
        return lu
    }

    /// The inverse of a square `Float` matrix of shape [n, n].
    ///
    /// Computed in `Double` (see ``inverse(_:)-(Matrix)``): the inverse's error grows with the condition number
    /// times the working precision, so `Double` keeps it at `Float` rounding for condition numbers up to about 10⁸.
    /// Not differentiable.
    ///
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or is singular or
    ///   singular to working precision.
    public static func inverse(_ a: Tensor) throws -> Tensor {
        try Tensor(inverse(matrix(a, "inverse")))
    }
}
