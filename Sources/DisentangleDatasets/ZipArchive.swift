import CZlib
import DisentangleTensor
import Foundation

/// A read-only view of a zip archive (PKWARE APPNOTE 6.3): the central directory, with zip64 extensions, and
/// members stored (method 0) or deflated (method 8). `.npz` files are zip archives of `.npy` members.
///
/// Nothing in the archive is trusted: the central directory must lie inside the file, the number of entries
/// must fit in it, every member's data must lie inside the file, sizes are checked against a limit before any
/// decompression, stored members must have equal compressed and uncompressed sizes, decompression stops at the
/// declared size, and the CRC-32 of every fully extracted member is verified.
///
/// An archive file is read with `pread` (``ByteSource``), one piece at a time (the end records, the directory,
/// 1 MiB of member data at a time), never mapped: a file truncated while a member is read gives a thrown
/// ``DatasetError`` instead of SIGBUS.
struct ZipArchive: Sendable {
    /// One member, as described by the central directory.
    struct Entry: Sendable {
        let name: String
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let bytes: ByteSource
    let source: String
    let entries: [Entry]

    /// Parses the central directory of `bytes`.
    ///
    /// - Throws: ``DatasetError`` naming `source` if the bytes are not a readable single-disk zip archive.
    init(bytes: ByteSource, source: String) throws {
        self.bytes = bytes
        self.source = source
        entries = try ZipArchive.readEntries(bytes, source: source)
    }

