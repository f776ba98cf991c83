import DisentangleDatasets
import DisentangleRuns
import Foundation
import Testing

@Suite("--dataset strings: catalog names, files with or without a format, options")
struct DatasetSourceTests {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    private func datasets(_ name: String) -> String { DatasetSourceTests.tests.appendingPathComponent("DisentangleDatasetsTests/Fixtures/\(name)").path }
    private func hdf5(_ name: String) -> String { DatasetSourceTests.tests.appendingPathComponent("DisentangleHDF5Tests/Fixtures/\(name)").path }

    private func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("catalog names, circles of any size and radius included, are stored as they are")
    func catalogNamesAreCanonical() throws {
        for name in ["circles-32", "circles-32-r1.5", "circles-48-r4", "dsprites"] {
            #expect(try DatasetSource.canonical(name) == name)
        }
        // The small-objects study's datasets train (their settings resolve to a configuration).
        var settings = RunSettings()
        settings.dataset = "circles-32-r1"
        #expect(try settings.configuration().dataset == "circles-32-r1")
        #expect(throws: RunError.self) { try DatasetSource.canonical("circles-32-q1") }
    }

    @Test("parses FORMAT:PATH?KEY=VALUE&... and prints it back")
    func parses() throws {
        let spec = try DatasetSpecification(parsing: "npz:data/x.npz?images=imgs&names=a,b")
        #expect(spec.format == .npz && spec.path == "data/x.npz" && spec.option("images") == "imgs" && spec.option("names") == "a,b")
        #expect(spec.description == "npz:data/x.npz?images=imgs&names=a,b")
        let bare = try DatasetSpecification(parsing: "C:/odd:name.npy")
        #expect(bare.format == nil && bare.path == "C:/odd:name.npy")
        #expect(message { _ = try DatasetSpecification(parsing: "npy:") }?.contains("no file path") == true)
        #expect(message { _ = try DatasetSpecification(parsing: "npy:x.npy?factors") }?.contains("option 'factors' is not KEY=VALUE") == true)
        #expect(message { _ = try DatasetSpecification(parsing: "npy:x.npy?layout=nhw&layout=nchw") }?.contains("option 'layout' is given twice") == true)
        #expect(message { _ = try DatasetSpecification(parsing: "dsprites:x.npz?layout=nhw") }?.contains("format dsprites takes no options, not 'layout'") == true)
    }

    @Test("detects every format from the file's first bytes")
    func detects() throws {
        let cases: [(String, DatasetSpecification.Format)] = [
            (datasets("grid_nhwc.npy"), .npy), (datasets("stored.npz"), .npz), (datasets("dsprites_stored.npz"), .dsprites),
            (datasets("train-images-idx3-ubyte.gz"), .mnist), (hdf5("shapes3d_small.h5"), .shapes3d),
            (hdf5("shapes3d_userblock.h5"), .shapes3d),  // a 512-byte user block before the superblock
            (datasets("smallnorb-tiny-training-dat.mat"), .smallnorb), (datasets("mpi3d_small.npz"), .npz),
        ]
        for (path, format) in cases { #expect(try DatasetSource.detectedFormat(URL(fileURLWithPath: path)) == format, "\(path)") }
        #expect(message { _ = try DatasetSource.detectedFormat(URL(fileURLWithPath: #filePath)) }?.contains("unrecognised file format") == true)
    }

    @Test("loads every format: grids as ground-truth datasets, other labels as labelled images")
    func loads() throws {
        func grid(_ spec: String) throws -> any GroundTruthDataset {
            guard case .grid(let dataset) = try DatasetSource.load(spec) else { throw DatasetError("\(spec) is not a grid") }
            return dataset
        }
        #expect(try grid("circles-32").name == "circles-32")
        #expect(try grid(datasets("grid_nhwc.npy") + "?factors=" + datasets("grid_factors.npy") + "&names=a,b").factorNames == ["a", "b"])
        #expect(try grid("npz:" + datasets("stored.npz") + "?layout=nchw").factorSizes == [3, 2])
        #expect(try grid(datasets("dsprites_stored.npz")).name == "dsprites-archive")
        #expect(try grid("mpi3d:" + datasets("mpi3d_small.npz") + "?grid=2,1,1,2,1,3,2").name == "mpi3d")
        #expect(try grid(datasets("smallnorb-tiny-training-dat.mat") + "?camera=1").name == "smallnorb")
        #expect(try grid(hdf5("shapes3d_chunked.h5")).name == "shapes3d")
        guard case .labeled(let mnist) = try DatasetSource.load(datasets("train-images-idx3-ubyte.gz")) else {
            Issue.record("MNIST is not a grid")
            return
        }
        #expect(mnist.count == 10 && mnist.observationShape == [1, 28, 28])
        #expect(try DatasetSource.load(datasets("partial_labels.npz")).factors.map(\.size) == [3])
        #expect(message { _ = try DatasetSource.dataset(datasets("partial_labels.npz")) }?.contains("do not form a full factor grid") == true)
        #expect(message { _ = try DatasetSource.load("no-such-thing") }?.contains("neither a known dataset") == true)
        #expect(message { _ = try DatasetSource.load(datasets("stored.npz") + "?layout=diagonal") }?.contains("layout 'diagonal'; expected nhw, nchw or nhwc") == true)
        #expect(message { _ = try DatasetSource.load("mpi3d:" + datasets("mpi3d_small.npz") + "?grid=2,x") }?.contains("grid '2,x' is not a comma-separated list") == true)
        #expect(message { _ = try DatasetSource.load("mnist:" + datasets("grid_nhwc.npy")) }?.contains("bad magic") == true)
    }

    @Test("canonical specifications name the format and absolute, standardised paths")
    func canonical() throws {
        #expect(try DatasetSource.canonical("dsprites") == "dsprites")
        let images = datasets("grid_nhwc.npy"), factors = datasets("grid_factors.npy")
        let detour = DatasetSourceTests.tests.appendingPathComponent("DisentangleRunsTests").path + "/../DisentangleDatasetsTests/Fixtures/grid_nhwc.npy"
        #expect(try DatasetSource.canonical(detour + "?factors=" + factors) == "npy:\(images)?factors=\(factors)")
        let cwd = FileManager.default.currentDirectoryPath + "/"
        if images.hasPrefix(cwd) {
            let relative = String(images.dropFirst(cwd.count))
            #expect(try DatasetSource.canonical("mnist:" + relative + "?labels=x") == "mnist:\(images)?labels=\(cwd)x")
        }
    }
}
