import DisentangleTensor
import Foundation

/// The bytes of a file format held in memory or left in a file: what the zip (`.npz`) and SmallNORB readers parse.
///
/// A file is read with `pread` (`StoredFile`) piece by piece, never mapped, so a file truncated while it is read
/// gives a thrown ``DatasetError`` naming it instead of SIGBUS.
enum ByteSource: Sendable {
    /// Held in memory.
    case memory(Data)
    /// In a file, read with `pread` as needed.
    case file(StoredFile)

    /// The number of bytes (a file's size when it was opened).
    var count: Int {
        switch self {
        case .memory(let data): data.count
        case .file(let file): file.sizeAtOpen
        }
    }

    /// The `count` bytes at `offset` (the caller checks that they lie inside ``count``).
    ///
    /// - Throws: ``DatasetError`` naming the file if it has shrunk below them since it was opened.
    func bytes(count: Int, at offset: Int) throws -> [UInt8] {
        switch self {
        case .memory(let data):
            let start = data.startIndex + offset
            return [UInt8](data[start..<(start + count)])
        case .file(let file):
            return try file.bytes(count: count, at: offset)
        }
    }

    /// Hands the bytes of `range` (inside ``count``) to `body` in consecutive pieces of at most `pieceSize` bytes,
    /// until `body` returns `false` or the range ends.
    ///
    /// - Throws: what `body` throws, or ``DatasetError`` naming the file if it has shrunk since it was opened.
    func pieces(of range: Range<Int>, pieceSize: Int, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        switch self {
        case .memory(let data):
            try data.withUnsafeBytes { raw in
                var offset = range.lowerBound
                while offset < range.upperBound {
                    let end = min(range.upperBound, offset + pieceSize)
                    guard try body(UnsafeRawBufferPointer(rebasing: raw[offset..<end])) else { return }
                    offset = end
                }
            }
        case .file(let file):
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 16)
            defer { buffer.deallocate() }
            var offset = range.lowerBound
            while offset < range.upperBound {
                let length = min(range.upperBound - offset, pieceSize)
                try file.read(into: buffer.baseAddress!, count: length, at: offset)
                guard try body(UnsafeRawBufferPointer(rebasing: buffer[0..<length])) else { return }
                offset += length
            }
        }
    }
}
