import DisentangleDatasets
import DisentangleHDF5
import Foundation
import Testing

/// A Shapes3D file truncated after it was opened: reading images throws an error naming the file, where it used to
/// stop the process (and where libhdf5 alone would hand out zeros for a contiguous dataset).
@Suite("Shapes3D files truncated after opening")
struct Shapes3DTruncationTests {
    @Test(arguments: ["shapes3d_small.h5", "shapes3d_chunked.h5"])
    func readingATruncatedFileThrowsNamingIt(file: String) throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-h5-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(file)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(file), to: url)

        let dataset = try ImageArrayDataset(shapes3DAt: url)
        let classes = try dataset.factorClasses(at: Array(0..<12))
        let intact = try dataset.observations(for: classes)
        #expect(intact.scalars.allSatisfy { $0.isFinite })

        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size - 64))
        try handle.close()
        do {
            _ = try dataset.observations(for: classes)
            Issue.record("a batch was read from a truncated file")
        } catch let error as DatasetError {
            #expect(error.description.contains("\(url.path): dataset 'images'"), "\(error)")
            #expect(error.description.contains("bytes now, \(size) when it was opened"), "\(error)")
        }
        #expect(dataset.readFailure != nil)
    }
}
