import Foundation

/// An n-dimensional array in NumPy's `.npy` format: a header (dtype and shape) and little-endian data in C order.
///
/// Use it to exchange arrays with NumPy (`np.load` / `np.save`): read a file with ``init(contentsOf:)`` or bytes
/// (for example an `.npz` archive member) with ``init(encoded:source:)``, read the values as `[Float]`, `[Double]`
/// or `[Int]`, convert to and from ``Tensor``, and write with ``write(to:)``, which is atomic.
///
/// ```swift
/// let array = try NumPyArray(contentsOf: URL(fileURLWithPath: "codes.npy"))
/// let codes = Tensor(array)                         // Float, same shape
/// try NumPyArray(codes).write(to: URL(fileURLWithPath: "copy.npy"))
/// ```
///
/// Reading never trusts the file: see ``NumPyArrayHeader`` for the header checks; in addition the data must be
/// exactly as long as the shape and dtype require, so a lying shape throws before anything large is allocated.
public struct NumPyArray: Sendable, Equatable {
    /// The element type.
    public let dtype: NumPyArrayDType
    /// The size of each dimension, outermost first; `[]` for a scalar.
    public let shape: [Int]
    /// The raw element bytes: little-endian, C order, `count * dtype.itemSize` of them.
    public let bytes: [UInt8]

    /// The number of elements (the product of the shape).
    public var count: Int { bytes.count / dtype.itemSize }

