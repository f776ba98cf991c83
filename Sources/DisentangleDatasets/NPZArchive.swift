import DisentangleTensor
import Foundation

/// A NumPy `.npz` archive (what `np.savez` and `np.savez_compressed` write): a zip archive of `.npy` members,
/// stored or deflated.
///
/// Members are read one at a time and only on request. Every member's declared size is checked against
/// ``maximumMemberSize`` before it is decompressed, decompression never produces more than the declared size,
/// and the `.npy` header inside must declare exactly as many data bytes as the member holds; each violation throws
/// a ``DatasetError`` naming the archive and the member.
///
/// ```swift
/// let archive = try NPZArchive(contentsOf: URL(fileURLWithPath: "codes.npz"))
/// print(archive.names)                        // ["codes", "factors"]
/// let codes = Tensor(try archive.array(named: "codes"))
/// ```
public struct NPZArchive: Sendable {
    /// The default limit on one member's uncompressed size: 4 GiB (the real dSprites `imgs` member is 2.8 GiB).
    public static let defaultMaximumMemberSize = 4 << 30

    /// The archive's path (or the `source` given for in-memory data), used in error messages.
    public let source: String
    /// The largest uncompressed member size this archive will decompress.
    public let maximumMemberSize: Int
    private let zip: ZipArchive
    /// The archive's file, for reading stored members in place; `nil` for an archive held in memory.
    let file: StoredFile?

    /// The members' names without the `.npy` extension, in archive order.
    public var names: [String] { zip.entries.map { $0.name.hasSuffix(".npy") ? String($0.name.dropLast(4)) : $0.name } }

    /// Opens an archive file and reads its directory.
    ///
    /// The archive is read with `pread`, never mapped: its directory once, a member's compressed bytes 1 MiB at a
    /// time while it is decompressed, and stored members that become images (``StoredImages``) as images are
    /// needed. A file truncated after it was opened, even during one member's decompression, gives a
    /// ``DatasetError`` naming it instead of a SIGBUS; every member read also first checks that the file has not
    /// shrunk since it was opened.
    ///
    /// - Throws: ``DatasetError`` naming the path if the file cannot be read or is not a valid zip archive.
    public init(contentsOf url: URL, maximumMemberSize: Int = NPZArchive.defaultMaximumMemberSize) throws {
        let file = try StoredFile(url)
        source = url.path
        self.maximumMemberSize = maximumMemberSize
        self.file = file
        zip = try ZipArchive(bytes: .file(file), source: url.path)
    }

    /// Reads the directory of an archive held in memory.
    ///
    /// - Throws: ``DatasetError`` naming `source` if the bytes are not a valid zip archive.
    public init(data: Data, source: String = "<data>", maximumMemberSize: Int = NPZArchive.defaultMaximumMemberSize) throws {
        self.source = source
        self.maximumMemberSize = maximumMemberSize
        file = nil
        zip = try ZipArchive(bytes: .memory(data), source: source)
    }

    /// Throws if the archive's file has shrunk since it was opened.
    private func checkUnchanged() throws {
        try file?.checkUnchanged()
    }

    /// The `.npy` header of a member, decompressing only as far as the header.
    ///
    /// - Throws: ``DatasetError`` if there is no such member or its header is malformed or lies about its size.
    public func header(of name: String) throws -> NumPyArrayHeader {
        var result: NumPyArrayHeader?
        try stream(name, header: { header in
            result = header
            return false
        }, data: { _ in })
        // stream(_:header:data:) either calls the header closure or throws.
        return result!
    }

