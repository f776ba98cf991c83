import DisentangleDatasets
import DisentangleHDF5
import Foundation
import Testing

/// Inputs the `shapes3d` fuzz harness (Fuzz/) reported, in `Fixtures/fuzz/`: each is read as the harness reads it
/// and must give a `DatasetError`, never a crash.
@Suite("Shapes3D fuzz regressions")
struct Shapes3DFuzzRegressionTests {
    @Test(arguments: [
        // libhdf5 asks malloc for 2^64 - 168 bytes while reading the root group's symbol table (H5C_protect); the
        // fuzzer's ASan aborts on the request, a normal build gets NULL back and libhdf5 reports an error.
        ("shapes3d-crash-95b492e3.h5", "no dataset 'images'"),
        // The labels' float type claims 4294967047 bytes per element: libhdf5 allocated 4 GB (peak RSS 4.2 GB) to
        // convert them before failing; such sizes are rejected when the dataset is opened.
        ("shapes3d-oom-6299f48f.h5", "dataset 'labels': elements are 4294967047-byte floats; expected 2, 4 or 8 bytes"),
        // Reported as out-of-memory only because the fuzzer caps single allocations at 512 MB: libhdf5 asks for
        // 4 GB to read an image (here) and for 620 MB to 1.3 GB of local heap (below) and fails cleanly without
        // touching it; a normal build peaks at 36 to 56 MB and gives these errors.
        ("shapes3d-oom-371fced1.h5", "dataset 'images': libhdf5 cannot read rows"),
        ("shapes3d-oom-839d922a.h5", "no dataset 'images'"),
        ("shapes3d-oom-e388113d.h5", "no dataset 'images'"),
        ("shapes3d-oom-83becfc6.h5", "no dataset 'images'"),
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
