import DisentangleTensor
import Foundation

/// A matrix in the binary format of the SmallNORB files (`*-dat.mat`, `*-cat.mat`, `*-info.mat`), read in place
/// from its file with `pread` (never mapped: a file truncated while it is read gives a thrown ``DatasetError``).
///
/// Format (little-endian): a 4-byte magic naming the element type (`0x1E3D4C55` unsigned byte, `0x1E3D4C54`
/// 32-bit integer; also `0x1E3D4C51` float, `0x1E3D4C53` double, `0x1E3D4C56` short), the number of dimensions
/// `ndim` as a 32-bit integer, `max(ndim, 3)` dimension sizes as 32-bit integers (sizes past `ndim` are padding),
/// then the elements in row-major order. Reading checks the magic, the dimension count (1...8), that sizes are
/// positive and do not overflow, and that the data are exactly as long as declared.
public struct SmallNORBMatrix: Sendable {
    /// The element types of the format.
    public enum ElementType: UInt32, Sendable {
        /// 32-bit float, magic `0x1E3D4C51`.
        case float32 = 0x1E3D_4C51
        /// 64-bit float, magic `0x1E3D4C53`.
        case float64 = 0x1E3D_4C53
        /// 32-bit signed integer, magic `0x1E3D4C54`.
        case int32 = 0x1E3D_4C54
        /// Unsigned byte, magic `0x1E3D4C55`.
        case uint8 = 0x1E3D_4C55
        /// 16-bit signed integer, magic `0x1E3D4C56`.
        case int16 = 0x1E3D_4C56

        /// The size of one element in bytes.
        public var size: Int {
            switch self {
            case .uint8: 1
            case .int16: 2
            case .float32, .int32: 4
            case .float64: 8
            }
        }
    }

    /// The file, used in error messages.
    public let source: String
    /// The element type.
    public let elementType: ElementType
    /// The size of each of the `ndim` dimensions.
    public let shape: [Int]
    /// The matrix's bytes (header included).
    let bytes: ByteSource
    /// The offset of the first element.
    let dataOffset: Int

    /// The number of elements.
    public var elementCount: Int { shape.reduce(1, *) }

    /// Opens a file and checks its header against its size; the elements stay in the file until they are read.
    ///
    /// - Throws: ``DatasetError`` naming the path for unreadable, malformed or truncated files.
    public init(contentsOf url: URL) throws {
        try self.init(bytes: .file(StoredFile(url)), source: url.path)
    }

    /// Checks a matrix held in `data`.
    ///
    /// - Throws: ``DatasetError`` naming `source` and the field for malformed or truncated data.
    public init(data: Data, source: String) throws {
        try self.init(bytes: .memory(data), source: source)
    }

    /// Checks the header of the matrix in `bytes` against its length.
    private init(bytes: ByteSource, source: String) throws {
        // The magic, the dimension count and at most 8 dimension sizes.
        let header = try bytes.bytes(count: min(bytes.count, 40), at: 0)
        func word(_ index: Int) -> UInt32 {
            header.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)) }
        }
        let length = bytes.count
        guard length >= 8 else { throw DatasetError("\(source): \(length) bytes is too short for a SmallNORB header (truncated)") }
        guard let type = ElementType(rawValue: word(0)) else {
            throw DatasetError(
                "\(source): field 'magic': 0x\(String(word(0), radix: 16)) is not a SmallNORB matrix magic (0x1e3d4c51...0x1e3d4c56)")
        }
        let rank = Int(Int32(bitPattern: word(1)))
        guard (1...8).contains(rank) else { throw DatasetError("\(source): field 'ndim': \(rank); expected 1...8") }
        let stored = max(rank, 3)
        guard length >= 8 + 4 * stored else {
            throw DatasetError("\(source): file ends inside the \(stored) dimension sizes (truncated)")
        }
        var shape: [Int] = []
        var count = type.size
        for axis in 0..<rank {
            let size = Int(Int32(bitPattern: word(2 + axis)))
            guard size > 0 else { throw DatasetError("\(source): field 'dim\(axis)': \(size); expected a positive size") }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw DatasetError("\(source): field 'dims': \(shape + [size]) is too large to address") }
            count = product
            shape.append(size)
        }
        let offset = 8 + 4 * stored
        guard length - offset == count else {
            throw DatasetError(
                "\(source): dimensions \(shape) of \(type) need \(count) data bytes but \(length - offset) follow the header"
                    + (length - offset < count ? " (truncated file)" : ""))
        }
        self.source = source
        self.elementType = type
        self.shape = shape
        self.bytes = bytes
        self.dataOffset = offset
    }

    /// The elements as integers.
    ///
    /// - Throws: ``DatasetError`` if the elements are floating-point, or naming the file if it has shrunk since it
    ///   was opened.
    public func integers() throws -> [Int] {
        guard elementType != .float32 && elementType != .float64 else {
            throw DatasetError("\(source): elements are \(elementType); expected integers")
        }
        let data = try bytes.bytes(count: elementCount * elementType.size, at: dataOffset)
        let values = data.withUnsafeBytes { raw -> [Int]? in
            guard let base = raw.baseAddress else { return [] }
            switch elementType {
            case .uint8: return (0..<elementCount).map { Int(base.load(fromByteOffset: $0, as: UInt8.self)) }
            case .int16: return (0..<elementCount).map { Int(Int16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * $0, as: Int16.self))) }
            case .int32: return (0..<elementCount).map { Int(Int32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
            case .float32, .float64: return nil
            }
        }
        guard let values else { throw DatasetError("\(source): elements are \(elementType); expected integers") }
        return values
    }
}