    /// Streams the uncompressed bytes of `entry` to `sink` in chunks until it returns `false` or the data end.
    ///
    /// - Parameter limit: the largest declared size accepted; larger members throw before any work.
    /// - Throws: ``DatasetError`` for unsupported methods, encryption, data outside the file, corrupt or truncated
    ///   data, output beyond the declared size, or (when the member was read to the end) a size or CRC mismatch.
    func extract(_ entry: Entry, limit: Int, sink: (UnsafeRawBufferPointer) throws -> Bool) throws {
        let member = "\(source): member '\(entry.name)'"
        guard entry.uncompressedSize <= limit else {
            throw DatasetError("\(member): declares \(entry.uncompressedSize) bytes, more than the limit of \(limit)")
        }
        guard entry.flags & 1 == 0 else { throw DatasetError("\(member): encrypted members are not supported") }
        let start = try dataOffset(of: entry)
        let data = start..<(start + entry.compressedSize)
        var crc: UInt32 = 0
        var produced = 0
        var finished = true
        func counting(_ chunk: UnsafeRawBufferPointer) throws -> Bool {
            crc = disentangle_crc32(crc, chunk.baseAddress, chunk.count)
            produced += chunk.count
            if try sink(chunk) { return true }
            finished = false
            return false
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw DatasetError(
                    "\(member): stored member declares \(entry.compressedSize) stored but \(entry.uncompressedSize) "
                        + "uncompressed bytes")
            }
            try bytes.pieces(of: data, pieceSize: Inflater.chunkSize, counting)
        case 8:
            switch bytes {
            case .memory(let memory):
                _ = try memory.withUnsafeBytes { raw in
                    try Inflater.inflate(
                        UnsafeRawBufferPointer(rebasing: raw[data]), format: .raw, limit: entry.uncompressedSize, source: member,
                        sink: counting)
                }
            case .file(let file):
                // The compressed bytes go to zlib in 1 MiB pieces read with pread.
                var next = data.lowerBound
                let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: Inflater.chunkSize, alignment: 16)
                defer { piece.deallocate() }
                try Inflater.inflate(format: .raw, limit: entry.uncompressedSize, source: member, input: {
                    guard next < data.upperBound else { return nil }
                    let length = min(data.upperBound - next, piece.count)
                    try file.read(into: piece.baseAddress!, count: length, at: next)
                    next += length
                    return UnsafeRawBufferPointer(rebasing: piece[0..<length])
                }, sink: counting)
            }
        default:
            throw DatasetError(
                "\(member): compression method \(entry.method) is not supported; expected 0 (stored) or 8 (deflate)")
        }
        guard finished else { return }
        guard produced == entry.uncompressedSize else {
            throw DatasetError(
                "\(member): decompresses to \(produced) bytes but declares \(entry.uncompressedSize) (truncated or lying size)")
        }
        guard crc == entry.crc32 else {
            throw DatasetError(
                "\(member): CRC-32 is \(String(crc, radix: 16)) but the directory says \(String(entry.crc32, radix: 16)) (corrupt data)")
        }
    }

    /// The byte offset of a stored (uncompressed) member's data in ``bytes``, so that it can be read in place; `nil`
    /// for a deflated member. Its CRC-32 is not checked (that would read the whole member).
    ///
    /// - Throws: ``DatasetError`` for encryption, sizes that disagree, or data outside the file.
    func storedDataOffset(of entry: Entry) throws -> Int? {
        guard entry.method == 0 else { return nil }
        let member = "\(source): member '\(entry.name)'"
        guard entry.flags & 1 == 0 else { throw DatasetError("\(member): encrypted members are not supported") }
        guard entry.compressedSize == entry.uncompressedSize else {
            throw DatasetError(
                "\(member): stored member declares \(entry.compressedSize) stored but \(entry.uncompressedSize) uncompressed bytes")
        }
        return try dataOffset(of: entry)
    }

    /// The offset of the first data byte of `entry`, after its local header; checks that the data lie in the file.
    private func dataOffset(of entry: Entry) throws -> Int {
        let member = "\(source): member '\(entry.name)'"
        let header = entry.localHeaderOffset
        guard header >= 0, header <= bytes.count - 30 else {
            throw DatasetError("\(member): no local file header at offset \(header)")
        }
        let local = try bytes.bytes(count: 30, at: header)
        let start = try local.withUnsafeBytes { raw in
            guard raw.u32(0) == 0x0403_4B50 else { throw DatasetError("\(member): no local file header at offset \(header)") }
            return header + 30 + Int(raw.u16(26)) + Int(raw.u16(28))
        }
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw DatasetError(
                "\(member): data of \(entry.compressedSize) bytes at offset \(start) run past the end of the "
                    + "\(bytes.count)-byte file (truncated archive)")
        }
        return start
    }

    /// Reads the end-of-central-directory record (and its zip64 version) and every central directory entry.
    private static func readEntries(_ bytes: ByteSource, source: String) throws -> [Entry] {
        // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end of the file.
        let size = bytes.count
        guard size >= 22 else { throw DatasetError("\(source): \(size) bytes is too short for a zip archive") }
        let tailStart = max(0, size - 22 - 65_535)
        let tailBytes = try bytes.bytes(count: size - tailStart, at: tailStart)
        var count = 0
        var directorySize = 0
        var directoryOffset = 0
        var end = 0
        try tailBytes.withUnsafeBytes { tail in
            var last = tail.count - 22
            while last >= 0 && tail.u32(last) != 0x0605_4B50 { last -= 1 }
            guard last >= 0 else {
                throw DatasetError("\(source): not a zip archive (no end-of-central-directory record; bad magic or truncated)")
            }
            guard tail.u16(last + 4) == 0 && tail.u16(last + 6) == 0 else {
                throw DatasetError("\(source): multi-disk zip archives are not supported")
            }
            end = tailStart + last
            count = Int(tail.u16(last + 10))
            directorySize = Int(tail.u32(last + 12))
            directoryOffset = Int(tail.u32(last + 16))
        }
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            let locator = end - 20
            let locatorBytes = try locator >= 0 ? bytes.bytes(count: 20, at: locator) : []
            let record = try locatorBytes.withUnsafeBytes { raw in
                guard raw.count == 20, raw.u32(0) == 0x0706_4B50 else {
                    throw DatasetError("\(source): zip64 sizes are used but the zip64 locator is missing")
                }
                return try checkedInt(raw.u64(8), "zip64 end record offset", source)
            }
            let recordBytes = try record <= size - 56 ? bytes.bytes(count: 56, at: record) : []
            try recordBytes.withUnsafeBytes { raw in
                guard raw.count == 56, raw.u32(0) == 0x0606_4B50 else {
                    throw DatasetError("\(source): zip64 end-of-central-directory record not found at offset \(record)")
                }
                count = try checkedInt(raw.u64(32), "entry count", source)
                directorySize = try checkedInt(raw.u64(40), "central directory size", source)
                directoryOffset = try checkedInt(raw.u64(48), "central directory offset", source)
            }
        }
        guard directoryOffset <= size, directorySize <= size - directoryOffset else {
            throw DatasetError(
                "\(source): central directory (\(directorySize) bytes at offset \(directoryOffset)) lies outside the "
                    + "\(size)-byte file (truncated archive)")
        }
        guard count <= directorySize / 46 else {
            throw DatasetError("\(source): \(count) entries cannot fit in a \(directorySize)-byte central directory")
        }
        let directory = try bytes.bytes(count: directorySize, at: directoryOffset)
        return try directory.withUnsafeBytes { try parseDirectory($0, count: count, source: source) }
    }

    /// Parses `count` central directory entries from the directory's bytes.
    private static func parseDirectory(_ raw: UnsafeRawBufferPointer, count: Int, source: String) throws -> [Entry] {
        var entries: [Entry] = []
        var position = 0
        let directoryEnd = raw.count
        for index in 0..<count {
            guard position <= directoryEnd - 46, raw.u32(position) == 0x0201_4B50 else {
                throw DatasetError("\(source): central directory entry \(index) is malformed (bad signature or truncated)")
            }
            let nameLength = Int(raw.u16(position + 28))
            let extraLength = Int(raw.u16(position + 30))
            let commentLength = Int(raw.u16(position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= directoryEnd else {
                throw DatasetError("\(source): central directory entry \(index) runs past the directory's end")
            }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: raw[(position + 46)..<(position + 46 + nameLength)]), as: UTF8.self)
            var uncompressed = UInt64(raw.u32(position + 24))
            var compressed = UInt64(raw.u32(position + 20))
            var offset = UInt64(raw.u32(position + 42))
            // Zip64 extra field: the 64-bit values of exactly those fields that hold 0xFFFFFFFF, in this order.
            var extra = position + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = raw.u16(extra)
                let size = Int(raw.u16(extra + 2))
                guard extra + 4 + size <= extraEnd else {
                    throw DatasetError("\(source): member '\(name)': extra field runs past its entry")
                }
                if id == 0x0001 {
                    var field = extra + 4
                    if uncompressed == 0xFFFF_FFFF {
                        guard field + 8 <= extra + 4 + size else { throw zip64Error(name, source) }
                        uncompressed = raw.u64(field)
                        field += 8
                    }
                    if compressed == 0xFFFF_FFFF {
                        guard field + 8 <= extra + 4 + size else { throw zip64Error(name, source) }
                        compressed = raw.u64(field)
                        field += 8
                    }
                    if offset == 0xFFFF_FFFF {
                        guard field + 8 <= extra + 4 + size else { throw zip64Error(name, source) }
                        offset = raw.u64(field)
                    }
                }
                extra += 4 + size
            }
            entries.append(
                Entry(
                    name: name, method: raw.u16(position + 10), flags: raw.u16(position + 8), crc32: raw.u32(position + 16),
                    compressedSize: try checkedInt(compressed, "compressed size of '\(name)'", source),
                    uncompressedSize: try checkedInt(uncompressed, "size of '\(name)'", source),
                    localHeaderOffset: try checkedInt(offset, "offset of '\(name)'", source)))
            position = next
        }
        return entries
    }

    private static func zip64Error(_ name: String, _ source: String) -> DatasetError {
        DatasetError("\(source): member '\(name)': zip64 extra field is too short for the sizes it must hold")
    }

    private static func checkedInt(_ value: UInt64, _ field: String, _ source: String) throws -> Int {
        guard value <= UInt64(Int.max) else { throw DatasetError("\(source): \(field) \(value) is absurdly large") }
        return Int(value)
    }
}

extension UnsafeRawBufferPointer {
    /// The little-endian `UInt16` at `offset` (the caller checks bounds).
    fileprivate func u16(_ offset: Int) -> UInt16 { UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    /// The little-endian `UInt32` at `offset` (the caller checks bounds).
    fileprivate func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    /// The little-endian `UInt64` at `offset` (the caller checks bounds).
    fileprivate func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
}
