import DisentangleTensor
import Foundation

/// The pixels of a stored image array, kept compactly: binary images as bits (the real dSprites archive needs
/// 377 MB instead of 2.9 GB), 8-bit images as bytes, floating-point images as `Float`; or left where they are: in a
/// file read in place (a `.npy` body, a stored `.npz` member) or behind a ``PixelSource``.
enum PixelStorage: Sendable {
    /// Values 0 and 1, one bit each, element `e` at bit `e % 64` of word `e / 64`.
    case bits([UInt64])
    /// 8-bit intensities, read as `value / 255`.
    case bytes([UInt8])
    /// Floating-point values, read as they are.
    case floats([Float])
    /// Elements of `dtype` (`uint8`, `bool`, `float32` or `float64`) in a file from byte `offset` on, read with
    /// `pread` when needed; integers are divided by `divisor` (1 for binary masks, 255 for 8-bit intensities).
    case file(StoredFile, offset: Int, dtype: NumPyArrayDType, divisor: Float)
    /// Elements read on demand.
    case source(any PixelSource)

    /// Writes `count` elements starting at element `start` into `output`, element `i` going to
    /// `output[destination(i)]`.
    ///
    /// - Throws: ``DatasetError`` if the elements are in a file or a ``PixelSource`` that can no longer be read.
    @inline(__always)
    func copy(start: Int, count: Int, into output: UnsafeMutablePointer<Float>, destination: (Int) -> Int) throws {
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
        case .file(let file, let offset, let dtype, let divisor):
            let size = dtype.itemSize
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(count * size, 1), alignment: 16)
            defer { buffer.deallocate() }
            try file.read(into: buffer, count: count * size, at: offset + start * size)
            switch dtype {
            case .float32:
                for i in 0..<count {
                    output[destination(i)] = Float(bitPattern: UInt32(littleEndian: buffer.load(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            case .float64:
                for i in 0..<count {
                    output[destination(i)] = Float(Double(bitPattern: UInt64(littleEndian: buffer.load(fromByteOffset: 8 * i, as: UInt64.self))))
                }
            default:
                let bytes = buffer.assumingMemoryBound(to: UInt8.self)
                for i in 0..<count { output[destination(i)] = Float(bytes[i]) / divisor }
            }
        case .source(let source):
            let values = UnsafeMutablePointer<Float>.allocate(capacity: count)
            defer { values.deallocate() }
            try source.read(elements: start..<(start + count), into: values)
            for i in 0..<count { output[destination(i)] = values[i] }
        }
    }

    /// Storage for the `count` elements of `dtype` at byte `offset` of `file`, read in place: floating-point values
    /// as they are, one-byte values read as 0/1 if none exceeds 1 (scanned once, 1 MiB at a time) and as
    /// `value / 255` otherwise.
    ///
    /// - Throws: ``DatasetError`` if the scan cannot read the file.
    static func reading(_ file: StoredFile, offset: Int, count: Int, dtype: NumPyArrayDType) throws -> PixelStorage {
        guard !dtype.isFloatingPoint else { return .file(file, offset: offset, dtype: dtype, divisor: 1) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var binary = true
        var position = 0
        while binary && position < count {
            let length = min(chunk, count - position)
            try file.read(into: buffer.baseAddress!, count: length, at: offset + position)
            binary = !UnsafeRawBufferPointer(rebasing: buffer[0..<length]).contains { $0 > 1 }
            position += length
        }
        return .file(file, offset: offset, dtype: dtype, divisor: binary ? 1 : 255)
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
