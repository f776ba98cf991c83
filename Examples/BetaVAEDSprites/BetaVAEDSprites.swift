import ArgumentParser
import Disentangle
import DisentangleArguments
import Foundation

/// `beta-vae-dsprites`: a capacity-annealed β-VAE (Burgess et al. 2018) on procedural dSprites, reporting the
/// posterior variance of each latent (the informative latents have small variance) and MIG/DCI.
@main
struct BetaVAEDSprites: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beta-vae-dsprites",
        abstract: "Train a capacity-annealed β-VAE on procedural dSprites and report per-latent variance, MIG and DCI.",
        discussion: """
            The objective is reconstruction + γ |KL − C|, with the capacity C growing linearly from 0 to --capacity nats \
            over --capacity-steps steps (Burgess et al. 2018: 25 nats over 100,000 steps, γ = 1000). The default run \
            is a few minutes' demonstration of the pipeline, far too short to disentangle anything: the capacity has \
            barely started to grow, so every latent is still close to the prior. Reproducing the paper's \
            per-latent variances needs its schedule (--steps 100000 or more). Writes OUT/summary.json, \
            OUT/report.html and OUT/run/ (log and checkpoint).
            """)

    @Option(help: "Training steps.")
    var steps = 200

    @Option(help: "The final capacity C_max, in nats.")
    var capacity: Float = 25

    @Option(help: "Steps over which the capacity grows from 0 to C_max.")
    var capacitySteps = 100_000

    @Option(help: "γ, the weight of |KL − C|.")
    var gamma: Float = 1000

    @Option(help: "The decoder: deconv (the paper's) or sbd.")
    var decoder: VAESpecification.DecoderKind = .deconv

    @Option(help: "Latent dimensions.")
    var latents = 10

    @Option(help: "Batch size.")
    var batchSize = 64

    @Option(help: "Adam's learning rate.")
    var learningRate = 5e-4

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "Observations sampled to compute the variances and the metrics.")
    var evaluationSamples = 5_000

    @Option(help: "The output directory.")
    var out = "beta-vae-dsprites-report"

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard capacity >= 0, capacity.isFinite else { throw ValidationError("--capacity must be non-negative, got \(capacity)") }
        guard capacitySteps >= 1 else { throw ValidationError("--capacity-steps must be at least 1") }
        guard gamma >= 0, gamma.isFinite else { throw ValidationError("--gamma must be non-negative, got \(gamma)") }
        guard [.deconv, .spatialBroadcast].contains(decoder) else {
            throw ValidationError("--decoder must be deconv or sbd, got \(decoder.rawValue)")
        }
        guard latents >= 2 else { throw ValidationError("--latents must be at least 2, got \(latents)") }
        guard batchSize >= 2 else { throw ValidationError("--batch-size must be at least 2, got \(batchSize)") }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive") }
        guard evaluationSamples >= 100 else { throw ValidationError("--evaluation-samples must be at least 100, got \(evaluationSamples)") }
    }

    func run() throws {
        let outDirectory = URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL
        let runDirectory = outDirectory.appendingPathComponent("run")
        if FileManager.default.fileExists(atPath: runDirectory.path) { try FileManager.default.removeItem(at: runDirectory) }
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)

        let dataset = DSprites()
        let specification = VAESpecification(
            observationShape: dataset.observationShape, latentCount: latents, decoder: decoder, objective: .annealedVAE,
            gamma: gamma, maximumCapacity: capacity, capacitySteps: capacitySteps)
        var generator = RandomGenerator(seed: seed)
        let vae = try specification.makeVAE(using: &generator)
        let trainer = try Trainer(
            vae: vae, data: GroundTruthTrainingData(dataset),
            options: TrainingOptions(
                batchSize: batchSize, learningRate: learningRate, seed: seed, checkpointEvery: 0, printEvery: max(1, steps / 10)),
            configuration: specification, runDirectory: runDirectory)
        let finalCapacity = capacity * Float(min(steps, capacitySteps)) / Float(capacitySteps)
        say("training a capacity-annealed β-VAE (γ \(gamma), C 0 → \(capacity) nats over \(capacitySteps) steps) with a "
            + "\(decoder.rawValue) decoder on dSprites for \(steps) steps (\(Threading.threadCount) threads); "
            + "the capacity reaches \(String(format: "%.3g", finalCapacity)) nats")
        try trainer.train(until: steps)

        say("encoding \(evaluationSamples) sampled observations")
        var evaluationGenerator = RandomGenerator(seed: seed &+ 1)
        let sample = try dataset.sample(count: evaluationSamples, using: &evaluationGenerator)
        let posterior = try vae.posteriorParameters(of: sample.observations)
        let evaluation = try vae.evaluation(of: sample.observations, posterior: posterior)
        let codes = try CodeMatrix(posterior.mean)
        let factors = try FactorMatrix(rowCount: sample.factors.count, columnCount: sample.factors.factorCount, values: sample.factors.classes)
        say("computing MIG and DCI")
        let metrics = try MetricSuite.evaluate(codes: codes, factors: factors, metrics: [MIG.self, DCI.self])
        let mig = try metrics.result(MIG.self)!
        let dci = try metrics.result(DCI.self)!

        // Per latent, the factor it shares the most information with (normalised by the factor's entropy).
        let variance = posterior.meanVariance
        let latentsSummary = posterior.dimensionsByInformativeness.map { latent in
            let normalised = zip(mig.mutualInformation[latent], mig.factorEntropies).map { $0 / $1 }
            let best = normalised.indices.max { normalised[$0] < normalised[$1] }!
            return LatentSummary(
                latent: latent, meanPosteriorVariance: variance[latent], klNats: evaluation.klPerDimension[latent],
                closestFactor: dataset.factorNames[best], normalisedMutualInformation: normalised[best])
        }
        say("\nlatent  variance  KL (nats)  closest factor, I(z; v) / H(v)")
        for entry in latentsSummary {
            say(String(format: "z%-5d  %8.4f  %9.3f  %@ %.2f", entry.latent, entry.meanPosteriorVariance, entry.klNats,
                       entry.closestFactor, entry.normalisedMutualInformation))
        }
        say(String(format: "\nreconstruction %.2f nats, KL %.2f nats", evaluation.reconstruction, evaluation.kl))
        say(String(format: "MIG %.3f  (%@)", mig.score,
                     zip(dataset.factorNames, mig.perFactor).map { String(format: "%@ %.3f", $0, $1) }.joined(separator: ", ")))
        say(String(format: "DCI disentanglement %.3f, completeness %.3f, informativeness (test) %.3f",
                     dci.disentanglement, dci.completeness, dci.informativenessTest))

        let summary = Summary(
            steps: steps, capacity: capacity, capacitySteps: capacitySteps, finalCapacity: finalCapacity, gamma: gamma,
            decoder: decoder.rawValue, seed: seed, evaluationSamples: evaluationSamples,
            reconstruction: evaluation.reconstruction, kl: evaluation.kl, latents: latentsSummary, metrics: metrics)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try AtomicFile.write(encoder.encode(summary), to: outDirectory.appendingPathComponent("summary.json"))

        let reportURL = outDirectory.appendingPathComponent("report.html")
        try makeReport(vae: vae, sample: sample, posterior: posterior, summary: summary).write(to: reportURL)
        say("\nsummary: \(outDirectory.appendingPathComponent("summary.json").path)\nreport:  \(reportURL.path)")
    }

    /// Reconstructions, the variance bar chart and traversals around the first sample's code.
    private func makeReport(vae: VAE, sample: Batch, posterior: PosteriorParameters, summary: Summary) throws -> HTMLReport {
        var report = HTMLReport(title: "Capacity-annealed β-VAE on dSprites")
        report.addParagraph(String(
            format: "%d steps, γ = %g, capacity 0 → %g nats over %d steps (%.3g nats at the last step), %@ decoder, "
                + "seed %llu. MIG %.3f; DCI disentanglement %.3f.",
            steps, gamma, capacity, capacitySteps, summary.finalCapacity, decoder.rawValue, seed, summary.metrics.scalars["mig.score"]!,
            summary.metrics.scalars["dci.disentanglement"]!))
        let inputs = sample.observations.narrowed(alongAxis: 0, start: 0, length: 8)
        let grid = try ImageGrid.rows([inputs, withoutGradients { vae.reconstruct(inputs) }], labels: ["input", "recon"])
        try report.addImage(try grid.render(), caption: "Inputs and the decoded posterior means.")
        let order = posterior.dimensionsByInformativeness
        var bars = BarChart(
            title: "Posterior variance per latent", xLabel: "Latent", yLabel: "Mean posterior variance",
            categories: (0..<latents).map { "z\($0)" }, values: posterior.meanVariance)
        bars.highlightedCategories = Set(summary.latents.filter { $0.meanPosteriorVariance < 0.5 }.map(\.latent))
        bars.highlightLabel = "variance < 0.5"
        try report.addChart(bars, caption: "Informative latents have small posterior variance; unused ones stay near 1.")
        let values: [Float] = stride(from: -2, through: 2, by: 0.5).map { Float($0) }
        let code = (0..<latents).map { posterior.mean[0, $0] }
        let strip = try TraversalStrip(
            decoded: vae.traversal(around: code, dimensions: order, values: values),
            latentLabels: summary.latents.map { "z\($0.latent) \(String(format: "%.2f", $0.meanPosteriorVariance))" },
            values: values.map(Double.init))
        try report.addImage(try strip.render(), caption: "Each latent swept from −2 to +2 around the first input's code, sorted by variance.")
        return report
    }
}

/// Prints a line to standard output unbuffered, so it interleaves with the trainer's progress on standard error.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// One latent's row of the variance table.
struct LatentSummary: Codable {
    var latent: Int
    var meanPosteriorVariance: Double
    var klNats: Double
    var closestFactor: String
    var normalisedMutualInformation: Double
}

/// The contents of `summary.json`.
struct Summary: Codable {
    var steps: Int
    var capacity: Float
    var capacitySteps: Int
    /// The capacity C at the last training step.
    var finalCapacity: Float
    var gamma: Float
    var decoder: String
    var seed: UInt64
    var evaluationSamples: Int
    var reconstruction: Double
    var kl: Double
    /// Latents from the lowest posterior variance to the highest.
    var latents: [LatentSummary]
    var metrics: MetricReport
}
