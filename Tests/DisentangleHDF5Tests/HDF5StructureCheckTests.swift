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
