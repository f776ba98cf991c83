import DisentangleTensor
import Foundation

/// safetensors header (JSON, dtypes, shapes) and offsets: parse, and if that succeeds, re-serialise and compare.
func fuzzSafeTensors(_ data: Data) {
    guard let file = try? SafeTensors(data: data, source: "fuzz.safetensors") else { return }
    guard let bytes = try? file.serialized() else { return }
    let again = try? SafeTensors(data: bytes, source: "re-serialised")
    precondition(again?.tensors.mapValues(\.scalars) == file.tensors.mapValues(\.scalars), "a parsed safetensors file does not survive re-serialising")
}
