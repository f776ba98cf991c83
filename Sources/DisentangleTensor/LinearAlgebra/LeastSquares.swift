import COpenBLAS

extension LinearAlgebra {
    /// The minimum-norm least-squares solution of `A X ≈ B` for an m x n matrix `A` of any rank.
    ///
    /// Computed in `Double` by the SVD-based divide and conquer of `dgelsd`: singular values of `A` at or below
    /// `relativeCutoff` times the largest are treated as zero, so rank-deficient and underdetermined (m < n) systems
    /// get the solution of smallest norm instead of an error or a blow-up: each column `x` of `X` minimises
    /// `‖A x − b‖₂` and, among the minimisers, `‖x‖₂`.
    ///
    /// - Parameters:
    ///   - a: the m x n coefficient matrix.
    ///   - b: the m x r right-hand sides, one per column.
    ///   - relativeCutoff: the relative threshold on singular values; `nil` (the default) means
    ///     `Double.ulpOfOne * max(m, n)`, NumPy's default for `lstsq`. Must be finite and non-negative.
    /// - Returns: the n x r `solution`, the effective `rank` of `A`, and its min(m, n) `singularValues` in
    ///   descending order.
    /// - Throws: ``TensorError`` if the shapes disagree, an entry or the cutoff is NaN or infinite, the cutoff is
    ///   negative, the SVD does not converge, or the solution overflows.
    public static func leastSquares(
        _ a: Matrix, _ b: Matrix, relativeCutoff: Double? = nil
    ) throws -> (solution: Matrix, rank: Int, singularValues: [Double]) {
        let operation = "leastSquares"
        try requireMatchingRows(a, b, operation)
        try requireFinite(a, operation)
        try requireFinite(b, operation, "the right-hand side")
        let cutoff = relativeCutoff ?? Double.ulpOfOne * Double(max(a.rows, a.columns))
        guard cutoff.isFinite, cutoff >= 0 else {
            throw TensorError("\(operation): relativeCutoff must be finite and non-negative, got \(cutoff)")
        }
        let (m, n) = try LAPACK.dimensions(a, operation)
        guard a.rows > 0, a.columns > 0 else { return (Matrix(zeros: a.columns, b.columns), 0, []) }
        // dgelsd overwrites B (max(m, n) rows) with the solution in its first n rows; keep at least one column.
        let stride = max(1, b.columns)
        let (bufferRows, bufferColumns) = (max(a.rows, a.columns), stride)
        guard bufferRows * bufferColumns <= Int(Int32.max) else {
            throw TensorError(
                "\(operation): shapes \(describe(a.shape)) and \(describe(b.shape)) need more workspace than LAPACK's "
                    + "32-bit indices can address")
        }
        var work = a.scalars
        var x = Matrix(zeros: bufferRows, bufferColumns)
        for i in 0..<b.rows {
            for j in 0..<b.columns { x.scalars[i * stride + j] = b.scalars[i * b.columns + j] }
        }
        var singularValues = [Double](repeating: 0, count: min(a.rows, a.columns))
        var rank: Int32 = 0
        let info = LAPACKE_dgelsd(
            LAPACK.rowMajor, m, n, Int32(b.columns), &work, n, &x.scalars, Int32(stride), &singularValues, cutoff,
            &rank)
        try LAPACK.checkConverged(info, "dgelsd", operation, shape: a.shape)
        let solution = Matrix.block(of: x.scalars, stride: stride, rows: a.columns, columns: b.columns)
        try requireFinite(solution, operation, "the solution")
        return (solution, Int(rank), singularValues)
    }

    /// The minimum-norm least-squares solution of `A x ≈ b` for a `Float` matrix `A` of shape [m, n] of any rank.
    ///
    /// Computed in `Double` (see ``leastSquares(_:_:relativeCutoff:)-(LinearAlgebra.Matrix,_,_)``): squared residuals and
    /// near-collinear columns, the usual state of regression on latent codes, lose too much in `Float`.
    /// Not differentiable.
    ///
    /// - Parameters:
    ///   - a: the coefficient matrix, shape [m, n].
    ///   - b: the right-hand side, shape [m] or [m, r].
    ///   - relativeCutoff: the relative threshold on singular values; `nil` means `Double.ulpOfOne * max(m, n)`.
    /// - Returns: the `solution` of shape [n] or [n, r] (following `b`), the effective `rank`, and the
    ///   `singularValues` of `A`, shape [min(m, n)], descending.
    /// - Throws: ``TensorError`` as the `Double` version does, and if `a` or `b` has the wrong rank or the solution
    ///   is beyond `Float`'s range.
    public static func leastSquares(
        _ a: Tensor, _ b: Tensor, relativeCutoff: Double? = nil
    ) throws -> (solution: Tensor, rank: Int, singularValues: Tensor) {
        let operation = "leastSquares"
        let (x, rank, s) = try leastSquares(
            matrix(a, operation), rightHandSide(b, operation), relativeCutoff: relativeCutoff)
        return try (solutionTensor(x, shapedLike: b, operation), rank, floatTensor(s, operation))
    }
}
