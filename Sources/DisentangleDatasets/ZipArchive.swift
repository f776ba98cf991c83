import CZlib
import Foundation

/// A read-only view of a zip archive (PKWARE APPNOTE 6.3): the central directory, with zip64 extensions, and
/// members stored (method 0) or deflated (method 8). `.npz` files are zip archives of `.npy` members.
///
/// Nothing in the archive is trusted: the central directory must lie inside the file, the number of entries
/// must fit in it, every member's data must lie inside the file, sizes are checked against a limit before any
/// decompression, stored members must have equal compressed and uncompressed sizes, decompression stops at the
/// declared size, and the CRC-32 of every fully extracted member is verified.
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

    let bytes: Data
    let source: String
    let entries: [Entry]

    /// Parses the central directory of `bytes`.
    ///
    /// - Throws: ``DatasetError`` naming `source` if the bytes are not a readable single-disk zip archive.
    init(bytes: Data, source: String) throws {
        self.bytes = bytes
        self.source = source
        entries = try bytes.withUnsafeBytes { raw in try ZipArchive.readEntries(raw, source: source) }
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
        try bytes.withUnsafeBytes { raw in
            let start = try dataOffset(of: entry, in: raw)
            let data = UnsafeRawBufferPointer(rebasing: raw[start..<(start + entry.compressedSize)])
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
                var offset = 0
                while offset < data.count {
                    let end = min(data.count, offset + Inflater.chunkSize)
                    guard try counting(UnsafeRawBufferPointer(rebasing: data[offset..<end])) else { break }
                    offset = end
                }
            case 8:
                try Inflater.inflate(data, format: .raw, limit: entry.uncompressedSize, source: member, sink: counting)
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
        return try bytes.withUnsafeBytes { try dataOffset(of: entry, in: $0) }
    }

    /// The offset of the first data byte of `entry`, after its local header; checks that the data lie in the file.
    private func dataOffset(of entry: Entry, in raw: UnsafeRawBufferPointer) throws -> Int {
        let member = "\(source): member '\(entry.name)'"
        let header = entry.localHeaderOffset
        guard header >= 0, header <= raw.count - 30, raw.u32(header) == 0x0403_4B50 else {
            throw DatasetError("\(member): no local file header at offset \(header)")
        }
        let start = header + 30 + Int(raw.u16(header + 26)) + Int(raw.u16(header + 28))
        guard start <= raw.count, entry.compressedSize <= raw.count - start else {
            throw DatasetError(
                "\(member): data of \(entry.compressedSize) bytes at offset \(start) run past the end of the "
                    + "\(raw.count)-byte file (truncated archive)")
        }
        return start
    }

    /// Reads the end-of-central-directory record (and its zip64 version) and every central directory entry.
    private static func readEntries(_ raw: UnsafeRawBufferPointer, source: String) throws -> [Entry] {
        // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end of the file.
        guard raw.count >= 22 else { throw DatasetError("\(source): \(raw.count) bytes is too short for a zip archive") }
        var end = raw.count - 22
        let lowest = max(0, raw.count - 22 - 65_535)
        while end >= lowest && raw.u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else {
            throw DatasetError("\(source): not a zip archive (no end-of-central-directory record; bad magic or truncated)")
        }
        guard raw.u16(end + 4) == 0 && raw.u16(end + 6) == 0 else {
            throw DatasetError("\(source): multi-disk zip archives are not supported")
        }
        var count = Int(raw.u16(end + 10))
        var directorySize = Int(raw.u32(end + 12))
        var directoryOffset = Int(raw.u32(end + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            let locator = end - 20
            guard locator >= 0, raw.u32(locator) == 0x0706_4B50 else {
                throw DatasetError("\(source): zip64 sizes are used but the zip64 locator is missing")
            }
            let record = try checkedInt(raw.u64(locator + 8), "zip64 end record offset", source)
            guard record >= 0, record <= raw.count - 56, raw.u32(record) == 0x0606_4B50 else {
                throw DatasetError("\(source): zip64 end-of-central-directory record not found at offset \(record)")
            }
            count = try checkedInt(raw.u64(record + 32), "entry count", source)
            directorySize = try checkedInt(raw.u64(record + 40), "central directory size", source)
            directoryOffset = try checkedInt(raw.u64(record + 48), "central directory offset", source)
        }
        guard directoryOffset <= raw.count, directorySize <= raw.count - directoryOffset else {
            throw DatasetError(
                "\(source): central directory (\(directorySize) bytes at offset \(directoryOffset)) lies outside the "
                    + "\(raw.count)-byte file (truncated archive)")
        }
        guard count <= directorySize / 46 else {
            throw DatasetError("\(source): \(count) entries cannot fit in a \(directorySize)-byte central directory")
        }
        var entries: [Entry] = []
        var position = directoryOffset
        let directoryEnd = directoryOffset + directorySize
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
