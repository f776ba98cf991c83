import DisentangleDatasets

/// The pixels of an HDF5 image dataset, read on demand by hyperslab (whole rows at a time): `uint8` as
/// `value / 255`, floats as they are.
public struct HDF5Pixels: PixelSource {
    /// The dataset.
    public let dataset: HDF5Dataset

    /// Reads the pixels of `dataset`.
    ///
    /// - Throws: `DatasetError` naming the file and dataset if its elements are neither `uint8` nor floats.
    public init(_ dataset: HDF5Dataset) throws {
        switch dataset.elementKind {
        case .unsignedInteger(1), .float: break
        default:
            throw DatasetError(
                "\(dataset.path): dataset '\(dataset.name)' holds \(dataset.elementKind) elements; expected uint8 or float images")
        }
        self.dataset = dataset
    }

    /// The number of stored elements.
    public var elementCount: Int { dataset.elementCount }

    /// Reads the rows covering `elements` and copies the requested part.
    ///
    /// - Throws: `DatasetError` naming the file and dataset if libhdf5 cannot read the rows or the file has shrunk
    ///   since it was opened (see ``HDF5Dataset/read(rows:into:asBytes:)``).
    public func read(elements: Range<Int>, into output: UnsafeMutablePointer<Float>) throws {
        guard !elements.isEmpty else { return }
        let rowSize = dataset.rowSize
        let rows = (elements.lowerBound / rowSize)..<((elements.upperBound - 1) / rowSize + 1)
        let skip = elements.lowerBound - rows.lowerBound * rowSize
        let bytes = dataset.elementKind == .unsignedInteger(1)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: rows.count * rowSize * (bytes ? 1 : 4), alignment: 16)
        defer { buffer.deallocate() }
        try dataset.read(rows: rows, into: buffer, asBytes: bytes)
        if bytes {
            let values = buffer.assumingMemoryBound(to: UInt8.self) + skip
            for i in 0..<elements.count { output[i] = Float(values[i]) / 255 }
        } else {
            output.update(from: buffer.assumingMemoryBound(to: Float.self) + skip, count: elements.count)
        }
    }
}
