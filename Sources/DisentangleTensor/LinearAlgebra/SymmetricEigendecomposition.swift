import COpenBLAS

extension LinearAlgebra {
    /// The eigendecomposition `A = V diag(λ) Vᵀ` of a symmetric n x n matrix.
    ///
    /// Computed in `Double` by divide and conquer (`dsyevd`) on the symmetric part `(A + Aᵀ) / 2`. Eigenvalues are
    /// in ascending order; column `j` of `eigenvectors` is a unit eigenvector for `eigenvalues[j]`, determined up to
    /// sign (and within a repeated eigenvalue, up to a rotation). The eigenvector matrix is orthogonal.
    ///
    /// - Returns: the n `eigenvalues`, ascending, and the n x n `eigenvectors`, one per column.
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, or the iteration does not
    ///   converge.
    public static func symmetricEigendecomposition(
        _ a: Matrix
    ) throws -> (eigenvalues: [Double], eigenvectors: Matrix) {
        let operation = "symmetricEigendecomposition"
        try requireFiniteSquare(a, operation)
        var vectors = a.symmetricPart()
        let values = try symmetricEigen(&vectors, computingVectors: true, operation)
        return (values, vectors)
    }

    /// The eigenvalues of a symmetric n x n matrix, in ascending order.
    ///
    /// Computed in `Double` with `dsyevd` on the symmetric part `(A + Aᵀ) / 2`, without forming eigenvectors.
    ///
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, or the iteration does not
    ///   converge.
    public static func symmetricEigenvalues(_ a: Matrix) throws -> [Double] {
        let operation = "symmetricEigenvalues"
        try requireFiniteSquare(a, operation)
        var work = a.symmetricPart()
        return try symmetricEigen(&work, computingVectors: false, operation)
    }

    /// The eigendecomposition of a symmetric `Float` matrix of shape [n, n].
    ///
    /// Computed in `Double` (see ``symmetricEigendecomposition(_:)-(LinearAlgebra.Matrix)``): eigenvalues that are small next to
    /// the largest, such as the trailing variances of a PCA, keep their relative accuracy far better than in
    /// `Float`. Not differentiable.
    ///
    /// - Returns: `eigenvalues` of shape [n], ascending, and `eigenvectors` of shape [n, n], one per column.
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or the iteration does
    ///   not converge.
    public static func symmetricEigendecomposition(_ a: Tensor) throws -> (eigenvalues: Tensor, eigenvectors: Tensor) {
        let operation = "symmetricEigendecomposition"
        let (values, vectors) = try symmetricEigendecomposition(matrix(a, operation))
        return try (floatTensor(values, operation), floatTensor(vectors, operation))
    }

    /// The eigenvalues of a symmetric `Float` matrix of shape [n, n]: shape [n], ascending.
    ///
    /// Computed in `Double` (see ``symmetricEigenvalues(_:)-(LinearAlgebra.Matrix)``). Not differentiable.
    ///
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or the iteration does
    ///   not converge.
    public static func symmetricEigenvalues(_ a: Tensor) throws -> Tensor {
        try floatTensor(symmetricEigenvalues(matrix(a, "symmetricEigenvalues")), "symmetricEigenvalues")
    }

    /// Runs `dsyevd` on a symmetric matrix, replacing it by its eigenvectors if `computingVectors`.
    private static func symmetricEigen(
        _ a: inout Matrix, computingVectors: Bool, _ operation: String
    ) throws -> [Double] {
        let (n, _) = try LAPACK.dimensions(a, operation)
        guard n > 0 else { return [] }
        var values = [Double](repeating: 0, count: a.rows)
        let info = LAPACKE_dsyevd(
            LAPACK.rowMajor, LAPACK.flag(computingVectors ? "V" : "N"), LAPACK.flag("L"), n, &a.scalars, n, &values)
        try LAPACK.checkConverged(info, "dsyevd", operation, shape: a.shape)
        return values
    }
}
