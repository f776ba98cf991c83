import DisentangleTensor
import Foundation

/// An array of stored images, in memory or read in place: a `.npy` file or a stored `.npz` member is read from
/// the file with `pread` as images are needed, a ``PixelSource`` on demand, so datasets larger than memory work.
///
/// A file that is truncated or damaged after it was opened gives a thrown ``DatasetError`` naming the file from
/// the next image read on (see ``readFailure``), never a crash and never a made-up pixel.
///
/// Images are handed out channel planes first (`[channels, height, width]`) whatever the stored ``layout``.
/// `uint8`/`bool` pixels whose values are all 0 or 1 read as 0 and 1 (binary masks such as dSprites), other `uint8`
/// pixels as `value / 255`, `float32`/`float64` pixels as they are.
public struct StoredImages: Sendable {
    /// The file (and member) the images come from, used in error messages.
    public let source: String
    /// The number of images.
    public let count: Int
    /// The shape of one image: `[channels, height, width]`.
    public let observationShape: [Int]
    /// How the stored array orders its axes.
    public let layout: ImageLayout
    let pixels: PixelStorage
    let failure = PixelReadFailure()

    /// The first failure to read pixels since the images were opened (the file was truncated or changed
    /// underneath), or `nil`.
    ///
    /// The read that failed threw it. Once set it stays set: the images are no longer read reliably, and every
    /// later ``render(row:into:)`` and ``observations(rows:)`` throws it too; open the images again.
    public var readFailure: DatasetError? { failure.error }

    /// The number of scalars in one image.
    public var observationScalarCount: Int { observationShape.reduce(1, *) }

    /// The largest image handled: 2^24 values (for example 3 x 2048 x 2048, or 4096 x 4096). A file claiming larger
    /// images (an HDF5 dataset that was never written holds no bytes but any shape) is rejected when it is opened,
    /// instead of exhausting memory when a batch or a model is made for it.
    public static let maximumObservationScalarCount = 1 << 24

    /// Images held in memory by a NumPy array.
    ///
    /// - Parameters:
    ///   - array: `N x H x W`, `N x C x H x W` or `N x H x W x C` of dtype `uint8`, `bool`, `float32` or `float64`.
    ///   - layout: the axis order; `nil` infers it (``ImageLayout/inferred(from:source:)``).
    ///   - source: the name used in error messages.
    /// - Throws: ``DatasetError`` naming `source` for an unsupported dtype or a shape that does not fit.
    public init(_ array: NumPyArray, layout: ImageLayout? = nil, source: String) throws {
        let pixels: PixelStorage
        switch array.dtype {
        case .uint8, .bool:
            var builder = PixelStorageBuilder(count: array.count)
            array.bytes.withUnsafeBytes { builder.append($0) }
            pixels = builder.finish()
        case .float32, .float64:
            pixels = .floats(array.floats())
        default:
            throw StoredImages.dtypeError(array.dtype, source: source)
        }
        try self.init(source: source, shape: array.shape, layout: layout, pixels: pixels)
    }

    /// Opens the images of a `.npy` file, read in place as they are needed; only the header is read now (and,
    /// for one-byte pixels, one scan to tell binary masks from intensities).
    ///
    /// - Throws: ``DatasetError`` naming the path if the file cannot be read, its header is malformed or lies about
    ///   the file's length, or the dtype or shape do not fit.
    public init(npyAt url: URL, layout: ImageLayout? = nil) throws {
        let file = try StoredFile(url)
        let header = try StoredImages.npyHeader(of: file)
        try StoredImages.checkDType(header.dtype, source: url.path)
        // The shape is checked before the pixels are scanned.
        _ = try (layout ?? ImageLayout.inferred(from: header.shape, source: url.path))
            .observationShape(of: header.shape, source: url.path)
        try self.init(
            source: url.path, shape: header.shape, layout: layout,
            pixels: .reading(file, offset: header.dataOffset, count: header.elementCount, dtype: header.dtype))
    }

    /// The images of an `.npz` member: read in place from the archive's file when the member is stored
    /// (`np.savez`), decompressed into compact storage when it is deflated (`np.savez_compressed`) or the archive
    /// is held in memory.
    ///
    /// - Throws: ``DatasetError`` naming the archive and member (see ``NPZArchive``), or for a dtype or shape
    ///   that does not fit.
    public init(archive: NPZArchive, member: String, layout: ImageLayout? = nil) throws {
        let source = "\(archive.source): member '\(member)'"
        if let file = archive.file, let (header, offset) = try archive.storedArray(member) {
            try StoredImages.checkDType(header.dtype, source: source)
            try self.init(
                source: source, shape: header.shape, layout: layout,
                pixels: .reading(file, offset: offset, count: header.elementCount, dtype: header.dtype))
            return
        }
        var shape: [Int] = []
        var builder: PixelStorageBuilder?
        var floats: [UInt8]?
        var dtype = NumPyArrayDType.uint8
        try archive.stream(member, header: { header in
            try StoredImages.checkDType(header.dtype, source: source)
            _ = try (layout ?? ImageLayout.inferred(from: header.shape, source: source))
                .observationShape(of: header.shape, source: source)
            shape = header.shape
            dtype = header.dtype
            if header.dtype.isFloatingPoint {
                floats = []
                floats!.reserveCapacity(header.byteCount)
            } else {
                builder = PixelStorageBuilder(count: header.elementCount)
            }
            return true
        }, data: { chunk in
            if floats != nil { floats! += chunk } else { builder!.append(chunk) }
        })
        let pixels: PixelStorage
        if let floats {
            pixels = .floats(try NumPyArray(dtype: dtype, shape: shape, bytes: floats).floats())
        } else {
            pixels = builder!.finish()
        }
        try self.init(source: source, shape: shape, layout: layout, pixels: pixels)
    }

