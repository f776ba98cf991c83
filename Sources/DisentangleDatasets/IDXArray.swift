import Foundation

/// An array of unsigned bytes in the IDX format of the MNIST files (`train-images-idx3-ubyte` and friends), plain
/// or gzip-compressed (`.gz`, detected from the content).
///
/// Format: two zero bytes, a type code (only `0x08`, unsigned byte, is supported), the number of dimensions, each
/// dimension as a big-endian 32-bit integer, then the data in row-major order. Reading checks the magic, the type,
/// the dimension count (1...8), overflow of the element count, and that the data are exactly as long as declared;
/// gzip input is decompressed with a hard limit of `maximumSize` bytes.
public struct IDXArray: Sendable, Equatable {
    /// The default limit on the (decompressed) file size: 1 GiB.
    public static let defaultMaximumSize = 1 << 30

    /// The size of each dimension.
    public let shape: [Int]
    /// The elements, row-major.
    public let bytes: [UInt8]

    /// Reads an IDX file, decompressing it first if it is gzip-compressed.
    ///
    /// - Throws: ``DatasetError`` naming the path for unreadable, malformed, truncated or oversized files.
    public init(contentsOf url: URL, maximumSize: Int = IDXArray.defaultMaximumSize) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DatasetError("\(url.path): cannot read the file: \(error.localizedDescription)")
        }
        try self.init(data: data, source: url.path, maximumSize: maximumSize)
    }

    /// Parses IDX bytes (gzip-compressed or not).
    ///
    /// - Throws: ``DatasetError`` naming `source` for malformed, truncated or oversized data.
    public init(data: Data, source: String = "<data>", maximumSize: Int = IDXArray.defaultMaximumSize) throws {
        if data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B {
            var inflated: [UInt8] = []
            try data.withUnsafeBytes { raw in
                _ = try Inflater.inflate(raw, format: .gzip, limit: maximumSize, source: source) { chunk in
                    inflated += chunk
                    return true
                }
            }
            try self.init(raw: inflated, source: source)
        } else {
            guard data.count <= maximumSize else {
                throw DatasetError("\(source): \(data.count) bytes exceeds the limit of \(maximumSize)")
            }
            try self.init(raw: [UInt8](data), source: source)
        }
    }

    private init(raw: [UInt8], source: String) throws {
        guard raw.count >= 4, raw[0] == 0, raw[1] == 0 else {
            throw DatasetError("\(source): bad magic: an IDX file starts with two zero bytes, a type code and a rank")
        }
        guard raw[2] == 0x08 else {
            let names: [UInt8: String] = [0x09: "signed byte", 0x0B: "short", 0x0C: "int", 0x0D: "float", 0x0E: "double"]
            throw DatasetError(
                "\(source): field 'type': code 0x\(String(raw[2], radix: 16)) (\(names[raw[2]] ?? "unknown")) is not "
                    + "supported; expected 0x08 (unsigned byte)")
        }
        let rank = Int(raw[3])
        guard (1...8).contains(rank) else {
            throw DatasetError("\(source): field 'rank': \(rank) dimensions; expected 1...8")
        }
        let headerLength = 4 + 4 * rank
        guard raw.count >= headerLength else {
            throw DatasetError("\(source): file ends inside the \(rank) dimension sizes (truncated)")
        }
        var shape: [Int] = []
        var count = 1
        for axis in 0..<rank {
            let o = 4 + 4 * axis
            let dimension = Int(raw[o]) << 24 | Int(raw[o + 1]) << 16 | Int(raw[o + 2]) << 8 | Int(raw[o + 3])
            shape.append(dimension)
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw DatasetError("\(source): field 'dimensions': \(shape) is too large to address") }
            count = product
        }
        guard raw.count - headerLength == count else {
            throw DatasetError(
                "\(source): dimensions \(shape) need \(count) data bytes but \(raw.count - headerLength) follow the header"
                    + (raw.count - headerLength < count ? " (truncated file or lying header)" : ""))
        }
        self.shape = shape
        bytes = Array(raw[headerLength...])
    }
}
