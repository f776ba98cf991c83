import DisentangleDatasets
import DisentangleTensor

/// The superblock of an HDF5 file (format specification, section II.A), versions 0 and 1 (written by default by
/// h5py and libhdf5) and 2 and 3 (`libver="latest"`): where the root group's object header is, how wide addresses
/// and sizes are, and the group B-tree widths ("K") that fix the size of B-tree and symbol-table nodes.
///
/// The superblock is found as libhdf5 finds it: at byte 0 or at the first of bytes 512, 1024, 2048, … holding the
/// signature `\x89HDF\r\n\x1a\n` (a user block may precede it). Addresses in the file are relative to where it
/// is. Only what the structure check needs is decoded; the checksum of versions 2 and 3 is left to libhdf5.
struct HDF5Superblock {
    /// The signature that starts every superblock.
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The superblock's format version, 0 to 3.
    let version: Int
    /// Where the superblock is: the base of every address.
    let baseAddress: Int
    /// The width of addresses in bytes (2, 4 or 8).
    let offsetSize: Int
    /// The width of sizes in bytes (2, 4 or 8).
    let lengthSize: Int
    /// Half the capacity of a symbol-table node (group leaf node K), if the superblock holds it (versions 0, 1).
    let groupLeafK: Int?
    /// Half the capacity of a group B-tree node (group internal node K), if the superblock holds it (versions 0, 1).
    let groupInternalK: Int?
    /// The address of the root group's object header.
    let rootObjectHeader: UInt64
    /// The address of the superblock extension (versions 2, 3), undefined if there is none.
    let extensionAddress: UInt64?
    /// The end-of-file address: the file's size as written (counting the user block, unlike other addresses).
    let endOfFile: UInt64

    /// Where the superblock's signature is in `file` (0 without a user block), `nil` if it has none.
    static func location(in file: StoredFile) throws -> Int? {
        var location = 0
        while location <= file.sizeAtOpen - 9 {
            if try file.bytes(count: 8, at: location) == signature { return location }
            location = location == 0 ? 512 : location * 2
        }
        return nil
    }

    /// Finds and decodes the superblock of `file`.
    ///
    /// - Throws: `DatasetError` naming the file if no signature is found, the version is unknown, the widths are
    ///   not 2, 4 or 8 bytes, a K value is zero, the superblock runs past the end of the file, or the file is shorter
    ///   than its end-of-file address says (truncated; libhdf5 refuses such files too).
    init(of file: StoredFile) throws {
        guard let location = try HDF5Superblock.location(in: file) else {
            throw DatasetError("\(file.path): not an HDF5 file (no superblock signature; bad signature or truncated)")
        }
        baseAddress = location
        let version = Int(try file.bytes(count: 1, at: location + 8)[0])
        guard (0...3).contains(version) else {
            throw HDF5StructureReader.corrupt(file.path, "superblock version \(version) is not one of 0 to 3")
        }
        self.version = version
        // The widths: bytes 13 and 14 in versions 0 and 1, 9 and 10 in versions 2 and 3.
        let widths = try file.bytes(count: 2, at: location + (version < 2 ? 13 : 9))
        guard [2, 4, 8].contains(widths[0]), [2, 4, 8].contains(widths[1]) else {
            throw HDF5StructureReader.corrupt(
                file.path, "the superblock gives \(widths[0])-byte addresses and \(widths[1])-byte sizes; expected 2, 4 or 8 bytes")
        }
        offsetSize = Int(widths[0])
        lengthSize = Int(widths[1])
        let reader = HDF5StructureReader(file: file, baseAddress: location, offsetSize: offsetSize, lengthSize: lengthSize)
        let storedBase: UInt64
        if version < 2 {
            // Signature, versions, widths, K values and flags (24 bytes, 28 in version 1), four addresses, then the
            // root group's symbol-table entry (link name offset, object header address, cache type, reserved,
            // 16-byte scratch pad).
            let fixed = version == 0 ? 24 : 28
            var fields = try reader.read("the superblock", at: 0, count: fixed + 6 * offsetSize + 24)
            try fields.skip(16, "the signature, versions and widths")
            let leafK = Int(try fields.unsigned(2, "group leaf node K"))
            let internalK = Int(try fields.unsigned(2, "group internal node K"))
            guard leafK > 0, internalK > 0 else {
                throw HDF5StructureReader.corrupt(
                    file.path, "the superblock's group node K values are \(leafK) (leaf) and \(internalK) (internal); expected positive values")
            }
            groupLeafK = leafK
            groupInternalK = internalK
            try fields.skip(fixed - 20, "the consistency flags")
            storedBase = try fields.address("the base address")
            _ = try fields.address("the free-space information address")
            endOfFile = try fields.address("the end-of-file address")
            _ = try fields.address("the driver information address")
            _ = try fields.address("the root group's link name offset")
            rootObjectHeader = try fields.address("the root group's object header address")
            extensionAddress = nil
        } else {
            // Signature, version, widths, flags, then base, extension, end-of-file and root object header addresses.
            var fields = try reader.read("the superblock", at: 0, count: 12 + 4 * offsetSize + 4)
            try fields.skip(12, "the signature, version, widths and flags")
            storedBase = try fields.address("the base address")
            extensionAddress = try fields.address("the superblock extension address")
            endOfFile = try fields.address("the end-of-file address")
            rootObjectHeader = try fields.address("the root group's object header address")
            groupLeafK = nil
            groupInternalK = nil
        }
        // The end-of-file address counts from the start of the file (unlike every other address), and moves with
        // the superblock if that is not where the base address field says; libhdf5 refuses a file shorter than it.
        let end = endOfFile &- (storedBase &- UInt64(location))
        guard end <= UInt64(file.sizeAtOpen) else {
            throw DatasetError(
                "\(file.path): truncated HDF5 file: it is \(file.sizeAtOpen) bytes but its superblock says it ends at byte \(end)")
        }
    }
}
