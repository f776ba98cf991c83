import DisentangleTensor
import Foundation

extension CodeMatrix {
    /// Reads codes from a `.npy` file holding an N x D array of any numeric dtype (one row per data point).
    ///
    /// - Throws: `NumPyArrayError` for a file that is not a readable `.npy` array; ``MetricError`` naming the file
    ///   if it is not a non-empty rank-2 array, or naming the row and column of a NaN or infinity.
    public init(contentsOfNumPyFile url: URL) throws {
        let array = try readMatrix(url, role: "codes")
        try self.init(rowCount: array.shape[0], columnCount: array.shape[1], values: array.doubles())
    }
}

extension FactorMatrix {
    /// Reads ground-truth factors from a `.npy` file holding an N x K array of class labels: any integer dtype, or a
    /// float dtype whose values are all whole numbers (as `np.save` of labels built with floats gives).
    ///
    /// - Throws: `NumPyArrayError` for a file that is not a readable `.npy` array; ``MetricError`` naming the file
    ///   if it is not a non-empty rank-2 array, or naming the row and column of a value that is not a whole number.
    public init(contentsOfNumPyFile url: URL) throws {
        let array = try readMatrix(url, role: "factors")
        let columns = array.shape[1]
        let values: [Int]
        if array.dtype.isFloatingPoint {
            values = try array.doubles().enumerated().map { index, value in
                guard value.isFinite, value.rounded() == value, Swift.abs(value) < 0x1p53 else {
                    throw MetricError.unusableFile(
                        path: url.path,
                        problem: "factors must be whole numbers (class labels); row \(index / columns), column \(index % columns) holds \(value)")
                }
                return Int(value)
            }
        } else {
            values = try array.integers()
        }
        try self.init(rowCount: array.shape[0], columnCount: columns, values: values)
    }
}

/// Reads a non-empty rank-2 `.npy` array, with errors naming the file and what it should hold.
private func readMatrix(_ url: URL, role: String) throws -> NumPyArray {
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw MetricError.unusableFile(path: url.path, problem: "the \(role) file does not exist")
    }
    let array = try NumPyArray(contentsOf: url)
    guard array.shape.count == 2, array.shape[0] > 0, array.shape[1] > 0 else {
        throw MetricError.unusableFile(
            path: url.path, problem: "\(role) must be a non-empty 2-D array (rows x columns), got shape \(array.shape)")
    }
    return array
}
