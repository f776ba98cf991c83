import DisentangleDatasets
import DisentangleHDF5
import Foundation
import Testing

@Suite("Shapes3D through libhdf5, on files made by h5py")
struct Shapes3DTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    private func url(_ name: String) -> URL { Shapes3DTests.fixtures.appendingPathComponent(name) }

    private func error(_ url: URL) -> String? {
        do {
            _ = try ImageArrayDataset(shapes3DAt: url)
            return nil
        } catch let error as DatasetError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("loads images (read by hyperslab) and float64 labels forming the grid", arguments: ["shapes3d_small.h5", "shapes3d_chunked.h5"])
    func loads(file: String) throws {
        let dataset = try ImageArrayDataset(shapes3DAt: url(file))
        #expect(dataset.name == "shapes3d" && dataset.factorNames == ImageArrayDataset.shapes3DFactorNames)
        #expect(dataset.factorSizes == [2, 1, 1, 2, 1, 3] && dataset.observationShape == [3, 4, 4])
        #expect(dataset.factors[5].values == [0, 0.5, 1])
        let images = try dataset.observations(for: dataset.factorClasses(at: Array(0..<12)))
        for row in 0..<12 {
            let image = Array(images.scalars[(row * 48)..<((row + 1) * 48)])
            #expect(image[0] == Float(row) / 255)
            // Stored 4 x 4 x 3 (HWC), handed out 3 x 4 x 4 (CHW); the script's pattern elsewhere.
            for c in 0..<3 {
                for y in 0..<4 {
                    for x in 0..<4 where c + y + x > 0 {
                        let e = (y * 4 + x) * 3 + c
                        #expect(image[(c * 4 + y) * 4 + x] == Float(e * 7 % 50 + 100) / 255)
                    }
                }
            }
        }
    }

    @Test("reads the element range of a pixel source across row boundaries")
    func pixelRanges() throws {
        let pixels = try HDF5Pixels(HDF5Dataset(fileAt: url("shapes3d_small.h5"), name: "images"))
        #expect(pixels.elementCount == 12 * 48)
        var values = [Float](repeating: -1, count: 50)
        try values.withUnsafeMutableBufferPointer { try pixels.read(elements: 47..<97, into: $0.baseAddress!) }
        #expect(values[0] == Float(47 * 7 % 50 + 100) / 255)
        #expect(values[1] == 1 / 255 && values[49] == 2 / 255)
    }

    @Test("malformed files: wrong dtype, missing dataset, wrong shape, huge images, not HDF5, truncated, missing")
    func errors() throws {
        #expect(error(url("shapes3d_int_labels.h5"))?.contains("dataset 'labels' holds signedInteger(4) elements; expected float64") == true)
        #expect(error(url("shapes3d_no_labels.h5"))?.contains("shapes3d_no_labels.h5: no dataset 'labels'; the file holds 'images'") == true)
        #expect(error(url("shapes3d_gray.h5"))?.contains("dataset 'images' holds unsignedInteger(1) of shape [12, 4, 4]; expected uint8 N x height x width x 3") == true)
        // 3 kB claiming 360 GB of pixels (never written): rejected on opening, not when a batch is allocated.
        let huge = error(url("shapes3d_huge_images.h5"))
        #expect(huge?.contains("dataset 'images': images of 3 x 100000 x 100000 are larger than the 16777216 values per image") == true, "\(huge ?? "no error")")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try Data(contentsOf: url("shapes3d_small.h5"))
        let truncated = directory.appendingPathComponent("truncated.h5")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        #expect(error(truncated)?.contains("truncated.h5") == true)
        let garbage = directory.appendingPathComponent("garbage.h5")
        try Data("not an hdf5 file at all".utf8).write(to: garbage)
        #expect(error(garbage)?.contains("garbage.h5: not an HDF5 file") == true)
        #expect(error(directory.appendingPathComponent("missing.h5"))?.contains("missing.h5: cannot read the file") == true)
        #expect(throws: DatasetError.self) { try HDF5Pixels(HDF5Dataset(fileAt: url("shapes3d_int_labels.h5"), name: "labels")) }
    }
}
