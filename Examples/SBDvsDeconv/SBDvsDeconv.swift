import ArgumentParser
import Disentangle
import Foundation

/// `sbd-vs-deconv`: the Spatial Broadcast Decoder against a deconvolutional decoder on Circles, measured by MIG, with
/// an HTML report (Watters et al. 2019; the latent-geometry analysis of Daniel Daza's blog post).
@main
struct SBDvsDeconv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbd-vs-deconv",
        abstract: "Train β-VAEs with a Spatial Broadcast and a deconv decoder on Circles and compare their disentanglement.",
        discussion: """
            For each seed, trains one VAE per decoder with identical encoders, initialisation, data order and settings \
            on 32x32 images of a circle at 40x40 positions, then measures MIG on the posterior means of all 1600 \
            positions. Writes OUT/summary.json (every run's numbers), OUT/report.html (reconstructions, posterior \
            variance per latent, latent-space geometry, traversals, MIG table, training curves) and OUT/runs/ \
            (each run's log.jsonl and final checkpoint).
            """)

    @Option(help: "Seeds per decoder (seeds first-seed, first-seed + 1, ...).")
    var seeds = 1

    @Option(help: "The first seed.")
    var firstSeed: UInt64 = 0

    @Option(help: "Training steps per model.")
    var steps = 1000

    @Option(help: "The output directory.")
    var out = "sbd-vs-deconv-report"

    @Option(help: "β, the weight of the KL term.")
    var beta: Float = 4

    @Option(help: "Latent dimensions.")
    var latents = 10

    @Option(help: "Batch size.")
    var batchSize = 64

    @Option(help: "Adam's learning rate.")
    var learningRate = 3e-4

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard beta > 0, beta.isFinite else { throw ValidationError("--beta must be positive, got \(beta)") }
        guard latents >= 2 else { throw ValidationError("--latents must be at least 2 (MIG and the geometry plot need two), got \(latents)") }
        guard batchSize >= 2 else { throw ValidationError("--batch-size must be at least 2, got \(batchSize)") }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--learning-rate must be positive, got \(learningRate)")
        }
        guard firstSeed <= UInt64.max - UInt64(seeds) else { throw ValidationError("--first-seed is too large") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("--out \(out) is a file; pass a directory")
        }
    }

    func run() throws {
        let began = Date()
        let outDirectory = URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
        let settings = ExperimentSettings(
            dataset: "circles-32", imageSize: 32, latentCount: latents, beta: beta, learningRate: learningRate,
            batchSize: batchSize, steps: steps, seeds: (0..<UInt64(seeds)).map { firstSeed + $0 },
            threads: Threading.threadCount)
        let grid = try EvaluationGrid(imageSize: settings.imageSize)
        say("sbd-vs-deconv: \(seeds) seed(s) x 2 decoders x \(steps) steps on \(grid.dataset.name), "
            + "\(Threading.threadCount) threads; writing to \(outDirectory.path)")

        var results: [DecoderChoice: [RunResult]] = [:]
        var runNumber = 0
        for seed in settings.seeds {
            for decoder in DecoderChoice.allCases {
                runNumber += 1
                say("[\(runNumber)/\(2 * seeds)] training \(decoder.title), seed \(seed)")
                let result = try runExperiment(
                    decoder: decoder, seed: seed, settings: settings, grid: grid,
                    runDirectory: outDirectory.appendingPathComponent("runs/\(decoder.rawValue)-seed\(seed)"))
                let s = result.summary
                say("    MIG \(format(s.mig)) (x \(format(s.migPerFactor["x"] ?? .nan)), y \(format(s.migPerFactor["y"] ?? .nan)))"
                    + "  position R² \(format(s.positionCode.linearR2)), rotation \(format(s.positionCode.rotationDegrees, digits: 1))°"
                    + "  reconstruction \(format(s.reconstruction, digits: 2))  KL \(format(s.kl, digits: 2))"
                    + "  \(format(s.trainingImagesPerSecond, digits: 0)) img/s  \(duration(s.wallSeconds))")
                results[decoder, default: []].append(result)
                // Rewritten after every run, so an interrupted experiment keeps what it measured.
                try Summary(command: commandLine(), settings: settings, results: results, wallSeconds: Date().timeIntervalSince(began))
                    .write(to: outDirectory.appendingPathComponent("summary.json"))
            }
        }

        let summary = Summary(
            command: commandLine(), settings: settings, results: results, wallSeconds: Date().timeIntervalSince(began))
        try summary.write(to: outDirectory.appendingPathComponent("summary.json"))
        let reportURL = outDirectory.appendingPathComponent("report.html")
        try makeReport(summary: summary, results: results, grid: grid).write(to: reportURL)

        say("\nMIG over the 40x40 grid of positions")
        for decoder in DecoderChoice.allCases {
            let values = results[decoder]!.map { format($0.summary.mig) }.joined(separator: "  ")
            say("  \(decoder.title.padding(toLength: 7, withPad: " ", startingAt: 0)) \(values)   median \(format(summary.medians[decoder.rawValue]!.mig))")
        }
        say("  SBD above deconv in \(summary.seedsWhereSBDBeatsDeconv) of \(seeds) seed(s); total wall time \(duration(summary.wallSeconds))")
        say("\nsummary: \(outDirectory.appendingPathComponent("summary.json").path)")
        say("report:  \(reportURL.path)")
    }

    /// The command line that reproduces this run.
    private func commandLine() -> String {
        var parts = ["sbd-vs-deconv", "--seeds", "\(seeds)", "--steps", "\(steps)"]
        if firstSeed != 0 { parts += ["--first-seed", "\(firstSeed)"] }
        if beta != 4 { parts += ["--beta", "\(beta)"] }
        if latents != 10 { parts += ["--latents", "\(latents)"] }
        if batchSize != 64 { parts += ["--batch-size", "\(batchSize)"] }
        if learningRate != 3e-4 { parts += ["--learning-rate", "\(learningRate)"] }
        return (parts + ["--out", out]).joined(separator: " ")
    }
}

/// Prints a line to standard output unbuffered, so it interleaves with the trainer's progress on standard error.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