    /// Wraps raw little-endian element bytes, checking that their length matches the shape and dtype.
    public init(dtype: NumPyArrayDType, shape: [Int], bytes: [UInt8]) throws {
        let header = try NumPyArrayHeader(dtype: dtype, shape: shape)
        guard header.byteCount == bytes.count else {
            throw NumPyArrayError(
                "shape \(shape) of dtype '\(dtype.descriptor)' needs \(header.byteCount) bytes, got \(bytes.count)")
        }
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// A `float32` array of the given shape holding `floats` in row-major order.
    public init(shape: [Int], floats: [Float]) throws {
        try self.init(dtype: .float32, shape: shape, bytes: NumPyArray.littleEndianBytes(floats.map(\.bitPattern)))
    }

    /// A `float64` array of the given shape holding `doubles` in row-major order.
    public init(shape: [Int], doubles: [Double]) throws {
        try self.init(dtype: .float64, shape: shape, bytes: NumPyArray.littleEndianBytes(doubles.map(\.bitPattern)))
    }

    /// An integer (or boolean) array of the given shape and dtype holding `integers` in row-major order.
    ///
    /// - Throws: ``NumPyArrayError`` if `dtype` is floating-point or a value does not fit it (booleans must be 0 or 1).
    public init(shape: [Int], integers: [Int], dtype: NumPyArrayDType = .int64) throws {
        let range: ClosedRange<Int>
        switch dtype {
        case .int8: range = Int(Int8.min)...Int(Int8.max)
        case .int16: range = Int(Int16.min)...Int(Int16.max)
        case .int32: range = Int(Int32.min)...Int(Int32.max)
        case .int64: range = Int.min...Int.max
        case .uint8: range = 0...Int(UInt8.max)
        case .uint16: range = 0...Int(UInt16.max)
        case .bool: range = 0...1
        case .float32, .float64:
            throw NumPyArrayError("dtype '\(dtype.descriptor)' is floating-point; use init(shape:floats:) or init(shape:doubles:)")
        }
        if let bad = integers.first(where: { !range.contains($0) }) {
            throw NumPyArrayError("value \(bad) does not fit dtype '\(dtype.descriptor)'")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(integers.count * dtype.itemSize)
        for value in integers {
            withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0.prefix(dtype.itemSize) }
        }
        try self.init(dtype: dtype, shape: shape, bytes: bytes)
    }

    /// A `float32` array with the tensor's shape and scalars.
    public init(_ tensor: Tensor) {
        let bytes = tensor.withUnsafeScalars { NumPyArray.littleEndianBytes($0.map(\.bitPattern)) }
        self.dtype = .float32
        self.shape = tensor.shape
        self.bytes = bytes
    }

    /// Parses a complete `.npy` encoding: header followed by exactly the data it declares.
    ///
    /// - Parameters:
    ///   - encoded: the bytes of a complete `.npy` file.
    ///   - source: what the bytes are (a path, an archive member), named in error messages.
    /// - Throws: ``NumPyArrayError`` for every malformed header (see ``NumPyArrayHeader``) and when the data are
    ///   shorter or longer than the header's shape and dtype require.
    public init(encoded: some ContiguousBytes, source: String = "<data>") throws {
        (dtype, shape, bytes) = try encoded.withUnsafeBytes { raw in
            let header = try NumPyArrayHeader(parsing: raw, source: source)
            let available = raw.count - header.dataOffset
            guard available >= header.byteCount else {
                throw NumPyArrayError.field(
                    "shape", in: source,
                    "\(header.shape) of dtype '\(header.dtype.descriptor)' needs \(header.byteCount) data bytes "
                        + "but only \(available) follow the header (truncated file or lying shape)")
            }
            guard available == header.byteCount else {
                throw NumPyArrayError.field(
                    "shape", in: source,
                    "\(header.shape) of dtype '\(header.dtype.descriptor)' needs \(header.byteCount) data bytes "
                        + "but \(available) follow the header")
            }
            let data = Array(UnsafeRawBufferPointer(rebasing: raw[header.dataOffset...]))
            return (header.dtype, header.shape, data)
        }
    }

    /// The complete `.npy` encoding (version 1 header unless the shape needs version 2).
    public func encoded() -> [UInt8] {
        // The header was validated when this array was created, so it cannot fail here.
        let header = try! NumPyArrayHeader(dtype: dtype, shape: shape)
        return header.encoded() + bytes
    }

    /// The elements converted to `Float` (integers exactly up to 2^24, `float64` rounded).
    public func floats() -> [Float] {
        switch dtype {
        case .float32: return elements(UInt32.self) { Float(bitPattern: $0) }
        case .float64: return elements(UInt64.self) { Float(Double(bitPattern: $0)) }
        default: return integerElements().map(Float.init)
        }
    }

    /// The elements converted to `Double` (integers exactly up to 2^53).
    public func doubles() -> [Double] {
        switch dtype {
        case .float32: return elements(UInt32.self) { Double(Float(bitPattern: $0)) }
        case .float64: return elements(UInt64.self) { Double(bitPattern: $0) }
        default: return integerElements().map(Double.init)
        }
    }

    /// The elements of an integer or boolean array as `Int`.
    ///
    /// - Throws: ``NumPyArrayError`` if the dtype is floating-point.
    public func integers() throws -> [Int] {
        guard !dtype.isFloatingPoint else {
            throw NumPyArrayError(
                "dtype '\(dtype.descriptor)' holds floating-point values; expected an integer or boolean dtype")
        }
        return integerElements()
    }

    /// Integer elements widened to `Int`; the dtype must not be floating-point.
    private func integerElements() -> [Int] {
        switch dtype {
        case .int8: return elements(UInt8.self) { Int(Int8(bitPattern: $0)) }
        case .uint8, .bool: return elements(UInt8.self) { Int($0) }
        case .int16: return elements(UInt16.self) { Int(Int16(bitPattern: $0)) }
        case .uint16: return elements(UInt16.self) { Int($0) }
        case .int32: return elements(UInt32.self) { Int(Int32(bitPattern: $0)) }
        case .int64: return elements(UInt64.self) { Int(Int64(bitPattern: $0)) }
        case .float32, .float64: preconditionFailure("integerElements() called on floating-point dtype")
        }
    }

    /// Maps every element, loaded as the little-endian unsigned integer `Word`, through `transform`.
    private func elements<Word: FixedWidthInteger, T>(_: Word.Type, _ transform: (Word) -> T) -> [T] {
        let n = count
        return bytes.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: n) { out, initialized in
                for i in 0..<n {
                    let word = Word(littleEndian: raw.loadUnaligned(fromByteOffset: i * Word.bitWidth / 8, as: Word.self))
                    (out.baseAddress! + i).initialize(to: transform(word))
                }
                initialized = n
            }
        }
    }

    /// The little-endian bytes of `words`.
    private static func littleEndianBytes<Word: FixedWidthInteger>(_ words: [Word]) -> [UInt8] {
        let size = Word.bitWidth / 8
        return [UInt8](unsafeUninitializedCapacity: words.count * size) { out, initialized in
            let raw = UnsafeMutableRawBufferPointer(out)
            for (i, word) in words.enumerated() {
                raw.storeBytes(of: word.littleEndian, toByteOffset: i * size, as: Word.self)
            }
            initialized = words.count * size
        }
    }
}

extension Tensor {
    /// A tensor with the array's shape whose scalars are its elements converted to `Float`.
    public init(_ array: NumPyArray) {
        let scalars = array.floats()
        self.init(shape: array.shape, scalars: scalars)
    }
}
