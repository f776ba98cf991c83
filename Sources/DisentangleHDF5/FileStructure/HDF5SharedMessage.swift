/// A message of an object header stored elsewhere (format specification, section IV.A.2, "Shared Message"): its
/// header flag 0x02 is set and its body only says where the real message is, in another object's header
/// ("committed") or in the file's shared-message heap (versions 3 on).
///
/// libhdf5 1.10.8 trusts the reference: a fuzzed file whose `images` had its fill value message marked shared, with
/// a version 2 reference of the heap type, made it look the message up in the shared-message table of a file that
/// has none (`H5O_shared_decode` -> `H5SM_get_fheap_addr`, reading at the undefined address: SIGSEGV). So a
/// reference must fit in the message, use the heap only from version 3 on and only in a file with a shared-message
/// table, and otherwise name an object header inside the file.
enum HDF5SharedMessage {
    /// The reference types of versions 2 and 3.
    private static let heapType = 1
    private static let committedType = 2

    /// Checks the reference in `body`, the body of a shared message of `what`.
    ///
    /// - Parameter sharedMessageTable: the address of the file's shared-message table, if it has one.
    /// - Throws: `DatasetError` naming `what` if the reference does not fit, has an unknown version or type, points
    ///   into a shared-message heap the file does not have, or names an object header outside the file.
    static func check(_ body: HDF5Fields, what: String, sharedMessageTable: UInt64?, reader: HDF5StructureReader) throws {
        var fields = body
        let version = try fields.byte("the shared message version")
        guard (1...3).contains(version) else {
            throw reader.corrupt("\(what) is shared with a reference of version \(version); expected 1 to 3")
        }
        let type = try fields.byte("the shared message type")
        if version == 1 { try fields.skip(6, "reserved bytes") }
        if version >= 2 && type == heapType {
            guard version == 3 else {
                throw reader.corrupt("\(what) is shared through the shared-message heap, which needs a version 3 reference, not \(version)")
            }
            guard let table = sharedMessageTable, table != reader.undefinedAddress else {
                throw reader.corrupt("\(what) is shared through the shared-message heap, but the file has no shared-message table")
            }
            _ = try reader.position(of: "the shared-message table", at: table, count: 1)
            try fields.skip(8, "the heap ID")
            return
        }
        guard version < 3 || type == committedType else {
            throw reader.corrupt("\(what) is shared with a reference of type \(type); expected 1 (heap) or 2 (committed)")
        }
        let address = try fields.address("the address of the object header holding the message")
        _ = try reader.position(of: "the object header \(what) is shared from", at: address, count: 1)
    }
}
