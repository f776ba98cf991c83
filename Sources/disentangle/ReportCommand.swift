import ArgumentParser
import Disentangle
import Foundation

/// `disentangle report`: the pictures of a trained run as RUN/report/index.html with PNG, GIF and SVG files.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's report: reconstructions, traversals, animations, curves, latent geometry, metrics.",
        discussion: """
            Writes RUN/report/index.html and the PNG, GIF and SVG files it shows; the directory is self-contained \
            (no network). Seed 002's traversals: --traversal-range -3,3 --traversal-steps 7. Seed 004's: \
            --traversal-range -0.5,0.5 --traversal-steps 11 --traversal-mode offset.
            """)

    @Option(name: .customLong("run"), help: "A run directory written by `disentangle train`.")
    var runDirectory: String

    @Option(parsing: .unconditional, help: "The traversal values' range, LOW,HIGH.")
    var traversalRange = "-2,2"

    @Option(help: "The number of traversal values.")
    var traversalSteps = 9

    @Option(help: "absolute: set the latent to each value; offset: add each value to the code's own value.")
    var traversalMode: TraversalSettings.Mode = .absolute

    @Option(help: "The latent-geometry plot's two factors, A,B (names or indices); default: the position factors or the two largest.")
    var geometryFactors: String?

    @Option(help: "Held samples for the posterior statistics, the fitted Gaussians and the computed metrics.")
    var samples = 1000

    @Option(help: "Held samples that get animated traversals (two GIFs each).")
    var animations = 3

    @Option(help: "The seed of the held samples and the prior samples.")
    var seed: UInt64 = 0

    func validate() throws {
        _ = try options()
    }

    func run() throws {
        let trained = try RunDirectory(path: runDirectory).trainedModel()
        let page = try RunReport.write(trained, options: try options()) { print($0) }
        print("report: \(page.path)")
    }

    private func options() throws -> RunReport.Options {
        let range = try TraversalSettings.parseRange(traversalRange)
        var options = RunReport.Options(
            traversal: try TraversalSettings(lower: range.lower, upper: range.upper, steps: traversalSteps, mode: traversalMode))
        if let geometryFactors {
            let parts = geometryFactors.split(separator: ",").map(String.init)
            guard parts.count == 2 else { throw ValidationError("--geometry-factors must name two factors, A,B; got '\(geometryFactors)'") }
            options.geometryFactors = (parts[0], parts[1])
        }
        guard samples >= 2 else { throw ValidationError("--samples must be at least 2, got \(samples)") }
        guard animations >= 0 else { throw ValidationError("--animations must not be negative, got \(animations)") }
        options.sampleCount = samples
        options.animationCount = animations
        options.seed = seed
        return options
    }
}
