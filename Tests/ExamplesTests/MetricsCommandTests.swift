import DisentangleTensor
import Foundation
import Testing

/// `disentangle metrics`: every registered metric on codes, options from the command line, and the intervention
/// metrics pointed to `evaluate`.
@Suite("Metrics command")
struct MetricsCommandTests {
    @Test func metricsAllReportsEveryCodeMetricAndOptionsReachTheMetrics() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = RandomGenerator(seed: 2)
        var codes: [Float] = [], factors: [Int] = []
        for _ in 0..<300 {
            let a = generator.nextInt(below: 4), b = generator.nextInt(below: 3)
            factors += [a, b]
            codes += [Float(a) + 0.2 * generator.nextFloat(), Float(b) + 0.2 * generator.nextFloat(), generator.nextFloat()]
        }
        let codesPath = directory.appendingPathComponent("codes.npy").path
        let factorsPath = directory.appendingPathComponent("factors.npy").path
        try NumPyArray(shape: [300, 3], floats: codes).write(to: URL(fileURLWithPath: codesPath))
        try NumPyArray(shape: [300, 2], integers: factors).write(to: URL(fileURLWithPath: factorsPath))
        let common = ["metrics", "--codes", codesPath, "--factors", factorsPath]

        let all = try ExamplesTests.run("disentangle", common + [
            "--metrics", "all", "--set", "dci.estimator={\"gradientBoosting\":{\"_0\":{\"stageCount\":5,\"learningRate\":0.1,\"tree\":{\"maxDepth\":3,\"minSamplesSplit\":2,\"minSamplesLeaf\":1}}}}",
            "--set", "dci_es.depths=[1,2]", "--set", "dci_es.treeCount=5"])
        #expect(all.status == 0, "\(all.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(all.output.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["mig", "dci", "sap", "modularity", "explicitness", "irs", "unsupervised", "mig_sup", "jemmig",
                                   "dcimig", "infomec", "dci_es"])

        let tenBins = try ExamplesTests.run("disentangle", common + ["--metrics", "jemmig", "--bins", "10"])
        let twentyBins = try ExamplesTests.run("disentangle", common + ["--metrics", "jemmig", "--set", "jemmig.discretizer.binCount=20"])
        #expect(tenBins.status == 0 && twentyBins.status == 0)
        #expect(tenBins.output != twentyBins.output)

        let forest = try ExamplesTests.run("disentangle", common + ["--metrics", "dci", "--dci-estimator", "random-forest"])
        #expect(forest.status == 0, "\(forest.error)")

        let intervention = try ExamplesTests.run("disentangle", common + ["--metrics", "beta_vae"])
        #expect(intervention.status != 0 && intervention.error.contains("disentangle evaluate --run"), "\(intervention.error)")
        let badOption = try ExamplesTests.run("disentangle", common + ["--metrics", "mig", "--set", "mig.bins=3"])
        #expect(badOption.status != 0 && badOption.error.contains("no option 'bins'"), "\(badOption.error)")
    }
}
