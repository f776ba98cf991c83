import DisentangleDatasets
import Foundation

/// MNIST IDX files, plain and gzip-compressed.
func fuzzIDXArray(_ data: Data) {
    _ = try? IDXArray(data: data, source: "fuzz-idx", maximumSize: 1 << 22)
}
