/// The element types of the safetensors format (the `dtype` field of a header entry).
///
/// swift-disentangle writes ``f32`` only. It reads every integer and floating-point type below and converts
/// the values to `Float`: integers beyond 2^24 and `F64` values lose precision, as they would in
/// `tensor.float()` in PyTorch. The 8-bit float types (`F8_E4M3`, `F8_E5M2`) are not supported.
public enum SafeTensorsDType: String, Sendable, CaseIterable, Codable {
    /// One byte per element, 0 or 1.
    case bool = "BOOL"
    /// Unsigned 8-bit integer.
    case u8 = "U8"
    /// Signed 8-bit integer.
    case i8 = "I8"
    /// Unsigned 16-bit integer.
    case u16 = "U16"
    /// Signed 16-bit integer.
    case i16 = "I16"
    /// Unsigned 32-bit integer.
    case u32 = "U32"
    /// Signed 32-bit integer.
    case i32 = "I32"
    /// Unsigned 64-bit integer.
    case u64 = "U64"
    /// Signed 64-bit integer.
    case i64 = "I64"
    /// IEEE 754 half precision.
    case f16 = "F16"
    /// bfloat16: the upper half of an IEEE 754 single.
    case bf16 = "BF16"
    /// IEEE 754 single precision.
    case f32 = "F32"
    /// IEEE 754 double precision.
    case f64 = "F64"

    /// The size of one element in bytes.
    public var byteCount: Int {
        switch self {
        case .bool, .u8, .i8: 1
        case .u16, .i16, .f16, .bf16: 2
        case .u32, .i32, .f32: 4
        case .u64, .i64, .f64: 8
        }
    }

    /// Whether the type holds floating-point values (model weights are expected to be one of these).
    public var isFloatingPoint: Bool {
        switch self {
        case .f16, .bf16, .f32, .f64: true
        default: false
        }
    }

    /// Converts `count` little-endian elements starting at `source` to `Float`, writing them to `destination`.
    func convert(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        switch self {
        case .bool, .u8:
            for i in 0..<count { destination[i] = Float(source.load(fromByteOffset: i, as: UInt8.self)) }
        case .i8:
            for i in 0..<count { destination[i] = Float(source.load(fromByteOffset: i, as: Int8.self)) }
        case .u16:
            for i in 0..<count { destination[i] = Float(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .i16:
            for i in 0..<count { destination[i] = Float(Int16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
        case .u32:
            for i in 0..<count { destination[i] = Float(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .i32:
            for i in 0..<count { destination[i] = Float(Int32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
        case .u64:
            for i in 0..<count { destination[i] = Float(UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
        case .i64:
            for i in 0..<count { destination[i] = Float(Int64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
        case .f16:
            for i in 0..<count {
                destination[i] = floatFromHalfBits(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        case .bf16:
            for i in 0..<count {
                let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                destination[i] = Float(bitPattern: UInt32(bits) << 16)
            }
        case .f32:
            for i in 0..<count {
                destination[i] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        case .f64:
            for i in 0..<count {
                destination[i] = Float(Double(bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
            }
        }
    }
}

/// The `Float` value of IEEE 754 half-precision bits (exact: every half is representable as a single).
func floatFromHalfBits(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = Int((bits >> 10) & 0x1F)
    let mantissa = UInt32(bits & 0x03FF)
    switch exponent {
    case 0:
        // Zero or subnormal: mantissa * 2^-24.
        let magnitude = Float(mantissa) * 0x1p-24
        return sign == 0 ? magnitude : -magnitude
    case 0x1F:
        // Infinity or NaN (the payload is kept in the top mantissa bits).
        return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    default:
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
    }
}
