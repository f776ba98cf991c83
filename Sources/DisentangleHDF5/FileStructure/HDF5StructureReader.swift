import DisentangleDatasets
import DisentangleTensor
import Foundation

/// Bounds-checked reads of an HDF5 file's metadata, by address, for the structure check that runs before libhdf5
/// sees the file (``HDF5StructureCheck``).
///
/// Addresses in an HDF5 file are relative to the base address (where the superblock is) and
/// ``offsetSize`` bytes wide; all ones is the *undefined* address. Every read names the structure it is for, and
/// is refused with a `DatasetError` before any byte is read if the address is undefined or the structure does not
/// lie entirely inside the file as it was opened: "FILE: corrupt HDF5 file: the root group's local heap at offset
/// 680 lies beyond the end of the file (2927 bytes)". Reads go through `StoredFile` (`pread`), never a mapping.
struct HDF5StructureReader {
    /// The file.
    let file: StoredFile
    /// Where the superblock is; addresses are relative to it.
    let baseAddress: Int
    /// The width of addresses ("size of offsets"): 2, 4 or 8 bytes.
    let offsetSize: Int
    /// The width of sizes ("size of lengths"): 2, 4 or 8 bytes.
    let lengthSize: Int

    /// The file's size when it was opened.
    var fileSize: Int { file.sizeAtOpen }

    /// The undefined address for this file's ``offsetSize``.
    var undefinedAddress: UInt64 { HDF5StructureReader.allOnes(offsetSize) }

    /// A value of `size` bytes with every bit set.
    static func allOnes(_ size: Int) -> UInt64 { size >= 8 ? .max : (1 << UInt64(8 * size)) - 1 }

    /// The error for a file whose structure is damaged: "PATH: corrupt HDF5 file: MESSAGE".
    static func corrupt(_ path: String, _ message: String) -> DatasetError {
        DatasetError("\(path): corrupt HDF5 file: \(message)")
    }

    /// The error for a file whose structure is damaged: "PATH: corrupt HDF5 file: MESSAGE".
    func corrupt(_ message: String) -> DatasetError { HDF5StructureReader.corrupt(file.path, message) }

    /// The absolute byte position of `count` bytes of `what` at `address`, checked to lie inside the file.
    ///
    /// - Throws: `DatasetError` if the address is undefined, or the bytes start or end beyond the end of the file.
    func position(of what: String, at address: UInt64, count: Int) throws -> Int {
        guard address != undefinedAddress else { throw corrupt("\(what) has no address (the undefined address)") }
        let start = UInt64(baseAddress).addingReportingOverflow(address)
        guard !start.overflow, start.partialValue < UInt64(fileSize) else {
            let offset = start.overflow ? "address \(address)" : "offset \(start.partialValue)"
            throw corrupt("\(what) at \(offset) lies beyond the end of the file (\(fileSize) bytes)")
        }
        let first = Int(start.partialValue)
        guard count <= fileSize - first else {
            throw corrupt(
                "\(what) (\(count) bytes at offset \(first)) runs past the end of the file (\(fileSize) bytes)")
        }
        return first
    }

    /// Reads the `count` bytes of `what` at `address`.
    ///
    /// - Throws: `DatasetError` if the bytes do not lie inside the file (see ``position(of:at:count:)``) or cannot
    ///   be read.
    func read(_ what: String, at address: UInt64, count: Int) throws -> HDF5Fields {
        let start = try position(of: what, at: address, count: count)
        return HDF5Fields(
            try file.bytes(count: count, at: start), what: what, offsetSize: offsetSize, lengthSize: lengthSize,
            path: file.path)
    }
}

/// The bytes of one metadata structure, decoded field by field from the front (little-endian, as HDF5 stores
/// them). Reading past the end throws a `DatasetError` naming the structure, so a length inside the structure
/// cannot make a read leave it.
struct HDF5Fields {
    /// The structure's bytes.
    let bytes: [UInt8]
    /// The structure's name in error messages, e.g. "the root group's local heap".
    let what: String
    /// The width of addresses.
    let offsetSize: Int
    /// The width of sizes.
    let lengthSize: Int
    /// The file, for error messages.
    let path: String
    /// The next byte to decode.
    var position = 0

    init(_ bytes: [UInt8], what: String, offsetSize: Int, lengthSize: Int, path: String) {
        self.bytes = bytes
        self.what = what
        self.offsetSize = offsetSize
        self.lengthSize = lengthSize
        self.path = path
    }

    /// The bytes left after ``position``.
    var remaining: Int { bytes.count - position }

    /// The error for a field that does not fit.
    func cutShort(_ field: String, needs count: Int) -> DatasetError {
        HDF5StructureReader.corrupt(
            path, "\(what): \(field) needs \(count) bytes at byte \(position) but only \(remaining) remain (cut short)")
    }

    /// The next `size`-byte little-endian unsigned integer (`size` at most 8).
    mutating func unsigned(_ size: Int, _ field: String) throws -> UInt64 {
        guard size <= remaining else { throw cutShort(field, needs: size) }
        var value: UInt64 = 0
        for i in 0..<size { value |= UInt64(bytes[position + i]) << UInt64(8 * i) }
        position += size
        return value
    }

    /// The next byte.
    mutating func byte(_ field: String) throws -> Int { Int(try unsigned(1, field)) }

    /// The next address (``offsetSize`` bytes).
    mutating func address(_ field: String) throws -> UInt64 { try unsigned(offsetSize, field) }

    /// The next size (``lengthSize`` bytes).
    mutating func length(_ field: String) throws -> UInt64 { try unsigned(lengthSize, field) }

    /// Skips `count` bytes.
    mutating func skip(_ count: Int, _ field: String) throws {
        guard count >= 0, count <= remaining else { throw cutShort(field, needs: count) }
        position += count
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int, _ field: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw cutShort(field, needs: count) }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// Checks that the next bytes are the ASCII `signature` (such as `HEAP`).
    mutating func expectSignature(_ signature: String) throws {
        let found = try take(signature.utf8.count, "the signature")
        guard found.elementsEqual(signature.utf8) else {
            let shown = found.map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
            throw HDF5StructureReader.corrupt(path, "\(what) does not start with the signature '\(signature)' (found '\(shown)')")
        }
    }
}
