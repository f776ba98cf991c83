import DisentangleDatasets
import DisentangleTensor
import Foundation

/// Our own check of the parts of an HDF5 file that libhdf5 follows to find a dataset at the root, made before
/// libhdf5 opens the file.
///
/// libhdf5 1.10.8 (Debian bookworm) trusts addresses and sizes in these structures: fuzzed files whose root group's
/// local heap had an undefined address, or whose heap's data segment had an undefined address or a size near 2^64,
/// crashed the process inside `H5Lexists` (a `memcpy` into a buffer that `malloc` did not give). A library call
/// must not crash, so the structures are read here first, with `pread` and bounds checks, never trusting a length:
///
/// 1. the superblock (``HDF5Superblock``: versions 0 to 3; the file must not be shorter than it says);
/// 2. for versions 2 and 3, the superblock extension's object header and its B-tree K values, if it has one;
/// 3. the root group's object header (``HDF5ObjectHeader``: versions 1 and 2, continuation chunks included);
/// 4. an old-style root group (symbol table message): its local heap (``HDF5LocalHeap``) and its B-tree and
///    symbol-table nodes (``HDF5GroupBTree``), every name and child address inside the file;
/// 5. a new-style root group (link info message): compact link messages (names inside their messages, hard-link
///    addresses inside the file), or, for dense storage, the fractal heap's and name index's headers present at
///    their addresses (their insides are left to libhdf5).
///
/// 6. the dataset about to be opened: its object header's dataspace, datatype and layout messages
///    (``HDF5DatasetLayout``: compact data exactly as large as the elements, contiguous data inside the file) and
///    its shared messages' references (``HDF5SharedMessage``).
///
/// Anything wrong throws a `DatasetError` naming the file and the structure:
/// "shapes3d.h5: corrupt HDF5 file: the root group's local heap has no address (the undefined address)".
/// The rest of a dataset's header (fill value, filters, attributes) and chunk indexes are left to libhdf5.
package enum HDF5StructureCheck {
    /// The default group node K values (libhdf5's), used when a version 2 or 3 superblock has no extension.
    static let defaultGroupLeafK = 4
    /// See ``defaultGroupLeafK``.
    static let defaultGroupInternalK = 16

    /// A link at the root: its name and the address of the object it links to (undefined for a soft link).
    struct Link {
        let name: String
        let address: UInt64
    }

    /// Whether the file at `url` has an HDF5 superblock signature where libhdf5 looks for one: at byte 0, or after
    /// a user block at byte 512, 1024, 2048, …
    ///
    /// - Throws: `DatasetError` if the file cannot be read.
    package static func isHDF5(fileAt url: URL) throws -> Bool {
        try HDF5Superblock.location(in: try StoredFile(url)) != nil
    }

    /// Checks the file at `url` and returns the names of the links at its root (`nil` for dense link storage,
    /// whose names are not read).
    ///
    /// - Throws: `DatasetError` naming the file: "not an HDF5 file", "truncated HDF5 file", or "corrupt HDF5
    ///   file: " followed by the structure at fault and what is wrong with it.
    package static func rootNames(ofFileAt url: URL) throws -> [String]? {
        try rootLinks(ofFileAt: url).links?.map(\.name)
    }

    /// Checks the file at `url` as ``rootNames(ofFileAt:)`` does and, if `name` is one of its root links, the
    /// dataspace, datatype and layout messages of that dataset's object header (``HDF5DatasetLayout``); returns
    /// the root links' names.
    ///
    /// - Throws: `DatasetError` naming the file and the structure at fault.
    package static func check(fileAt url: URL, dataset name: String) throws -> [String]? {
        let (reader, sharedMessageTable, links) = try rootLinks(ofFileAt: url)
        if let link = links?.first(where: { $0.name == name }), link.address != reader.undefinedAddress {
            _ = try HDF5DatasetLayout(reader, at: link.address, name: name, sharedMessageTable: sharedMessageTable)
        }
        return links?.map(\.name)
    }

    /// The reader of the file at `url`, the address of its shared-message table (if its superblock extension gives
    /// one) and its root links (`nil` for dense storage), after checking the way to them.
    private static func rootLinks(ofFileAt url: URL) throws -> (
        reader: HDF5StructureReader, sharedMessageTable: UInt64?, links: [Link]?
    ) {
        let file = try StoredFile(url)
        let superblock = try HDF5Superblock(of: file)
        let reader = HDF5StructureReader(
            file: file, baseAddress: superblock.baseAddress, offsetSize: superblock.offsetSize,
            lengthSize: superblock.lengthSize)
        var leafK = superblock.groupLeafK ?? defaultGroupLeafK
        var internalK = superblock.groupInternalK ?? defaultGroupInternalK
        var sharedMessageTable: UInt64?
        if let address = superblock.extensionAddress, address != reader.undefinedAddress {
            let what = "the superblock extension"
            let header = try HDF5ObjectHeader(reader, at: address, what: what)
            if var table = header.messages(of: HDF5ObjectHeader.MessageType.sharedMessageTable).first {
                try table.skip(1, "the version")
                sharedMessageTable = try table.address("the shared-message table address")
            }
            if var values = header.messages(of: HDF5ObjectHeader.MessageType.bTreeKValues).first {
                let version = try values.byte("the version")
                guard version == 0 else { throw reader.corrupt("\(what)'s B-tree K values have version \(version); expected 0") }
                try values.skip(2, "the indexed storage K")
                internalK = Int(try values.unsigned(2, "the group internal node K"))
                leafK = Int(try values.unsigned(2, "the group leaf node K"))
                guard leafK > 0, internalK > 0 else {
                    throw reader.corrupt("\(what) gives group node K values \(leafK) (leaf) and \(internalK) (internal); expected positive values")
                }
            }
        }
        let root = try HDF5ObjectHeader(reader, at: superblock.rootObjectHeader, what: "the root group's object header")
        // libhdf5 looks for link info first (new-style group), then for a symbol table (old-style group).
        if var info = root.messages(of: HDF5ObjectHeader.MessageType.linkInfo).first {
            let links = try newStyleLinks(info: &info, links: root.messages(of: HDF5ObjectHeader.MessageType.link), reader: reader)
            return (reader, sharedMessageTable, links)
        }
        guard var table = root.messages(of: HDF5ObjectHeader.MessageType.symbolTable).first else {
            throw reader.corrupt("the root group's object header has neither a symbol table nor a link info message")
        }
        let tree = try table.address("the B-tree address")
        let heapAddress = try table.address("the local heap address")
        let heap = try HDF5LocalHeap(reader, at: heapAddress, what: "the root group's local heap")
        let group = try HDF5GroupBTree(reader, at: tree, heap: heap, leafK: leafK, internalK: internalK, what: "the root group")
        return (reader, sharedMessageTable, group.entries.map { Link(name: $0.name, address: $0.objectHeader) })
    }

    /// A new-style group's compact links, after checking the link info and link messages; `nil` if the links are
    /// stored densely (their fractal heap and name index are checked to be present).
    private static func newStyleLinks(info: inout HDF5Fields, links: [HDF5Fields], reader: HDF5StructureReader) throws -> [Link]? {
        let version = try info.byte("the version")
        guard version == 0 else { throw reader.corrupt("the root group's link info message has version \(version); expected 0") }
        let flags = try info.byte("the flags")
        if flags & 0x01 != 0 { try info.skip(8, "the maximum creation index") }
        let fractalHeap = try info.address("the fractal heap address")
        let nameIndex = try info.address("the name index address")
        if fractalHeap != reader.undefinedAddress {
            var heap = try reader.read("the root group's fractal heap", at: fractalHeap, count: 4)
            try heap.expectSignature("FRHP")
            var index = try reader.read("the root group's link name index", at: nameIndex, count: 4)
            try index.expectSignature("BTHD")
            return nil
        }
        var names: [Link] = []
        for (number, message) in links.enumerated() {
            var link = HDF5Fields(
                message.bytes, what: "the root group's link message \(number)", offsetSize: reader.offsetSize,
                lengthSize: reader.lengthSize, path: reader.file.path)
            let version = try link.byte("the version")
            guard version == 1 else { throw reader.corrupt("\(link.what) has version \(version); expected 1") }
            let flags = try link.byte("the flags")
            let type = try flags & 0x08 != 0 ? link.byte("the link type") : 0
            if flags & 0x04 != 0 { try link.skip(8, "the creation order") }
            if flags & 0x10 != 0 { try link.skip(1, "the character set") }
            let length = try link.unsigned(1 << (flags & 0x03), "the name length")
            guard length > 0, length <= UInt64(link.remaining) else {
                throw reader.corrupt("\(link.what): a name of \(length) bytes does not fit in the \(link.remaining) bytes left")
            }
            let name = String(decoding: try link.take(Int(length), "the name"), as: UTF8.self)
            var address = reader.undefinedAddress
            if type == 0 {
                address = try link.address("the object address")
                _ = try reader.position(of: "the object header of '\(name)' (\(link.what))", at: address, count: 1)
            } else {
                let size = Int(try link.unsigned(2, "the link value's length"))
                _ = try link.take(size, "the link value")
            }
            names.append(Link(name: name, address: address))
        }
        return names
    }
}
