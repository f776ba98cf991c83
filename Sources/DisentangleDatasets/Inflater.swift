import CZlib

/// Streaming zlib decompression with a hard bound on the output, for `.npz` members and gzip-compressed idx files.
///
/// The output is produced in fixed-size chunks handed to a sink, so memory stays bounded whatever the input
/// claims; decompression stops with an error as soon as the output would exceed `limit` bytes (a zip bomb, or a
/// member larger than its declared size), when the compressed data are corrupt, or when they end before the
/// stream does.
enum Inflater {
    /// The container around the deflate stream.
    enum Format {
        /// A bare deflate stream (zip method 8).
        case raw
        /// A gzip file (RFC 1952); zlib checks its CRC.
        case gzip

        var windowBits: Int32 { self == .raw ? -15 : 15 + 16 }
    }

    /// The size of the chunks handed to the sink.
    static let chunkSize = 1 << 20

    /// Decompresses `input`, calling `sink` with each chunk of output until it returns `false` or the stream ends.
    ///
    /// - Parameters:
    ///   - limit: the most output bytes allowed; producing more throws.
    ///   - source: the file or member name used in error messages.
    /// - Returns: the number of bytes produced.
    @discardableResult
    static func inflate(
        _ input: UnsafeRawBufferPointer, format: Format, limit: Int, source: String,
        sink: (UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Int {
        var given = false
        return try inflate(format: format, limit: limit, source: source, input: {
            defer { given = true }
            return given ? nil : input
        }, sink: sink)
    }

    /// Decompresses the bytes that `input` hands out one piece at a time (`nil` once there are no more; each piece
    /// stays valid until the next call), calling `sink` with each chunk of output until it returns `false` or the
    /// stream ends. Pieces read from a file with `pread` keep a truncation of the file a thrown error.
    ///
    /// - Parameters:
    ///   - limit: the most output bytes allowed; producing more throws.
    ///   - source: the file or member name used in error messages.
    /// - Returns: the number of bytes produced.
    @discardableResult
    static func inflate(
        format: Format, limit: Int, source: String, input: () throws -> UnsafeRawBufferPointer?,
        sink: (UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Int {
        var stream = z_stream()
        guard inflateInit2_(&stream, format.windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError("\(source): cannot initialise zlib")
        }
        defer { inflateEnd(&stream) }
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { output.deallocate() }
        // The part of the current input piece zlib has not been given yet (pieces over 1 GiB go in parts, since
        // zlib counts input in 32 bits).
        var pending = UnsafeRawBufferPointer(start: nil, count: 0)
        var exhausted = false
        var total = 0
        while true {
            if stream.avail_in == 0 && !exhausted {
                if pending.isEmpty {
                    if let piece = try input(), !piece.isEmpty { pending = piece } else { exhausted = true }
                }
                if !pending.isEmpty {
                    let take = min(pending.count, 1 << 30)
                    stream.next_in = UnsafeMutablePointer(mutating: pending.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    stream.avail_in = UInt32(take)
                    pending = UnsafeRawBufferPointer(rebasing: pending[take...])
                }
            }
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = UInt32(chunkSize)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = chunkSize - Int(stream.avail_out)
            if produced > 0 {
                total += produced
                guard total <= limit else {
                    throw DatasetError(
                        "\(source): decompresses to more than \(limit) bytes (declared size exceeded; corrupt or a zip bomb)")
                }
                guard try sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) else { return total }
            }
            switch status {
            case Z_STREAM_END:
                return total
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0 && exhausted:
                throw DatasetError("\(source): compressed data end before the deflate stream does (truncated)")
            case Z_BUF_ERROR:
                continue
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw DatasetError("\(source): corrupt compressed data: \(detail)")
            }
        }
    }
}