    /// Images read on demand from `pixels`, stored as an array of `shape`.
    ///
    /// - Throws: ``DatasetError`` naming `source` if the shape does not fit the layout or the source's size.
    public init(source: String, shape: [Int], layout: ImageLayout? = nil, pixels: any PixelSource) throws {
        guard shape.reduce(1, *) == pixels.elementCount else {
            throw DatasetError("\(source): shape \(shape) needs \(shape.reduce(1, *)) elements but \(pixels.elementCount) are stored")
        }
        try self.init(source: source, shape: shape, layout: layout, pixels: .source(pixels))
    }

    init(source: String, shape: [Int], layout: ImageLayout?, pixels: PixelStorage) throws {
        let layout = try layout ?? ImageLayout.inferred(from: shape, source: source)
        let (count, observation) = try layout.observationShape(of: shape, source: source)
        var scalars = 1
        for size in observation {
            let (product, overflow) = scalars.multipliedReportingOverflow(by: size)
            guard !overflow, product <= StoredImages.maximumObservationScalarCount else {
                throw DatasetError(
                    "\(source): images of \(observation.map(String.init).joined(separator: " x ")) are larger than the "
                        + "\(StoredImages.maximumObservationScalarCount) values per image this library handles")
            }
            scalars = product
        }
        self.source = source
        self.count = count
        self.observationShape = observation
        self.layout = layout
        self.pixels = pixels
    }

    /// Writes image `row` (in `0..<count`) into `output` (`observationScalarCount` scalars), channel planes first.
    ///
    /// - Throws: ``DatasetError`` naming the file, the image and the problem if the pixels cannot be read (their
    ///   file was truncated or changed after it was opened), or the first such failure since the images were
    ///   opened (``readFailure``). `output` is then left partly written.
    public func render(row: Int, into output: UnsafeMutableBufferPointer<Float>) throws {
        precondition(row >= 0 && row < count && output.count == observationScalarCount, "image \(row) of \(count) into \(output.count) scalars")
        if let error = readFailure { throw error }
        let size = output.count
        let out = output.baseAddress!
        let channels = observationShape[0]
        do {
            if layout == .nhwc && channels > 1 {
                let plane = size / channels
                try pixels.copy(start: row * size, count: size, into: out) { ($0 % channels) * plane + $0 / channels }
            } else {
                try pixels.copy(start: row * size, count: size, into: out) { $0 }
            }
        } catch {
            failure.record(DatasetError("\(source): cannot read image \(row): \(error)"))
            // The first failure recorded, which may be another thread's.
            throw failure.error!
        }
    }

    /// The images at `rows` as one `[rows.count, channels, height, width]` tensor, copied in parallel.
    ///
    /// - Throws: ``DatasetError`` if a row is outside `0..<count`, or naming the file and the problem if the pixels
    ///   cannot be read (see ``readFailure``).
    public func observations(rows: [Int]) throws -> Tensor {
        if let bad = rows.first(where: { $0 < 0 || $0 >= count }) {
            throw DatasetError("\(source): image \(bad) is outside 0..<\(count)")
        }
        if let error = readFailure { throw error }
        let size = observationScalarCount
        let batch = Tensor(shape: [rows.count] + observationShape) { output in
            guard let outBase = output.baseAddress else { return }
            nonisolated(unsafe) let out = outBase
            Threading.parallelRanges(rows.count, minimumChunk: 16) { range in
                // A failure is recorded in `readFailure` (and thrown below); the other rows are not read.
                for i in range {
                    guard (try? render(row: rows[i], into: UnsafeMutableBufferPointer(start: out + i * size, count: size))) != nil
                    else { return }
                }
            }
        }
        if let error = readFailure { throw error }
        return batch
    }

    /// The header of a `.npy` file, checked against the file's length.
    ///
    /// - Throws: ``DatasetError`` naming the file if the header is malformed or lies about the file's length.
    static func npyHeader(of file: StoredFile) throws -> NumPyArrayHeader {
        let source = file.path
        // The longest header allowed, its fixed prefix (at most 12 bytes) and the byte after it.
        let prefix = try file.bytes(count: min(file.sizeAtOpen, NumPyArrayHeader.maximumHeaderLength + 13), at: 0)
        let header: NumPyArrayHeader
        do {
            header = try prefix.withUnsafeBytes { try NumPyArrayHeader(parsing: $0, source: source) }
        } catch let error as NumPyArrayError {
            throw DatasetError(error.description)
        }
        let held = file.sizeAtOpen - header.dataOffset
        guard held == header.byteCount else {
            throw DatasetError(
                "\(source): header declares shape \(header.shape) of '\(header.dtype.descriptor)' (\(header.byteCount) "
                    + "data bytes) but \(held) follow it" + (held < header.byteCount ? " (truncated file)" : " (lying header)"))
        }
        return header
    }

    private static func checkDType(_ dtype: NumPyArrayDType, source: String) throws {
        guard [.uint8, .bool, .float32, .float64].contains(dtype) else { throw dtypeError(dtype, source: source) }
    }

    private static func dtypeError(_ dtype: NumPyArrayDType, source: String) -> DatasetError {
        DatasetError("\(source): images have dtype '\(dtype.descriptor)'; expected uint8, bool, float32 or float64")
    }
}
