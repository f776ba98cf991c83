import DisentangleTensor
import Foundation

/// The pixels of a stored image array, kept compactly: binary images as bits (the real dSprites archive needs
/// 377 MB instead of 2.9 GB), 8-bit images as bytes, floating-point images as `Float`; or left where they are: in a
/// memory-mapped file (a `.npy` body, a stored `.npz` member) or behind a ``PixelSource``.
enum PixelStorage: Sendable {
    /// Values 0 and 1, one bit each, element `e` at bit `e % 64` of word `e / 64`.
    case bits([UInt64])
    /// 8-bit intensities, read as `value / 255`.
    case bytes([UInt8])
    /// Floating-point values, read as they are.
    case floats([Float])
    /// Elements of `dtype` (`uint8`, `bool`, `float32` or `float64`) in a memory-mapped file from byte `offset`
    /// on; integers are divided by `divisor` (1 for binary masks, 255 for 8-bit intensities).
    case mapped(Data, offset: Int, dtype: NumPyArrayDType, divisor: Float)
    /// Elements read on demand.
    case source(any PixelSource)

    /// Writes `count` elements starting at element `start` into `output`, element `i` going to
    /// `output[destination(i)]`.
    @inline(__always)
    func copy(start: Int, count: Int, into output: UnsafeMutablePointer<Float>, destination: (Int) -> Int) {
        switch self {
        case .bits(let words):
            words.withUnsafeBufferPointer { w in
                for i in 0..<count {
                    let e = start + i
                    output[destination(i)] = Float((w[e >> 6] >> UInt64(e & 63)) & 1)
                }
            }
        case .bytes(let bytes):
            bytes.withUnsafeBufferPointer { b in
                for i in 0..<count { output[destination(i)] = Float(b[start + i]) / 255 }
            }
        case .floats(let floats):
            floats.withUnsafeBufferPointer { f in
                for i in 0..<count { output[destination(i)] = f[start + i] }
            }
        case .mapped(let data, let offset, let dtype, let divisor):
            data.withUnsafeBytes { raw in
                let base = raw.baseAddress! + offset
                switch dtype {
                case .float32:
                    for i in 0..<count {
                        output[destination(i)] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * (start + i), as: UInt32.self)))
                    }
                case .float64:
                    for i in 0..<count {
                        output[destination(i)] = Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * (start + i), as: UInt64.self))))
                    }
                default:
                    let bytes = base.assumingMemoryBound(to: UInt8.self)
                    for i in 0..<count { output[destination(i)] = Float(bytes[start + i]) / divisor }
                }
            }
        case .source(let source):
            let values = UnsafeMutablePointer<Float>.allocate(capacity: count)
            defer { values.deallocate() }
            source.read(elements: start..<(start + count), into: values)
            for i in 0..<count { output[destination(i)] = values[i] }
        }
    }

    /// Storage for the `count` elements of `dtype` at byte `offset` of a memory-mapped file: floating-point values
    /// as they are, one-byte values read as 0/1 if none exceeds 1 (scanned once) and as `value / 255` otherwise.
    static func mapping(_ data: Data, offset: Int, count: Int, dtype: NumPyArrayDType) -> PixelStorage {
        guard !dtype.isFloatingPoint else { return .mapped(data, offset: offset, dtype: dtype, divisor: 1) }
        let binary = data.withUnsafeBytes { raw in
            !UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]).contains { $0 > 1 }
        }
        return .mapped(data, offset: offset, dtype: dtype, divisor: binary ? 1 : 255)
    }
}

/// Builds ``PixelStorage`` from a stream of one-byte pixels (`uint8` or `bool`), as bits while every value is 0 or
/// 1 and as bytes (read as `value / 255`) from the first larger value on.
struct PixelStorageBuilder {
    /// The number of pixels expected.
    let count: Int
    private var words: [UInt64]?
    private var bytes: [UInt8]?
    private var written = 0

    init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Appends pixels; the caller never appends more than `count` in total.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        precondition(written + chunk.count <= count, "more pixels than the \(count) declared")
        var consumed = 0
        if words != nil {
            let start = written
            consumed = words!.withUnsafeMutableBufferPointer { PixelStorageBuilder.pack(chunk, into: $0, at: start) }
            if consumed == chunk.count {
                written += consumed
                return
            }
            // A value above 1: these are 8-bit intensities, not a binary mask.
            var unpacked = [UInt8](repeating: 0, count: count)
            words!.withUnsafeBufferPointer { w in
                for e in 0..<(written + consumed) { unpacked[e] = UInt8((w[e >> 6] >> UInt64(e & 63)) & 1) }
            }
            bytes = unpacked
            words = nil
        }
        let offset = written + consumed
        bytes!.withUnsafeMutableBytes { out in
            out.baseAddress!.advanced(by: offset).copyMemory(
                from: chunk.baseAddress!.advanced(by: consumed), byteCount: chunk.count - consumed)
        }
        written += chunk.count
    }

    /// Sets the bits of `chunk`'s bytes in `words`, starting at element `start`, and returns how many bytes it
    /// consumed: all of them, or the number before the first byte above 1. Eight bytes at a time where possible.
    private static func pack(_ chunk: UnsafeRawBufferPointer, into words: UnsafeMutableBufferPointer<UInt64>, at start: Int) -> Int {
        let n = chunk.count
        var i = 0
        func packByte() -> Bool {
            let byte = chunk[i]
            guard byte <= 1 else { return false }
            let e = start + i
            words[e >> 6] |= UInt64(byte) << UInt64(e & 63)
            i += 1
            return true
        }
        while i < n && (start + i) & 7 != 0 {
            guard packByte() else { return i }
        }
        while i + 8 <= n {
            let eight = UInt64(littleEndian: chunk.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            guard eight & 0xFEFE_FEFE_FEFE_FEFE == 0 else { break }
            // Byte k (0 or 1) of `eight` lands on bit 56 + k of the product; no partial products collide.
            let bits = (eight &* 0x0102_0408_1020_4080) >> 56
            let e = start + i
            words[e >> 6] |= bits << UInt64(e & 63)
            i += 8
        }
        while i < n {
            guard packByte() else { return i }
        }
        return n
    }

    /// The finished storage; every pixel must have been appended.
    func finish() -> PixelStorage {
        precondition(written == count, "\(written) of \(count) pixels appended")
        if let words { return .bits(words) }
        return .bytes(bytes!)
    }
}
