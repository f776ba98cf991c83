/// The header of a NumPy `.npy` file: format version, element type and shape.
///
/// The format (NumPy's `numpy.lib.format`): the magic string `\x93NUMPY`, a major and a minor version byte, the
/// header length (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3), then a Python dictionary literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and a newline so that the data
/// starts at a multiple of 64 bytes. The data follow in C (row-major) order.
///
/// Parsing never trusts the file: the header length is capped at ``maximumHeaderLength``, the rank at
/// ``maximumRank``, element and byte counts are computed with overflow checks, and Fortran-ordered or big-endian
/// arrays are rejected with a ``NumPyArrayError`` naming the field.
public struct NumPyArrayHeader: Sendable, Equatable {
    /// The largest header (dictionary) length accepted when reading, in bytes.
    public static let maximumHeaderLength = 100_000
    /// The largest number of dimensions accepted when reading (NumPy's own limit).
    public static let maximumRank = 64
    /// The six magic bytes every `.npy` file starts with.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// The element type.
    public let dtype: NumPyArrayDType
    /// The size of each dimension, outermost first; `[]` for a scalar.
    public let shape: [Int]
    /// The number of elements (the product of the shape).
    public let elementCount: Int
    /// The number of data bytes that follow the header (`elementCount * dtype.itemSize`).
    public let byteCount: Int
    /// The format's major version: 1, 2 or 3 (3 differs from 2 only by allowing UTF-8 in the header).
    public let majorVersion: Int
    /// The offset of the first data byte from the start of the file: magic, version, length field and dictionary.
    public let dataOffset: Int

    /// Describes an array to be written; the version is the smallest one that can hold the header.
    public init(dtype: NumPyArrayDType, shape: [Int]) throws {
        let counts = try NumPyArrayHeader.counts(shape: shape, itemSize: dtype.itemSize, source: "<new array>")
        self.dtype = dtype
        self.shape = shape
        elementCount = counts.elements
        byteCount = counts.bytes
        let dictionaryLength = NumPyArrayHeader.dictionary(dtype: dtype, shape: shape).utf8.count + 1
        majorVersion = 10 + dictionaryLength <= 65_535 ? 1 : 2
        let prefix = majorVersion == 1 ? 10 : 12
        dataOffset = (prefix + dictionaryLength + 63) / 64 * 64
    }

