extension LinearAlgebra {
    /// Throws unless `a` is square.
    static func requireSquare(_ a: Matrix, _ operation: String) throws {
        guard a.rows == a.columns else {
            throw TensorError("\(operation): expected a square matrix, got shape \(describe(a.shape))")
        }
    }

    /// Throws, naming the first offending entry, unless every entry of `a` is finite.
    static func requireFinite(_ a: Matrix, _ operation: String, _ name: String = "the matrix") throws {
        guard let index = a.scalars.firstIndex(where: { !$0.isFinite }) else { return }
        let (row, column) = a.columns == 0 ? (0, 0) : index.quotientAndRemainder(dividingBy: a.columns)
        throw TensorError(
            "\(operation): \(name) (shape \(describe(a.shape))) has a non-finite entry \(a.scalars[index]) "
                + "at (\(row), \(column))")
    }

    /// Throws unless the right-hand side `b` has as many rows as `a`.
    static func requireMatchingRows(_ a: Matrix, _ b: Matrix, _ operation: String) throws {
        guard a.rows == b.rows else {
            throw TensorError(
                "\(operation): the matrix has shape \(describe(a.shape)) but the right-hand side has shape "
                    + "\(describe(b.shape)); they need the same number of rows")
        }
    }

    /// Throws unless `a` is square and `b` is a finite right-hand side with as many rows (`a` is checked for
    /// finiteness by its factorisation).
    static func requireSquareSystem(_ a: Matrix, _ b: Matrix, _ operation: String) throws {
        try requireSquare(a, operation)
        try requireMatchingRows(a, b, operation)
        try requireFinite(b, operation, "the right-hand side")
    }

    /// Throws if `a` is not square, or not finite.
    static func requireFiniteSquare(_ a: Matrix, _ operation: String) throws {
        try requireSquare(a, operation)
        try requireFinite(a, operation)
    }
}
