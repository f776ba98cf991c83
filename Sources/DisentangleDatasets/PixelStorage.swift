/// The pixels of a stored image array, kept compactly: binary images as bits (the real dSprites archive needs
/// 377 MB instead of 2.9 GB), 8-bit images as bytes, floating-point images as `Float`.
enum PixelStorage: Sendable {
    /// Values 0 and 1, one bit each, element `e` at bit `e % 64` of word `e / 64`.
    case bits([UInt64])
    /// 8-bit intensities, read as `value / 255`.
    case bytes([UInt8])
    /// Floating-point values, read as they are.
    case floats([Float])

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
        }
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
        var index = 0
        if var packed = words {
            words = nil
            while index < chunk.count && chunk[index] <= 1 {
                packed[(written + index) >> 6] |= UInt64(chunk[index]) << UInt64((written + index) & 63)
                index += 1
            }
            if index == chunk.count {
                words = packed
                written += index
                return
            }
            // A value above 1: these are 8-bit intensities, not a binary mask.
            var unpacked = [UInt8](repeating: 0, count: count)
            for e in 0..<(written + index) { unpacked[e] = UInt8((packed[e >> 6] >> UInt64(e & 63)) & 1) }
            bytes = unpacked
        }
        bytes!.withUnsafeMutableBufferPointer { out in
            for i in index..<chunk.count { out[written + i] = chunk[i] }
        }
        written += chunk.count
    }

    /// The finished storage; every pixel must have been appended.
    func finish() -> PixelStorage {
        precondition(written == count, "\(written) of \(count) pixels appended")
        if let words { return .bits(words) }
        return .bytes(bytes!)
    }
}
