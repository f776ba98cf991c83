extension LinearAlgebra.Matrix {
    /// Creates a matrix from a rank-2 tensor, widening each scalar to `Double`.
    ///
    /// - Throws: ``TensorError`` if the tensor is not of rank 2.
    public init(_ tensor: Tensor) throws {
        self = try LinearAlgebra.matrix(tensor, "Matrix.init")
    }
}

extension Tensor {
    /// Creates a rank-2 tensor from a matrix, rounding each entry to the nearest `Float` (entries beyond `Float`'s
    /// range become infinite).
    public init(_ matrix: LinearAlgebra.Matrix) {
        self.init(shape: matrix.shape) { out in
            for i in 0..<out.count { out[i] = Float(matrix.scalars[i]) }
        }
    }
}

extension LinearAlgebra {
    /// Widens a rank-2 tensor to a `Double` matrix, throwing a message naming `operation` if it is not rank 2.
    static func matrix(_ tensor: Tensor, _ operation: String) throws -> Matrix {
        guard tensor.rank == 2 else {
            throw TensorError("\(operation): expected a matrix (rank-2 tensor), got shape \(describe(tensor.shape))")
        }
        let scalars = tensor.withUnsafeScalars { $0.map(Double.init) }
        return Matrix(rows: tensor.shape[0], columns: tensor.shape[1], scalars: scalars)
    }

    /// Widens a right-hand side: a vector of length n becomes an n x 1 matrix, a matrix stays as it is.
    static func rightHandSide(_ tensor: Tensor, _ operation: String) throws -> Matrix {
        switch tensor.rank {
        case 1:
            let scalars = tensor.withUnsafeScalars { $0.map(Double.init) }
            return Matrix(rows: tensor.shape[0], columns: 1, scalars: scalars)
        case 2:
            return try matrix(tensor, operation)
        default:
            throw TensorError(
                "\(operation): the right-hand side must be a vector or a matrix, got shape \(describe(tensor.shape))")
        }
    }

    /// Rounds a solution to `Float`, as a vector if the right-hand side `b` was one.
    static func solutionTensor(_ x: Matrix, shapedLike b: Tensor, _ operation: String) throws -> Tensor {
        try floatTensor(x.scalars, shape: b.rank == 1 ? [x.rows] : x.shape, operation)
    }

    /// Rounds a matrix to a rank-2 `Float` tensor, throwing if an entry is beyond `Float`'s range.
    static func floatTensor(_ m: Matrix, _ operation: String) throws -> Tensor {
        try floatTensor(m.scalars, shape: m.shape, operation)
    }

    /// Rounds a vector to a rank-1 `Float` tensor, throwing if an entry is beyond `Float`'s range.
    static func floatTensor(_ values: [Double], _ operation: String) throws -> Tensor {
        try floatTensor(values, shape: [values.count], operation)
    }

    /// Rounds row-major `values` to a `Float` tensor of `shape`, throwing if an entry is beyond `Float`'s range
    /// (the `Double` computation succeeded, but its result cannot be represented as a `Float`).
    static func floatTensor(_ values: [Double], shape: [Int], _ operation: String) throws -> Tensor {
        if let index = values.firstIndex(where: { !Float($0).isFinite }) {
            let position = shape.count == 2 ? "(\(index / shape[1]), \(index % shape[1]))" : "\(index)"
            throw TensorError(
                "\(operation): the result (shape \(describe(shape))) has the entry \(values[index]) at \(position), "
                    + "beyond Float's range; use the Double form on LinearAlgebra.Matrix")
        }
        return Tensor(shape: shape) { out in
            for i in 0..<values.count { out[i] = Float(values[i]) }
        }
    }
}
