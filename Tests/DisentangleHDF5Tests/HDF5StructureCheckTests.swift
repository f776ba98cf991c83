import DisentangleDatasets
import DisentangleHDF5
import Foundation
import Testing

/// The structure check that runs before libhdf5 sees a file: valid layouts written by h5py pass and list their
/// root links; each kind of damage libhdf5 would trust gives a `DatasetError` naming the structure, through the
/// public loader.
@Suite("HDF5 structure check")
struct HDF5StructureCheckTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test("valid layouts: superblocks 0, 2 and 3, a user block, a two-level B-tree, dense links", arguments: [
        "shapes3d_small.h5", "shapes3d_chunked.h5", "shapes3d_v108.h5", "shapes3d_v110.h5", "shapes3d_userblock.h5",
        "shapes3d_many_links.h5", "shapes3d_dense_links.h5",
    ])
    func validLayoutsLoad(file: String) throws {
        let dataset = try ImageArrayDataset(shapes3DAt: Self.fixtures.appendingPathComponent(file))
        #expect(dataset.factorSizes == [2, 1, 1, 2, 1, 3] && dataset.observationShape == [3, 4, 4])
        let images = try dataset.observations(for: dataset.factorClasses(at: [0, 11]))
        #expect(images.scalars[0] == 0 && images.scalars[48] == Float(11) / 255)
    }

    @Test("reads the root links' names itself")
    func rootNames() throws {
        func names(_ file: String) throws -> [String]? {
            try HDF5StructureCheck.rootNames(ofFileAt: Self.fixtures.appendingPathComponent(file))
        }
        #expect(try names("shapes3d_small.h5") == ["images", "labels"])
        #expect(try names("shapes3d_v110.h5") == ["images", "labels"])
        #expect(try names("shapes3d_userblock.h5") == ["images", "labels"])
        let many = try #require(try names("shapes3d_many_links.h5"))
        #expect(many == (["images", "labels"] + (0..<300).map { String(format: "link_%03d", $0) }).sorted())
        #expect(try names("shapes3d_dense_links.h5") == nil)
    }

    /// `shapes3d_small.h5` with `patches` applied (offset: bytes), or cut to `length` bytes.
    private func damaged(_ patches: [Int: [UInt8]], length: Int? = nil) throws -> (URL, () -> Void) {
        var bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("shapes3d_small.h5")))
        for (offset, patch) in patches { bytes.replaceSubrange(offset..<(offset + patch.count), with: patch) }
        if let length { bytes = Array(bytes.prefix(length)) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("shapes3d.h5")
        try Data(bytes).write(to: url)
        return (url, { try? FileManager.default.removeItem(at: directory) })
    }

    private func little(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    // Offsets in shapes3d_small.h5 (superblock version 0, 8-byte addresses and sizes): the root object header's address at
    // 0x40, the header at 0x60 with its symbol table message's B-tree address at 0x78 and heap address at 0x80; the B-tree at 0x88; the
    // local heap at 0x2a8 (data segment size at 0x2b0, free-list head at 0x2b8, data segment address at 0x2c0), its
    // data at 0x2c8 (88 bytes: "", "images", "labels", a free block at offset 24); the symbol-table node at 0x430.
    @Test("each damage gives an error naming the structure", arguments: [
        ([0x40: [UInt8](repeating: 0xFF, count: 8)], "the root group's object header has no address (the undefined address)"),
        ([0x80: [UInt8](repeating: 0xFF, count: 8)], "the root group's local heap has no address (the undefined address)"),
        ([0x80: [0x00, 0x10, 0, 0, 0, 0, 0, 0]], "the root group's local heap at offset 4096 lies beyond the end of the file (3200 bytes)"),
        ([0x2c0: [UInt8](repeating: 0xFF, count: 8)], "the root group's local heap's data segment has no address (the undefined address)"),
        ([0x2c0: [0x40, 0x0C, 0, 0, 0, 0, 0, 0]], "the root group's local heap's data segment (88 bytes at offset 3136) runs past the end of the file (3200 bytes)"),
        ([0x2b0: [0x58, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]], "the root group's local heap's data segment claims 18446744073709551448 bytes, more than the whole file (3200 bytes)"),
        ([0x2a8: Array("HEAD".utf8)], "the root group's local heap does not start with the signature 'HEAP' (found 'HEAD')"),
        ([0x2c8 + 24: [24, 0, 0, 0, 0, 0, 0, 0]], "the root group's local heap's free list loops back to offset 24"),
        ([0x2c8 + 32: [0x60, 0, 0, 0, 0, 0, 0, 0]], "the root group's local heap's free block at offset 24 claims 96 bytes"),
        ([0x78: [UInt8](repeating: 0xFF, count: 8)], "the root group's B-tree has no address (the undefined address)"),
        ([0x88: Array("TREX".utf8)], "the root group's B-tree does not start with the signature 'TREE' (found 'TREX')"),
        ([0x8e: [0x40, 0x00]], "the root group's B-tree uses 64 entries; at most 32 fit"),
        ([0x430: Array("SNOB".utf8)], "does not start with the signature 'SNOD' (found 'SNOB')"),
        ([0x438: [0x00, 0x10, 0, 0, 0, 0, 0, 0]], "entry 0 of the root group's symbol-table node 0 of the root group's B-tree names offset 4096 of the root group's local heap, outside its 88-byte data segment"),
        ([0x440: [0x00, 0x10, 0, 0, 0, 0, 0, 0]], "the object header of 'images' (entry 0 of the root group's symbol-table node 0 of the root group's B-tree) at offset 4096 lies beyond the end of the file"),
        ([0x2b8: [1, 0, 0, 0, 0, 0, 0, 0], 0x2c8 + 8: [UInt8](repeating: 0x61, count: 80)], "key 1 of the root group's B-tree names offset 16 of the root group's local heap, where no NUL ends the name before the segment does"),
    ] as [([Int: [UInt8]], String)])
    func damageIsReported(patches: [Int: [UInt8]], message: String) throws {
        let (url, remove) = try damaged(patches)
        defer { remove() }
        do {
            _ = try ImageArrayDataset(shapes3DAt: url)
            Issue.record("the damaged file was read")
        } catch let error as DatasetError {
            #expect(error.description.hasPrefix("\(url.path): corrupt HDF5 file: "), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test("a file shorter than its superblock says is truncated")
    func truncated() throws {
        let (url, remove) = try damaged([:], length: 2000)
        defer { remove() }
        #expect(throws: DatasetError("\(url.path): truncated HDF5 file: it is 2000 bytes but its superblock says it ends at byte 3200")) {
            try ImageArrayDataset(shapes3DAt: url)
        }
    }
}

/// The chunk indexes of chunked datasets (``HDF5ChunkIndex``): every index kind h5py writes is walked and loads;
/// damaged keys, sizes and dimensions give errors naming the chunk.
@Suite("HDF5 chunk index check")
struct HDF5ChunkIndexTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test("version 1 B-tree, fixed array, single chunk and implicit indexes load", arguments: [
        "shapes3d_chunked.h5", "shapes3d_fixed_array.h5", "shapes3d_single_chunk.h5", "shapes3d_implicit.h5",
    ])
    func indexesLoad(file: String) throws {
        let dataset = try ImageArrayDataset(shapes3DAt: Self.fixtures.appendingPathComponent(file))
        let images = try dataset.observations(for: dataset.factorClasses(at: [0, 11]))
        #expect(images.scalars[0] == 0 && images.scalars[48] == Float(11) / 255)
    }

    @Test("a paged fixed array (3072 chunks in 3 pages) loads")
    func pagedFixedArray() throws {
        let dataset = try ImageArrayDataset(shapes3DAt: Self.fixtures.appendingPathComponent("shapes3d_fixed_array_paged.h5"))
        #expect(dataset.observationShape == [3, 16, 16])
        let images = try dataset.observations(for: dataset.factorClasses(at: [0, 11]))
        #expect(images.scalars[0] == 0 && images.scalars[768] == Float(11) / 255)
    }

    @Test("an extensible array (unlimited axis) is refused with the way to rewrite the file")
    func extensibleArrayRefused() throws {
        let error = #expect(throws: DatasetError.self) {
            try ImageArrayDataset(shapes3DAt: Self.fixtures.appendingPathComponent("shapes3d_unlimited.h5"))
        }
        #expect(error?.description.contains("stores its chunks with an extensible array") == true, "\(String(describing: error))")
    }

    /// `file` with `patches` applied (offset: bytes).
    private func patched(_ file: String, _ patches: [Int: [UInt8]]) throws -> (URL, () -> Void) {
        var bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        for (offset, patch) in patches { bytes.replaceSubrange(offset..<(offset + patch.count), with: patch) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-chunks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(file)
        try Data(bytes).write(to: url)
        return (url, { try? FileManager.default.removeItem(at: directory) })
    }

    /// The offset of the first occurrence of `signature` in `file`.
    private func offset(of signature: String, in file: String) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        let pattern = Array(signature.utf8)
        return try #require((0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) })
    }

    @Test("damaged chunk entries give errors naming the chunk")
    func damagedEntries() throws {
        // shapes3d_chunked.h5: the images' B-tree (type 1) is the first TREE node of type 1; its first key's chunk size
        // is at +24 (after signature, type, level, entries used and two 8-byte siblings), then its filter mask and five
        // 8-byte offsets (the four axes and the element), then the first child's address at +72.
        let tree: Int = try {
            let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("shapes3d_chunked.h5")))
            return try #require((0...(bytes.count - 5)).first { bytes[$0..<($0 + 4)].elementsEqual("TREE".utf8) && bytes[$0 + 4] == 1 })
        }()
        for (patches, message) in [
            ([tree + 24: [0xFF, 0xFF, 0xFF, 0x7F]], "claims 2147483647 stored bytes"),
            ([tree + 40: [1, 0, 0, 0, 0, 0, 0, 0]], "places a chunk at 1 along axis 1"),
            ([tree + 72: [UInt8](repeating: 0x7F, count: 8)], "lies beyond the end of the file"),
        ] {
            let (url, cleanup) = try patched("shapes3d_chunked.h5", patches)
            defer { cleanup() }
            let error = #expect(throws: DatasetError.self, "\(message)") { try ImageArrayDataset(shapes3DAt: url) }
            #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        }
        // shapes3d_fixed_array.h5: the header's entry count (after FAHD, version, client, entry size, page bits).
        let header = try offset(of: "FAHD", in: "shapes3d_fixed_array.h5")
        let (url, cleanup) = try patched("shapes3d_fixed_array.h5", [header + 8: [0, 0, 0, 0x40, 0, 0, 0, 0]])
        defer { cleanup() }
        let error = #expect(throws: DatasetError.self) { try ImageArrayDataset(shapes3DAt: url) }
        #expect(error?.description.contains("fixed array has 1073741824 entries for 12 chunks") == true, "\(String(describing: error))")
    }
}
