import Foundation
import Testing

/// `disentangle train --dataset FILE` on the small files of every format, and `mnist-latent-map` on the MNIST
/// fixture.
@Suite("Training on files")
struct DataFormatExamplesTests {
    private static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    private static func fixture(_ path: String) -> String { tests.appendingPathComponent(path).path }

    private func temporary() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("disentangle train reads every format and stores the canonical specification", arguments: [
        ("DisentangleDatasetsTests/Fixtures/grid_nhwc.npy", "?factors=FIXTURES/grid_factors.npy", "npy:"),
        ("DisentangleDatasetsTests/Fixtures/partial_labels.npz", "", "npz:"),
        ("DisentangleDatasetsTests/Fixtures/dsprites_stored.npz", "", "dsprites:"),
        ("DisentangleDatasetsTests/Fixtures/train-images-idx3-ubyte.gz", "", "mnist:"),
        ("DisentangleDatasetsTests/Fixtures/smallnorb-tiny-training-dat.mat", "", "smallnorb:"),
        ("DisentangleHDF5Tests/Fixtures/shapes3d_small.h5", "", "shapes3d:"),
        ("DisentangleDatasetsTests/Fixtures/mpi3d_small.npz", "?grid=2,1,1,2,1,3,2", "mpi3d:"),
    ])
    func trainsOnFiles(path: String, options: String, format: String) throws {
        let directory = try temporary()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixtures = Self.fixture("DisentangleDatasetsTests/Fixtures")
        let prefix = format == "mpi3d:" ? format : ""
        let specification = prefix + Self.fixture(path) + options.replacingOccurrences(of: "FIXTURES", with: fixtures)
        let run = directory.appendingPathComponent("run").path
        let decoder = path.hasSuffix(".npy") ? "mlp" : "deconv"  // 5 x 4 images are not square
        let result = try ExamplesTests.run("disentangle", [
            "train", "--dataset", specification, "--model", "vae", "--encoder", "mlp", "--decoder", decoder, "--latents", "2",
            "--batch-size", "4", "--steps", "2", "--print-every", "0", "--out", run,
        ])
        if path.hasSuffix(".npy") {
            #expect(result.status != 0 && result.error.contains("square images), got [3, 5, 4]"), "\(result.error)")
            return
        }
        #expect(result.status == 0, "\(specification): \(result.error)")
        let config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/config.json"))) as? [String: Any])
        let stored = try #require(config["dataset"] as? String)
        #expect(stored.hasPrefix(format + Self.fixture(path)), "\(stored)")
        let log = try String(contentsOfFile: run + "/log.jsonl", encoding: .utf8)
        #expect(log.split(separator: "\n").count == 2)
    }

    @Test("mnist-latent-map trains on idx files and writes the map, the grid and the summary")
    func mnistLatentMap() throws {
        let directory = try temporary()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("map").path
        let result = try ExamplesTests.run("mnist-latent-map", [
            "--train-images", Self.fixture("DisentangleDatasetsTests/Fixtures/train-images-idx3-ubyte.gz"), "--steps", "3",
            "--batch-size", "4", "--grid-size", "3", "--out", out,
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("training set: reconstruction"), "\(result.output)")
        let svg = try String(contentsOfFile: out + "/latent-map.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        #expect(svg.contains(">digit<") && svg.contains("MNIST in a 2-D VAE latent (10 training images)"))
        #expect(svg.components(separatedBy: "<circle").count - 1 >= 10)
        let png = try Data(contentsOf: URL(fileURLWithPath: out + "/latent-grid.png"))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any])
        #expect(summary["mapped_images"] as? Int == 10 && summary["mapped_set"] as? String == "training")
        #expect((summary["digit_centroids"] as? [Any])?.count == 10)
        let bad = try ExamplesTests.run("mnist-latent-map", ["--train-images", "/nonexistent/train-images-idx3-ubyte"])
        #expect(bad.status != 0 && bad.error.contains("/nonexistent/train-images-idx3-ubyte: cannot read the file"), "\(bad.error)")
    }
}
