/// The element types swift-disentangle reads and writes in `.npy` files (NumPy's `descr` header field).
///
/// Only little-endian layouts are accepted; one-byte types are written with NumPy's "not applicable" byte order
/// `|`. Big-endian arrays and other kinds (complex, strings, objects, float16) are rejected with a
/// ``NumPyArrayError`` that names the descriptor.
public enum NumPyArrayDType: String, Sendable, CaseIterable, Equatable {
    /// 32-bit IEEE float, `<f4`.
    case float32 = "<f4"
    /// 64-bit IEEE float, `<f8`.
    case float64 = "<f8"
    /// Signed 8-bit integer, `|i1`.
    case int8 = "|i1"
    /// Signed 16-bit integer, `<i2`.
    case int16 = "<i2"
    /// Signed 32-bit integer, `<i4`.
    case int32 = "<i4"
    /// Signed 64-bit integer, `<i8`.
    case int64 = "<i8"
    /// Unsigned 8-bit integer, `|u1`.
    case uint8 = "|u1"
    /// Unsigned 16-bit integer, `<u2`.
    case uint16 = "<u2"
    /// Boolean stored as one byte (0 or 1), `|b1`.
    case bool = "|b1"

    /// The size of one element in bytes.
    public var itemSize: Int {
        switch self {
        case .int8, .uint8, .bool: 1
        case .int16, .uint16: 2
        case .float32, .int32: 4
        case .float64, .int64: 8
        }
    }

    /// Whether the elements are floating-point numbers.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// The NumPy descriptor string written to headers, e.g. `<f4`.
    public var descriptor: String { rawValue }

    /// Parses a NumPy descriptor such as `<f4`, `|u1` or `<i8`, reporting problems as errors about `source`.
    ///
    /// Accepts `<` (little-endian) for every type and also `|` or `=` for one-byte types. Rejects `>` (big-endian)
    /// and every kind not listed in this enumeration.
    public init(descriptor: String, source: String) throws {
        guard descriptor.count >= 2 else {
            throw NumPyArrayError.field("descr", in: source, "'\(descriptor)' is not a NumPy dtype descriptor")
        }
        let order = descriptor.first!
        let kind = String(descriptor.dropFirst())
        guard let match = NumPyArrayDType.allCases.first(where: { String($0.rawValue.dropFirst()) == kind }) else {
            throw NumPyArrayError.field(
                "descr", in: source,
                "dtype '\(descriptor)' is not supported; expected one of "
                    + NumPyArrayDType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if order == "<" || (match.itemSize == 1 && "|=>".contains(order)) {
            self = match
            return
        }
        if order == ">" {
            throw NumPyArrayError.field(
                "descr", in: source,
                "big-endian dtype '\(descriptor)' is not supported; save the array as little-endian ('<\(kind)')")
        }
        throw NumPyArrayError.field(
            "descr", in: source, "dtype '\(descriptor)' has byte order '\(order)'; expected '<' (little-endian)")
    }
}