    /// The array stored in a member (`name` with or without `.npy`).
    ///
    /// - Throws: ``DatasetError`` if there is no such member or it is corrupt, truncated, too large or lies about its
    ///   size (its message names the member); `NumPyArrayError` wrapped in a ``DatasetError`` for a malformed header.
    public func array(named name: String) throws -> NumPyArray {
        var dtype = NumPyArrayDType.uint8
        var shape: [Int] = []
        var bytes: [UInt8] = []
        try stream(name, header: { header in
            dtype = header.dtype
            shape = header.shape
            bytes.reserveCapacity(header.byteCount)
            return true
        }, data: { chunk in bytes += chunk })
        do {
            return try NumPyArray(dtype: dtype, shape: shape, bytes: bytes)
        } catch {
            throw DatasetError("\(source): member '\(name)': \(error)")
        }
    }

    /// A stored (not deflated) member's header and the byte offset of its data in the archive, for reading in place
    /// without a copy; `nil` if the member is deflated.
    ///
    /// - Throws: ``DatasetError`` if there is no such member or its header is malformed or lies about its size.
    func storedArray(_ name: String) throws -> (header: NumPyArrayHeader, dataOffset: Int)? {
        try checkUnchanged()
        let entry = try self.entry(name)
        guard let start = try zip.storedDataOffset(of: entry) else { return nil }
        let header = try self.header(of: name)
        return (header, start + header.dataOffset)
    }

    /// The member called `name` or `name.npy`.
    private func entry(_ name: String) throws -> ZipArchive.Entry {
        guard let entry = zip.entries.first(where: { $0.name == name || $0.name == name + ".npy" }) else {
            throw DatasetError(
                "\(source): no member '\(name)'; the archive holds \(names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return entry
    }

    /// Streams a member: parses its `.npy` header, checks it against the member's size, calls `header` (stop by
    /// returning `false`), then hands the data bytes to `data` in chunks.
    ///
    /// - Throws: ``DatasetError`` as ``array(named:)`` does, or what `header` or `data` throw.
    package func stream(
        _ name: String, header onHeader: (NumPyArrayHeader) throws -> Bool,
        data onData: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try checkUnchanged()
        let entry = try self.entry(name)
        let member = "\(source): member '\(entry.name)'"
        var prefix: [UInt8] = []
        var parsed = false
        func parseHeader() throws -> Bool {
            let header: NumPyArrayHeader
            do {
                header = try prefix.withUnsafeBytes { try NumPyArrayHeader(parsing: $0, source: member) }
            } catch let error as NumPyArrayError {
                throw DatasetError(error.description)
            }
            let held = entry.uncompressedSize - header.dataOffset
            guard held == header.byteCount else {
                throw DatasetError(
                    "\(member): header declares shape \(header.shape) of '\(header.dtype.descriptor)' "
                        + "(\(header.byteCount) data bytes) but the member holds \(held) (lying header)")
            }
            parsed = true
            guard try onHeader(header) else { return false }
            if prefix.count > header.dataOffset {
                try prefix[header.dataOffset...].withUnsafeBytes { try onData($0) }
            }
            prefix = []
            return true
        }
        try zip.extract(entry, limit: maximumMemberSize) { chunk in
            if parsed {
                try onData(chunk)
                return true
            }
            prefix += chunk
            if let needed = NPZArchive.headerLength(prefix), prefix.count < needed { return true }
            return try parseHeader()
        }
        if !parsed { _ = try parseHeader() }
    }

    /// The number of bytes up to the end of the `.npy` header starting `prefix`, or `nil` if the prefix is too short
    /// to tell. Malformed or oversized headers report `0`, so the parser runs at once and throws its error.
    private static func headerLength(_ prefix: [UInt8]) -> Int? {
        guard prefix.count >= 12 else { return nil }
        guard Array(prefix[0..<6]) == NumPyArrayHeader.magic else { return 0 }
        let length: Int
        switch prefix[6] {
        case 1: length = 10 + Int(prefix[8]) + Int(prefix[9]) << 8
        case 2, 3: length = 12 + Int(prefix[8]) + Int(prefix[9]) << 8 + Int(prefix[10]) << 16 + Int(prefix[11]) << 24
        default: return 0
        }
        return length > NumPyArrayHeader.maximumHeaderLength + 12 ? 0 : length
    }
}
