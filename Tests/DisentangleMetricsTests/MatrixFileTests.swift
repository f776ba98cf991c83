import DisentangleMetrics
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// Codes and factors read from `.npy` files, with the rules `disentangle metrics` and `metrics-on-codes` share.
@Suite("Codes and factors from .npy files")
struct MatrixFileTests {
    @Test func integerCodesAndWholeFloatFactorsRead() throws {
        let directory = temporaryDirectory("matrix-files")
        defer { try? FileManager.default.removeItem(at: directory) }
        let codes = directory.appendingPathComponent("codes.npy")
        let factors = directory.appendingPathComponent("factors.npy")
        try NumPyArray(shape: [3, 2], integers: [1, 2, 3, 4, 5, 6], dtype: .int16).write(to: codes)
        try NumPyArray(shape: [3, 1], doubles: [0, 2, -1]).write(to: factors)
        #expect(try CodeMatrix(contentsOfNumPyFile: codes).values == [1, 2, 3, 4, 5, 6])
        #expect(try FactorMatrix(contentsOfNumPyFile: factors).values == [0, 2, -1])
    }

    @Test func unusableFilesAreNamed() throws {
        let directory = temporaryDirectory("matrix-files")
        defer { try? FileManager.default.removeItem(at: directory) }
        let fractional = directory.appendingPathComponent("fractional.npy")
        try NumPyArray(shape: [2, 2], doubles: [0, 1, 2, 2.5]).write(to: fractional)
        #expect(throws: MetricError.unusableFile(
            path: fractional.path,
            problem: "factors must be whole numbers (class labels); row 1, column 1 holds 2.5")) {
            try FactorMatrix(contentsOfNumPyFile: fractional)
        }
        let vector = directory.appendingPathComponent("vector.npy")
        try NumPyArray(shape: [4], floats: [0, 1, 2, 3]).write(to: vector)
        #expect(throws: MetricError.unusableFile(
            path: vector.path, problem: "codes must be a non-empty 2-D array (rows x columns), got shape [4]")) {
            try CodeMatrix(contentsOfNumPyFile: vector)
        }
        let missing = directory.appendingPathComponent("missing.npy")
        #expect(throws: MetricError.unusableFile(path: missing.path, problem: "the factors file does not exist")) {
            try FactorMatrix(contentsOfNumPyFile: missing)
        }
        let nan = directory.appendingPathComponent("nan.npy")
        try NumPyArray(shape: [2, 1], floats: [0, .nan]).write(to: nan)
        #expect(throws: MetricError.nonFinite(input: "codes", row: 1, column: 0)) { try CodeMatrix(contentsOfNumPyFile: nan) }
    }
}
