import DisentangleDatasets
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

@Suite("MNIST idx files")
struct MNISTTests {
    private func withFiles<T>(_ images: Data, _ labels: Data, _ body: (URL, URL) throws -> T) throws -> T {
        let directory = temporaryDirectory("datasets")
        defer { try? FileManager.default.removeItem(at: directory) }
        let imagesURL = directory.appendingPathComponent("images-idx3-ubyte.gz")
        let labelsURL = directory.appendingPathComponent("labels-idx1-ubyte")
        try images.write(to: imagesURL)
        try labels.write(to: labelsURL)
        return try body(imagesURL, labelsURL)
    }

    @Test("loads gzip-compressed and plain idx files")
    func loads() throws {
        let data = try withFiles(fixture("mnist_images_gz"), fixture("mnist_labels_gz")) {
            try LabeledImages(mnistImagesAt: $0, labelsAt: $1)
        }
        let images = try data.observations(rows: [0, 1, 2])
        #expect(images.shape == [3, 1, 4, 5])
        #expect(images.scalars == (0..<60).map { Float($0) / 255 })
        #expect(data.factors == [Factor(name: "digit", values: [0, 7, 9])])
        #expect(try data.factorClasses(rows: [0, 1, 2]).classes == [1, 0, 2])
        let plain = try IDXArray(data: Data(idx([2, 3], [1, 2, 3, 4, 5, 6])))
        #expect(plain.shape == [2, 3] && plain.bytes == [1, 2, 3, 4, 5, 6])
    }

    @Test("rejects malformed idx files with errors naming the file and field")
    func rejectsMalformed() {
        func error(_ bytes: [UInt8], limit: Int = IDXArray.defaultMaximumSize) -> String? {
            datasetError { _ = try IDXArray(data: Data(bytes), source: "m.idx", maximumSize: limit) }
        }
        #expect(error([1, 0, 8, 1, 0, 0, 0, 0])?.contains("m.idx: bad magic") == true)
        #expect(error([0, 0])?.contains("bad magic") == true)
        #expect(error(idx([2], [1, 2], type: 0x0D))?.contains("field 'type': code 0xd (float) is not supported") == true)
        #expect(error([0, 0, 8, 0])?.contains("field 'rank'") == true)
        #expect(error([0, 0, 8, 2, 0, 0, 0, 1])?.contains("truncated") == true)
        #expect(error(idx([10], [1, 2, 3]))?.contains("need 10 data bytes but 3 follow the header (truncated file or lying header)") == true)
        #expect(error(idx([1], [1, 2, 3]))?.contains("need 1 data bytes but 3") == true)
        #expect(error(idx([0x7FFF_FFFF, 0x7FFF_FFFF, 0x7FFF_FFFF], []))?.contains("too large to address") == true)
        #expect(error(idx([3], [1, 2, 3]), limit: 5)?.contains("exceeds the limit of 5") == true)
        #expect(error(Array(fixture("mnist_images_gz")), limit: 20)?.contains("decompresses to more than 20 bytes") == true)
        var corrupt = Array(fixture("mnist_images_gz"))
        corrupt[corrupt.count - 8] ^= 0xFF  // the gzip trailer's CRC
        #expect(error(corrupt)?.contains("corrupt compressed data") == true)
        #expect(error(Array(fixture("mnist_images_gz").prefix(30)))?.contains("truncated") == true)
    }

    @Test("rejects image and label files that do not belong together")
    func rejectsMismatchedPairs() throws {
        let images = Data(idx([2, 2, 2], Array(repeating: 0, count: 8)))
        #expect(try withFiles(images, Data(idx([3], [1, 2, 3]))) { i, l in datasetError { _ = try LabeledImages(mnistImagesAt: i, labelsAt: l) } }?.contains("3 labels for the 2 images") == true)
        #expect(try withFiles(images, Data(idx([2, 1], [1, 2]))) { i, l in datasetError { _ = try LabeledImages(mnistImagesAt: i, labelsAt: l) } }?.contains("expected a vector") == true)
        #expect(try withFiles(Data(idx([8], Array(repeating: 0, count: 8))), Data(idx([2], [1, 2]))) { i, l in datasetError { _ = try LabeledImages(mnistImagesAt: i, labelsAt: l) } }?.contains("expected N x height x width") == true)
        #expect(datasetError { _ = try IDXArray(contentsOf: URL(fileURLWithPath: "/nonexistent/x.idx")) }?.contains("/nonexistent/x.idx: cannot read") == true)
    }
}
