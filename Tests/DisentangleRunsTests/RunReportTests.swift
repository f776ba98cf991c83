@testable import DisentangleRuns
import DisentangleDatasets
import DisentangleModels
import DisentangleTensor
import Foundation
import Testing

@Suite("Run report")
struct RunReportTests {
    /// A FactorVAE (so that the log holds total correlation and discriminator accuracy) trained for 6 steps.
    static func tinyRun() throws -> RunDirectory {
        let directory = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)"))
        let model = VAESpecification(
            observationShape: [1, 32, 32], latentCount: 4, encoder: .mlp, decoder: .mlp, objective: .factorVAE)
        let training = TrainingOptions(batchSize: 8, seed: 3, checkpointEvery: 6, printEvery: 0)
        try RunTraining.start(RunConfiguration(model: model, dataset: "circles-32", training: training, steps: 6), in: directory) { _ in }
        return directory
    }

    /// The frame count and screen size of a GIF, found by walking its blocks.
    static func gifFrames(_ data: Data) throws -> (count: Int, width: Int, height: Int) {
        let b = [UInt8](data)
        try #require(b.count > 13 && String(decoding: b[0..<6], as: UTF8.self) == "GIF89a")
        let width = Int(b[6]) | Int(b[7]) << 8, height = Int(b[8]) | Int(b[9]) << 8
        var p = 13 + (b[10] & 0x80 != 0 ? 3 << (Int(b[10] & 7) + 1) : 0)
        func skipSubBlocks() { while b[p] != 0 { p += Int(b[p]) + 1 }; p += 1 }
        var frames = 0
        while p < b.count {
            switch b[p] {
            case 0x21: p += 2; skipSubBlocks()
            case 0x2C:
                frames += 1
                let packed = b[p + 9]
                p += 10 + (packed & 0x80 != 0 ? 3 << (Int(packed & 7) + 1) : 0) + 1
                skipSubBlocks()
            case 0x3B: return (frames, width, height)
            default: throw RunError("unexpected GIF block \(b[p]) at \(p)")
            }
        }
        throw RunError("GIF without a trailer")
    }

    @Test func reportOfATinyRunWritesEveryPictureAndOnlyLinksLocalFiles() throws {
        let directory = try Self.tinyRun()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        var options = RunReport.Options(traversal: try TraversalSettings(lower: -0.5, upper: 0.5, steps: 5, mode: .offset))
        options.sampleCount = 64
        options.animationCount = 1
        options.animationFrames = 6
        let page = try RunReport.write(try directory.trainedModel(), options: options)
        #expect(page == directory.reportDirectory.appendingPathComponent("index.html"))
        let html = try String(contentsOf: page, encoding: .utf8)

        let sources = html.components(separatedBy: "src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(sources.count >= 12)
        for source in sources {
            #expect(!source.contains(":") && !source.hasPrefix("/") && !source.contains(".."), "\(source)")
            #expect(FileManager.default.fileExists(atPath: directory.reportDirectory.appendingPathComponent(source).path), "\(source)")
        }
        for expected in ["reconstructions.png", "traversals.png", "interpolations.png", "prior-samples.png",
                         "posterior-variance.svg", "kl-per-latent.svg", "traversal-fixed-interval-0.gif",
                         "traversal-fitted-gaussian-0.gif", "curve-reconstruction.svg", "curve-kl.svg",
                         "curve-kl-per-dimension.svg", "curve-diagnostics-total-correlation.svg",
                         "curve-diagnostics-discriminator-accuracy.svg", "geometry-x-y-factors.svg", "geometry-x-y-latents.svg"] {
            #expect(sources.contains(expected), "the page does not show \(expected)")
        }
        // 4 latents of 32 x 32 drawn at 64 x 64 in one row, 4 pixels of padding: 2 * 4 + 4 * 64 + 3 * 4 by 2 * 4 + 64.
        for cycle in LatentCycle.allCases {
            let gif = try Self.gifFrames(Data(contentsOf: directory.reportDirectory.appendingPathComponent("traversal-\(cycle.rawValue)-0.gif")))
            #expect(gif.count == 6 && gif.width == 276 && gif.height == 72, "\(cycle): \(gif)")
        }
        #expect(html.contains("mig"), "the computed metrics table is missing")
        #expect(html.contains("offset from the code") || html.contains("plus"))
    }

    @Test func metricsJSONIsShownWhenTheRunHasOne() throws {
        let directory = try Self.tinyRun()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        try Data(#"{"mig": {"score": 0.4321, "per_factor": [0.1, 0.2]}, "dci": {"disentanglement": 0.25}}"#.utf8)
            .write(to: directory.metricsFile)
        let run = try directory.trainedModel()
        let analysis = try RunAnalysis(vae: run.vae, dataset: try run.dataset(), sampleCount: 16)
        let table = try #require(try RunReport.metricsTable(run, analysis: analysis))
        #expect(table.table.rows == [["dci.disentanglement", "0.25"], ["mig.score", "0.4321"]])
        try Data(#"{"step": 6, "scalars": {"mig": 0.5, "sap": 0.125}, "options": {"seed": 0}}"#.utf8).write(to: directory.metricsFile)
        #expect(try RunReport.metricsTable(run, analysis: analysis)?.table.rows == [["mig", "0.5"], ["sap", "0.125"]])
    }

    @Test func latentGeometryCoversTheGridOfTwoFactors() throws {
        let directory = try Self.tinyRun()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let run = try directory.trainedModel()
        let geometry = try LatentGeometry(vae: run.vae, dataset: try run.dataset(), factors: "y", "0")
        #expect(geometry.factorNames == ("y", "x"))
        #expect(geometry.codes.x.count == 1600 && geometry.rings.count == 1600)
        #expect(Set(geometry.rings) == Set(0..<LatentGeometry.ringCount))
        #expect(geometry.latents.0 != geometry.latents.1)
        // The corners are on the outer ring, the centre on the inner one.
        #expect(geometry.rings[0] == 4 && geometry.rings[20 * 40 + 20] == 0)
        #expect { try LatentGeometry(vae: run.vae, dataset: try run.dataset(), factors: "x", "colour") } throws: {
            "\($0)".contains("has no factor 'colour'; its factors are x, y")
        }
        #expect(throws: RunError.self) { try LatentGeometry(vae: run.vae, dataset: try run.dataset(), factors: "x", "x") }
    }

    /// Reference values: Python's statistics.NormalDist (exact to double precision).
    @Test func standardNormalQuantileMatchesReference() {
        let reference: [(Double, Double)] = [
            (0.001, -3.090232306167813), (0.01, -2.3263478740408408), (0.02425, -1.9729610513118845),
            (0.3, -0.5244005127080407), (0.5, 0), (0.975, 1.9599639845400536), (0.999, 3.090232306167813),
        ]
        for (p, x) in reference {
            #expect(abs(StandardNormal.quantile(p) - x) < 1e-12, "Φ⁻¹(\(p))")
        }
        #expect(abs(StandardNormal.cdf(-1) - 0.15865525393145707) < 1e-15)
        #expect(abs(StandardNormal.cdf(2) - 0.9772498680518208) < 1e-15)
    }

    /// disentanglement_lib's cycles: from the start up to one end, down to the other and back.
    @Test func latentCyclesFollowDisentanglementLib() {
        let fixed = LatentCycle.fixedInterval.values(start: 0, frames: 4, means: [], variances: [])
        #expect(fixed == [0, 2, 0, -2])
        let fromOne = LatentCycle.fixedInterval.values(start: 1, frames: 8, means: [], variances: [])
        #expect(zip(fromOne, [1, 2, 1, 0, -1, -2, -1, 0]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(fromOne)")
        // A latent whose posterior means are ±1 with variance 3: fitted N(0, 4).
        let fitted = LatentCycle.fittedGaussian.values(start: 0, frames: 4, means: [-1, 1], variances: [3, 3])
        let q = 2 * 3.090232306167813
        #expect(zip(fitted, [0, q, 0, -q]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(fitted)")
    }

    @Test func trainingLogReadsEveryKeyAndSkipsATruncatedLastLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("""
            {"step": 1, "loss": 3, "kl": 1, "kl_per_dimension": [0.5, 0.5], "diagnostics": {}, "elapsed_seconds": 0.1}
            {"step": 2, "loss": 2, "kl": 1.5, "kl_per_dimension": [1, 0.5], "diagnostics": {"capacity": 0.25}}
            {"step": 3, "loss": 1,
            """.utf8).write(to: url)
        let log = try TrainingLog(contentsOf: url)
        #expect(log.steps == [1, 2])
        #expect(log.curves.map(\.key) == ["loss", "kl", "kl_per_dimension", "diagnostics.capacity"])
        let perDimension = log.curves[2]
        #expect(perDimension.series.map(\.name) == ["[0]", "[1]"] && perDimension.series[0].values == [0.5, 1])
        #expect(log.curves[0].series.map(\.name) == [""])
        #expect(log.curves[3].series[0].values[0].isNaN && log.curves[3].series[0].values[1] == 0.25)

        try Data("{\"step\": 1, \"loss\": 3}\nnot json\n{\"step\": 3, \"loss\": 1}\n".utf8).write(to: url)
        #expect { try TrainingLog(contentsOf: url) } throws: { "\($0)".contains("line 2 is not a JSON object") }
    }

    @Test func traversalSettingsParseAndOffset() throws {
        let range = try TraversalSettings.parseRange("-0.5,0.5")
        #expect(range.lower == -0.5 && range.upper == 0.5)
        let seed004 = try TraversalSettings(lower: range.lower, upper: range.upper, steps: 11, mode: .offset)
        #expect(seed004.labels.first == "-0.5" && seed004.labels[5] == "0" && seed004.labels[6] == "+0.1")
        let values = seed004.values(from: [1, 2], dimension: 1)
        #expect(abs(values[0] - 1.5) < 1e-6 && abs(values[5] - 2) < 1e-6 && abs(values[10] - 2.5) < 1e-6)
        #expect(try TraversalSettings(lower: -3, upper: 3, steps: 7).values(from: [1, 2], dimension: 0) == [-3, -2, -1, 0, 1, 2, 3])
        #expect(throws: RunError.self) { try TraversalSettings.parseRange("3") }
        #expect(throws: RunError.self) { try TraversalSettings(lower: 1, upper: -1) }
        #expect(throws: RunError.self) { try TraversalSettings(steps: 1) }
    }
}
