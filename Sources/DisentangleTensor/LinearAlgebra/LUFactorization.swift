import COpenBLAS

extension LinearAlgebra {
    /// The LU factorisation with partial pivoting `P A = L U`: `L` (unit diagonal, implicit) and `U` packed in
    /// `lu`, LAPACK's 1-based row interchanges in `pivots`, and the 0-based index of the first exactly zero diagonal
    /// entry of `U` in `zeroPivot`, if any (the factorisation completes regardless).
    typealias LUFactorization = (lu: Matrix, pivots: [Int32], zeroPivot: Int?)

    /// Factorises a finite square matrix with `dgetrf`.
    static func luFactorization(_ a: Matrix, _ operation: String) throws -> LUFactorization {
        try requireFiniteSquare(a, operation)
        let (n, _) = try LAPACK.dimensions(a, operation)
        var lu = a
        var pivots = [Int32](repeating: 0, count: a.rows)
        guard n > 0 else { return (lu, pivots, nil) }
        let info = LAPACKE_dgetrf(LAPACK.rowMajor, n, n, &lu.scalars, n, &pivots)
        try LAPACK.checkArguments(info, "dgetrf", operation)
        return (lu, pivots, info > 0 ? Int(info) - 1 : nil)
    }

    /// The error for a matrix whose LU factorisation met an exactly zero pivot (0-based).
    static func singularMatrixError(shape: [Int], zeroPivot: Int, _ operation: String) -> TensorError {
        TensorError(
            "\(operation): the matrix (shape \(describe(shape))) is singular: the LU factorisation with partial "
                + "pivoting has an exactly zero pivot U[\(zeroPivot), \(zeroPivot)] (0-based)")
    }

    /// Throws if the LU factors of a matrix with 1-norm `norm` show it singular to working precision (`dgecon`).
    static func requireWellConditioned(lu: Matrix, norm: Double, shape: [Int], _ operation: String) throws {
        let (n, _) = try LAPACK.dimensions(lu, operation)
        guard n > 0 else { return }
        var reciprocalCondition = 0.0
        let info = LAPACKE_dgecon(LAPACK.rowMajor, LAPACK.flag("1"), n, lu.scalars, n, norm, &reciprocalCondition)
        try LAPACK.checkArguments(info, "dgecon", operation)
        try LAPACK.requireWellConditioned(reciprocalCondition, operation, shape: shape)
    }

    /// The 1-norm (largest absolute column sum) of a matrix, by `dlange`.
    static func oneNorm(_ a: Matrix) -> Double {
        guard a.rows > 0, a.columns > 0 else { return 0 }
        let (rows, columns) = (Int32(a.rows), Int32(a.columns))
        return LAPACKE_dlange(LAPACK.rowMajor, LAPACK.flag("1"), rows, columns, a.scalars, columns)
    }
}
