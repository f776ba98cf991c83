import DisentangleTensor
import Foundation

/// `.npy` header and body: parse, and if that succeeds, convert and re-encode.
func fuzzNumPyArray(_ data: Data) {
    guard let array = try? NumPyArray(encoded: data, source: "fuzz.npy") else { return }
    _ = array.floats()
    _ = try? array.integers()
    let again = try? NumPyArray(encoded: array.encoded(), source: "re-encoded")
    precondition(again == array, "a parsed .npy does not survive re-encoding")
}
