import DisentangleDatasets
import DisentangleHDF5
import Foundation
import Testing

/// Inputs the `shapes3d` fuzz harness (Fuzz/) reported, in `Fixtures/fuzz/`: each is read as the harness reads it
/// and must give a `DatasetError`, never a crash.
@Suite("Shapes3D fuzz regressions")
struct Shapes3DFuzzRegressionTests {
    @Test(arguments: [
        // libhdf5 1.10.8 crashed (SIGSEGV in H5Lexists -> H5G__stab_lookup -> H5HL_protect) on these three: the
        // root group's symbol table message gives the undefined address for the local heap (the first two), or the
        // heap gives it for its data segment (the third). Our structure check refuses them before libhdf5 runs.
        ("shapes3d-segv-4d9e5730.h5", "corrupt HDF5 file: the root group's local heap has no address (the undefined address)"),
        ("shapes3d-segv-51619145.h5", "corrupt HDF5 file: the root group's local heap has no address (the undefined address)"),
        ("shapes3d-segv-55def9dc.h5",
         "corrupt HDF5 file: the root group's local heap's data segment has no address (the undefined address)"),
        // The heap's data segment claims 2^64 - 168 bytes: libhdf5 asked malloc for them (the fuzzer's ASan aborted,
        // a normal build got NULL and an error); now refused by the structure check.
        ("shapes3d-crash-95b492e3.h5",
         "corrupt HDF5 file: the root group's local heap's data segment claims 18446744073709551448 bytes, more than the whole file (5312 bytes)"),
        // Found after the structure check went in (session 7): a version 1 layout message of class compact with
        // 0 bytes of data, for `images` (144 bytes of elements) and for `labels` (576); libhdf5 never allocated the
        // compact buffer and H5Dread copied from it (SIGSEGV in H5VM_memcpyvv).
        ("shapes3d-segv-fda3f254.h5",
         "corrupt HDF5 file: dataset 'images''s layout message holds 0 bytes of compact data but its 144 elements of 1 bytes each need 144"),
        ("shapes3d-segv-b473d0dc.h5",
         "corrupt HDF5 file: dataset 'labels''s layout message holds 0 bytes of compact data but its 72 elements of 8 bytes each need 576"),
        // `images`' fill value message marked shared, with a version 2 reference of the heap type, in a file without
        // a shared-message table: libhdf5 looked it up at the undefined address (H5O_shared_decode ->
        // H5SM_get_fheap_addr -> H5F__accum_read: SIGSEGV).
        ("shapes3d-segv-4f9936bf.h5",
         "corrupt HDF5 file: dataset 'images''s message of type 5 is shared through the shared-message heap, which needs a version 3 reference, not 2"),
        // The labels' float type claims 4294967047 bytes per element: libhdf5 allocated 4 GB (peak RSS 4.2 GB) to
        // convert them before failing; such sizes are rejected when the dataset is opened.
        ("shapes3d-oom-6299f48f.h5", "dataset 'labels': elements are 4294967047-byte floats; expected 2, 4 or 8 bytes"),
        // Reported as out-of-memory only because the fuzzer caps single allocations at 512 MB: libhdf5 asked for
        // 4 GB to read an image (here) and failed cleanly without touching it; the chunk index check now refuses the
        // chunk's address first.
        ("shapes3d-oom-371fced1.h5", "chunk 4 of dataset 'images''s chunk index's B-tree root at offset 18444492273895871504 lies beyond the end of the file (7376 bytes)"),
        // libhdf5 allocated 620 MB to 1.3 GB for a local heap the file cannot hold, then failed; the structure check
        // refuses the heap first.
        ("shapes3d-oom-839d922a.h5", "the root group's local heap's data segment claims 620757080 bytes, more than the whole file (3763 bytes)"),
        ("shapes3d-oom-e388113d.h5", "the root group's local heap's data segment claims 671088728 bytes, more than the whole file (3885 bytes)"),
        ("shapes3d-oom-83becfc6.h5", "the root group's local heap's data segment claims 1275068504 bytes, more than the whole file (4620 bytes)"),
        // Found by CI's 20-second run and again here (session 8), both in H5Dread of a chunked `images`: chunks of
        // 1 x 2 x 60930 x 3 along an axis of 2 (ASan: heap use after free in H5VM_memcpyvv), and a B-tree key
        // claiming a chunk of 1852404340 bytes in a 7 kB file (libhdf5 asked malloc for them). The chunk index check
        // (HDF5ChunkIndex) refuses both (the second at its first bad chunk address).
        ("shapes3d-uaf-57b4e5df.h5", "dataset 'images''s chunks are 60930 long along axis 2, whose size is at most 2"),
        ("shapes3d-oom-f8c8aba8.h5", "chunk 4 of dataset 'images''s chunk index's B-tree root at offset 5980780305148023824 lies beyond the end of the file (7376 bytes)"),
    ])
    func fuzzedFilesGiveErrors(file: String, message: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/\(file)")
        do {
            let dataset = try ImageArrayDataset(shapes3DAt: url)
            _ = try dataset.observations(for: dataset.factorClasses(at: [0, dataset.gridCount - 1]))
            Issue.record("\(file) was read without an error")
        } catch let error as DatasetError {
            #expect(error.description.contains(message), "\(error)")
        }
    }
}
