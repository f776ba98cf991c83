import DisentangleTensor
import Foundation

/// safetensors header (JSON, dtypes, shapes) and offsets: parse, and if that succeeds, re-serialise and compare.
func fuzzSafeTensors(_ data: Data) {
    guard let file = try? SafeTensors(data: data, source: "fuzz.safetensors") else { return }
    guard let bytes = try? file.serialized() else { return }
    let again = try? SafeTensors(data: bytes, source: "re-serialised")
    // Bit patterns, not values: the tensors may hold NaN, which never equals itself.
    let bits = { (file: SafeTensors?) in file?.tensors.mapValues { $0.scalars.map(\.bitPattern) } }
    precondition(bits(again) == bits(file), "a parsed safetensors file does not survive re-serialising")
}
