import DisentangleDatasets
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// Files truncated after a dataset was opened on them: the next batch throws an error naming the file and the
/// problem, instead of the SIGBUS a memory mapping would raise.
@Suite("Files truncated after opening")
struct TruncatedFileTests {
    /// Cuts the file at `url` down to `size` bytes in place (as another process truncating it would).
    static func truncate(_ url: URL, to size: Int) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }

    static func size(_ url: URL) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
    }

    /// 16 images of 8 x 8 uint8 intensities, image `i` all `i + 2`, and their labels `0..<16`.
    static func writeNPY(in directory: URL) throws -> (images: URL, labels: URL) {
        let images = directory.appendingPathComponent("images.npy")
        let labels = directory.appendingPathComponent("labels.npy")
        let bytes = (0..<16).flatMap { [UInt8](repeating: UInt8($0 + 2), count: 64) }
        try NumPyArray(dtype: .uint8, shape: [16, 8, 8], bytes: bytes).write(to: images)
        try NumPyArray(shape: [16], integers: Array(0..<16)).write(to: labels)
        return (images, labels)
    }

    @Test func aTruncatedNPYFileThrowsOnTheNextBatchNamingTheFile() throws {
        let directory = temporaryDirectory("truncated-npy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (url, _) = try Self.writeNPY(in: directory)
        let images = try StoredImages(npyAt: url)
        let before = try images.observations(rows: [0, 15])
        #expect(before.scalars[0] == 2 / 255 && before.scalars[64] == 17 / 255)

        // Keep the header and the first 8 images.
        try Self.truncate(url, to: try Self.size(url) - 8 * 64)
        #expect(try images.observations(rows: [1, 7]).scalars[64] == 9 / 255)  // still on disk
        let error = datasetError { _ = try images.observations(rows: [3, 12]) }
        #expect(error?.contains(url.path) == true, "\(error ?? "no error")")
        #expect(error?.contains("image 12") == true && error?.contains("truncated") == true, "\(error ?? "no error")")
        // From then on the images are known to be unreliable: every batch throws until they are opened again.
        #expect(datasetError { _ = try images.observations(rows: [0]) } == error)
        #expect(images.readFailure?.description == error)
    }

    @Test func aTruncatedNPYDatasetThrowsFromSampleNextAndObservationsNamingTheFile() throws {
        let directory = temporaryDirectory("truncated-grid")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (images, labels) = try Self.writeNPY(in: directory)
        let dataset = try ImageArrayDataset(name: "sixteen", imagesAt: images, factorsAt: labels)
        var generator = RandomGenerator(seed: 1)
        #expect(try dataset.sample(count: 32, using: &generator).observations.scalars.allSatisfy { $0.isFinite })
        var sampler = try BatchSampler(dataset: dataset, batchSize: 8, generator: RandomGenerator(seed: 2))
        #expect(try sampler.next().observations.scalars.allSatisfy { $0.isFinite })
        #expect(dataset.readFailure == nil)

        try Self.truncate(images, to: 100)
        // No batch with made-up pixels comes back: every batch function throws, naming the file and the image.
        let sampled = datasetError { _ = try dataset.sample(count: 32, using: &generator) }
        #expect(sampled?.hasPrefix("\(images.path): cannot read image ") == true, "\(sampled ?? "no error")")
        #expect(sampled?.contains("the file ends before byte") == true, "\(sampled ?? "no error")")
        #expect(datasetError { _ = try sampler.next() } == sampled)
        #expect(datasetError { _ = try dataset.observations(for: dataset.factorClasses(at: [0, 1])) } == sampled)
        #expect(dataset.readFailure?.description == sampled)
    }

    @Test func aTruncatedFileStopsRecolouredDatasetsToo() throws {
        let directory = temporaryDirectory("truncated-recoloured")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (images, labels) = try Self.writeNPY(in: directory)
        let dataset = try NoisyBackground(ImageArrayDataset(name: "sixteen", imagesAt: images, factorsAt: labels))
        var generator = RandomGenerator(seed: 1)
        _ = try dataset.sample(count: 4, using: &generator)
        try Self.truncate(images, to: 100)
        let error = datasetError { _ = try dataset.sample(count: 4, using: &generator) }
        #expect(error?.hasPrefix("\(images.path): cannot read image ") == true, "\(error ?? "no error")")
    }

    @Test func aTruncatedStoredNPZMemberThrowsAndTheArchiveRefusesFurtherReads() throws {
        let directory = temporaryDirectory("truncated-npz")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("mpi3d_small.npz")
        try FileManager.default.copyItem(at: FormatFixtures.url("mpi3d_small.npz"), to: url)
        let archive = try NPZArchive(contentsOf: url)
        let dataset = try ImageArrayDataset(mpi3DArchiveAt: url, factorSizes: [2, 1, 1, 2, 1, 3, 2])
        let rows = try dataset.factorClasses(at: Array(0..<24))
        _ = try dataset.observations(for: rows)

        try Self.truncate(url, to: try Self.size(url) / 2)
        let error = datasetError { _ = try dataset.observations(for: rows) }
        #expect(error?.contains(url.path) == true && error?.contains("truncated") == true, "\(error ?? "no error")")
        // Reading a member through the archive's mapping would raise SIGBUS; it throws instead.
        let member = datasetError { _ = try archive.array(named: "images") }
        #expect(member?.contains("\(url.path): the file is") == true && member?.contains("truncated") == true, "\(member ?? "no error")")
    }
}