    /// Parses the header at the start of `bytes`, which may also hold (some of) the data after it.
    ///
    /// - Parameters:
    ///   - bytes: the start of a `.npy` file: at least the complete header, possibly followed by (some of) the data.
    ///   - source: the file or archive member the bytes came from, used in error messages.
    /// - Throws: ``NumPyArrayError`` if the magic or version is wrong, the header is truncated or malformed, the
    ///   dtype is unsupported or big-endian, the array is in Fortran order, or the shape is invalid or too large to
    ///   address.
    public init(parsing bytes: UnsafeRawBufferPointer, source: String) throws {
        guard bytes.count >= 8 else {
            throw NumPyArrayError("\(source): file is \(bytes.count) bytes long, too short for a .npy header")
        }
        guard Array(bytes[0..<6]) == NumPyArrayHeader.magic else {
            throw NumPyArrayError("\(source): bad magic: a .npy file starts with \\x93NUMPY")
        }
        let major = Int(bytes[6])
        guard (1...3).contains(major) else {
            throw NumPyArrayError.field(
                "version", in: source, "format version \(major).\(bytes[7]) is not supported; expected 1, 2 or 3")
        }
        let prefix = major == 1 ? 10 : 12
        guard bytes.count >= prefix else {
            throw NumPyArrayError.field("header length", in: source, "file ends inside the header length field")
        }
        let length =
            major == 1
            ? Int(bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self).littleEndian)
            : Int(bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian)
        guard length <= NumPyArrayHeader.maximumHeaderLength else {
            throw NumPyArrayError.field(
                "header length", in: source,
                "\(length) bytes exceeds the limit of \(NumPyArrayHeader.maximumHeaderLength)")
        }
        guard bytes.count >= prefix + length else {
            throw NumPyArrayError.field(
                "header", in: source, "header declares \(length) bytes but the file ends after \(bytes.count - prefix)")
        }
        let text = Array(bytes[prefix..<(prefix + length)])
        if major < 3, let bad = text.first(where: { $0 >= 0x80 }) {
            throw NumPyArrayError.field(
                "header", in: source, "byte 0x\(String(bad, radix: 16)) is not ASCII (allowed only in version 3)")
        }
        var parser = HeaderDictionaryParser(bytes: text, source: source)
        let entries = try parser.parseDictionary()
        guard Set(entries.keys) == ["descr", "fortran_order", "shape"] else {
            throw NumPyArrayError.field(
                "header", in: source,
                "keys are \(entries.keys.sorted()); expected exactly 'descr', 'fortran_order' and 'shape'")
        }
        guard case .string(let descriptor) = entries["descr"]! else {
            throw NumPyArrayError.field(
                "descr", in: source, "expected a dtype string such as '<f4' (structured dtypes are not supported)")
        }
        guard case .boolean(let fortran) = entries["fortran_order"]! else {
            throw NumPyArrayError.field("fortran_order", in: source, "expected True or False")
        }
        guard case .integers(let shape) = entries["shape"]! else {
            throw NumPyArrayError.field("shape", in: source, "expected a tuple of integers")
        }
        guard !fortran else {
            throw NumPyArrayError.field(
                "fortran_order", in: source,
                "Fortran-ordered (column-major) arrays are not supported; save with np.ascontiguousarray")
        }
        guard shape.count <= NumPyArrayHeader.maximumRank else {
            throw NumPyArrayError.field(
                "shape", in: source, "rank \(shape.count) exceeds the limit of \(NumPyArrayHeader.maximumRank)")
        }
        dtype = try NumPyArrayDType(descriptor: descriptor, source: source)
        let counts = try NumPyArrayHeader.counts(shape: shape, itemSize: dtype.itemSize, source: source)
        self.shape = shape
        elementCount = counts.elements
        byteCount = counts.bytes
        majorVersion = major
        dataOffset = prefix + length
    }

    /// The header's bytes: magic, version, length and the padded dictionary, `dataOffset` bytes in total.
    public func encoded() -> [UInt8] {
        let prefix = majorVersion == 1 ? 10 : 12
        var dictionary = Array(NumPyArrayHeader.dictionary(dtype: dtype, shape: shape).utf8)
        dictionary += [UInt8](repeating: 0x20, count: dataOffset - prefix - dictionary.count - 1)
        dictionary.append(0x0A)
        var result = NumPyArrayHeader.magic + [UInt8(majorVersion), 0]
        if majorVersion == 1 {
            withUnsafeBytes(of: UInt16(dictionary.count).littleEndian) { result += $0 }
        } else {
            withUnsafeBytes(of: UInt32(dictionary.count).littleEndian) { result += $0 }
        }
        return result + dictionary
    }

    /// The dictionary literal NumPy writes, without padding.
    private static func dictionary(dtype: NumPyArrayDType, shape: [Int]) -> String {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return "{'descr': '\(dtype.descriptor)', 'fortran_order': False, 'shape': \(dims), }"
    }

    /// Element and byte counts of a shape, rejecting negative dimensions and counts that overflow `Int`.
    private static func counts(shape: [Int], itemSize: Int, source: String) throws -> (elements: Int, bytes: Int) {
        var elements = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw NumPyArrayError.field("shape", in: source, "dimension \(dimension) is negative")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw NumPyArrayError.field("shape", in: source, "\(shape) has too many elements to address")
            }
            elements = product
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: itemSize)
        guard !overflow else {
            throw NumPyArrayError.field("shape", in: source, "\(shape) has too many bytes to address")
        }
        return (elements, bytes)
    }
}
