import COpenBLAS

extension LinearAlgebra {
    /// The singular value decomposition `A = U diag(S) Vᵀ` of an m x n matrix, with k = min(m, n).
    ///
    /// Computed in `Double` by divide and conquer (`dgesdd`), falling back to the QR iteration of `dgesvd` in the
    /// rare case `dgesdd` does not converge. Singular values are non-negative and in descending order; each pair of
    /// singular vectors is determined up to a common sign (and within a repeated singular value, up to a rotation).
    ///
    /// - Parameters:
    ///   - a: the matrix; any shape, including empty.
    ///   - fullMatrices: `false` (the default) for the thin decomposition, `U` m x k and `Vt` k x n; `true` for the
    ///     full one, `U` m x m and `Vt` n x n, whose extra columns complete orthonormal bases.
    /// - Returns: `u` with orthonormal columns, the k `singularValues`, and `vt` with orthonormal rows.
    /// - Throws: ``TensorError`` if `a` has a NaN or infinite entry, or the iteration does not converge.
    public static func svd(
        _ a: Matrix, fullMatrices: Bool = false
    ) throws -> (u: Matrix, singularValues: [Double], vt: Matrix) {
        let operation = "svd"
        try requireFinite(a, operation)
        let (m, n) = try LAPACK.dimensions(a, operation)
        let k = min(a.rows, a.columns)
        let uColumns = fullMatrices ? a.rows : k
        let vtRows = fullMatrices ? a.columns : k
        if k == 0 {
            return fullMatrices
                ? (Matrix.identity(a.rows), [], Matrix.identity(a.columns))
                : (Matrix(zeros: a.rows, 0), [], Matrix(zeros: 0, a.columns))
        }
        var work = a.scalars
        var s = [Double](repeating: 0, count: k)
        var u = Matrix(zeros: a.rows, uColumns)
        var vt = Matrix(zeros: vtRows, a.columns)
        let job = LAPACK.flag(fullMatrices ? "A" : "S")
        let info = LAPACKE_dgesdd(
            LAPACK.rowMajor, job, m, n, &work, n, &s, &u.scalars, Int32(uColumns), &vt.scalars, n)
        try LAPACK.checkArguments(info, "dgesdd", operation)
        if info > 0 {
            work = a.scalars
            var superdiagonal = [Double](repeating: 0, count: max(1, k - 1))
            let fallbackInfo = LAPACKE_dgesvd(
                LAPACK.rowMajor, job, job, m, n, &work, n, &s, &u.scalars, Int32(uColumns), &vt.scalars, n,
                &superdiagonal)
            try LAPACK.checkConverged(fallbackInfo, "dgesvd (after dgesdd)", operation, shape: a.shape)
        }
        return (u, s, vt)
    }

    /// The singular values of an m x n matrix, min(m, n) of them, non-negative and in descending order.
    ///
    /// Computed in `Double` with `dgesdd` without forming singular vectors, which is cheaper than
    /// ``svd(_:fullMatrices:)-(LinearAlgebra.Matrix,_)``.
    ///
    /// - Throws: ``TensorError`` if `a` has a NaN or infinite entry, or the iteration does not converge.
    public static func singularValues(_ a: Matrix) throws -> [Double] {
        let operation = "singularValues"
        try requireFinite(a, operation)
        let (m, n) = try LAPACK.dimensions(a, operation)
        let k = min(a.rows, a.columns)
        guard k > 0 else { return [] }
        var work = a.scalars
        var s = [Double](repeating: 0, count: k)
        var unusedU = [0.0]
        var unusedVt = [0.0]
        // LAPACKE's row-major check wants ldvt >= n even though no singular vectors are referenced.
        let info = LAPACKE_dgesdd(LAPACK.rowMajor, LAPACK.flag("N"), m, n, &work, n, &s, &unusedU, 1, &unusedVt, n)
        try LAPACK.checkConverged(info, "dgesdd", operation, shape: a.shape)
        return s
    }

    /// The singular value decomposition `A = U diag(S) Vᵀ` of a `Float` matrix of shape [m, n].
    ///
    /// Computed in `Double` (see ``svd(_:fullMatrices:)-(LinearAlgebra.Matrix,_)``) so that small singular values and the
    /// orthogonality of `U` and `Vt` are accurate to `Float` rounding rather than to `Float` rounding times the
    /// condition number; PCA of latent codes relies on both. Not differentiable.
    ///
    /// - Returns: `u` of shape [m, k] (or [m, m] with `fullMatrices`), `singularValues` of shape [k] in descending
    ///   order, `vt` of shape [k, n] (or [n, n]), where k = min(m, n).
    /// - Throws: ``TensorError`` if `a` is not a matrix, has a NaN or infinite entry, or the iteration does not
    ///   converge.
    public static func svd(
        _ a: Tensor, fullMatrices: Bool = false
    ) throws -> (u: Tensor, singularValues: Tensor, vt: Tensor) {
        let (u, s, vt) = try svd(matrix(a, "svd"), fullMatrices: fullMatrices)
        return try (floatTensor(u, "svd"), floatTensor(s, "svd"), floatTensor(vt, "svd"))
    }

    /// The singular values of a `Float` matrix of shape [m, n]: shape [min(m, n)], descending.
    ///
    /// Computed in `Double` (see ``singularValues(_:)-(LinearAlgebra.Matrix)``). Not differentiable.
    ///
    /// - Throws: ``TensorError`` if `a` is not a matrix, has a NaN or infinite entry, or the iteration does not
    ///   converge.
    public static func singularValues(_ a: Tensor) throws -> Tensor {
        try floatTensor(singularValues(matrix(a, "singularValues")), "singularValues")
    }
}
