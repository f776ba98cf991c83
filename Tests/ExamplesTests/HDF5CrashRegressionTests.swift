import Foundation
import Testing

/// Damaged HDF5 files that crashed the process inside libhdf5 itself (Debian's 1.10.8), found by the `shapes3d` fuzz
/// harness. Each is opened by the real `disentangle` binary in a child process, so a crash cannot take the test
/// runner down: the binary must exit with status 1 and an error naming the damaged structure (our structure check
/// refuses the file before libhdf5 reads it).
@Suite("libhdf5 crash regressions")
struct HDF5CrashRegressionTests {
    static let fuzzInputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../DisentangleHDF5Tests/Fixtures/fuzz").standardizedFileURL

    @Test(arguments: [
        // H5Lexists -> H5G__stab_lookup -> H5HL_protect -> H5F__accum_read: the root group's local heap (the first
        // two) or its data segment (the third) has the undefined address.
        ("shapes3d-segv-51619145.h5", "the root group's local heap has no address"),
        ("shapes3d-segv-55def9dc.h5", "the root group's local heap's data segment has no address"),
        ("shapes3d-segv-4d9e5730.h5", "the root group's local heap has no address"),
        // H5Dread -> H5D__contig_read -> H5VM_memcpyvv: a compact layout holding 0 bytes for 144 (576) bytes of data.
        ("shapes3d-segv-fda3f254.h5", "dataset 'images''s layout message holds 0 bytes of compact data"),
        ("shapes3d-segv-b473d0dc.h5", "dataset 'labels''s layout message holds 0 bytes of compact data"),
        // H5Dopen -> H5O_shared_decode -> H5SM_get_fheap_addr: a fill value "shared" through a table the file lacks.
        ("shapes3d-segv-4f9936bf.h5", "dataset 'images''s message of type 5 is shared through the shared-message heap"),
    ])
    func damagedFileGivesAnError(file: String, message: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = Self.fuzzInputs.appendingPathComponent(file).path
        let result = try ExamplesTests.run("disentangle", [
            "train", "--dataset", input, "--steps", "1", "--batch-size", "2",
            "--encoder", "mlp", "--decoder", "mlp", "--latents", "2", "--print-every", "0", "--out", directory.path,
        ])
        #expect(result.status == 1, "status \(result.status): \(result.error.prefix(300))")
        #expect(result.error.contains("Error: "), "\(result.error.prefix(300))")
        #expect(result.error.contains("\(input): corrupt HDF5 file: \(message)"), "\(result.error.prefix(300))")
    }
}
