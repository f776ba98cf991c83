import COpenBLAS

/// The plumbing shared by the LAPACKE calls: layout, flags, index range, argument errors, conditioning.
enum LAPACK {
    /// `LAPACK_ROW_MAJOR`: every call passes row-major storage with the column count as leading dimension.
    static let rowMajor = Int32(LAPACK_ROW_MAJOR)

    /// A LAPACK character flag such as `"L"` or `"S"`.
    static func flag(_ character: Unicode.Scalar) -> CChar {
        CChar(UInt8(ascii: character))
    }

    /// The dimensions of `a` as LAPACK integers, throwing if `a` is too large for 32-bit LAPACK indexing.
    static func dimensions(_ a: LinearAlgebra.Matrix, _ operation: String) throws -> (rows: Int32, columns: Int32) {
        guard a.scalars.count <= Int(Int32.max) else {
            throw TensorError(
                "\(operation): shape \(describe(a.shape)) has more entries than LAPACK's 32-bit indices can address")
        }
        return (Int32(a.rows), Int32(a.columns))
    }

    /// Throws for a negative `info`: a LAPACKE memory failure or an argument LAPACK rejected.
    ///
    /// Arguments are validated before every call, so a rejected argument indicates a bug in this library.
    static func checkArguments(_ info: Int32, _ routine: String, _ operation: String) throws {
        guard info < 0 else { return }
        if info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR {
            throw TensorError("\(operation): LAPACKE could not allocate workspace for \(routine) (out of memory)")
        }
        throw TensorError(
            "\(operation): \(routine) rejected its argument \(-info) (info = \(info)); this is a bug in "
                + "swift-disentangle, please report it with the input's shape")
    }

    /// Throws for a negative `info` (as ``checkArguments(_:_:_:)``) or a positive one, which for LAPACK's iterative
    /// routines (SVD, symmetric eigensolver, least squares) means the iteration did not converge.
    static func checkConverged(_ info: Int32, _ routine: String, _ operation: String, shape: [Int]) throws {
        try checkArguments(info, routine, operation)
        guard info == 0 else {
            throw TensorError(
                "\(operation): \(routine) did not converge on a matrix of shape \(describe(shape)) (info = \(info))")
        }
    }

    /// Throws if a reciprocal condition number says the matrix is singular to working precision.
    ///
    /// Below `Double.ulpOfOne` (about 2.2e-16) a solution or inverse has no correct significant digit.
    static func requireWellConditioned(_ reciprocalCondition: Double, _ operation: String, shape: [Int]) throws {
        guard reciprocalCondition >= Double.ulpOfOne else {
            throw TensorError(
                "\(operation): the matrix (shape \(describe(shape))) is singular to working precision: its "
                    + "reciprocal condition number in the 1-norm is \(reciprocalCondition), below \(Double.ulpOfOne)")
        }
    }
}
