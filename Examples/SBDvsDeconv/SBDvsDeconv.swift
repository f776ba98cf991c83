import ArgumentParser
import Disentangle
import DisentangleArguments
import Foundation

/// `sbd-vs-deconv`: the Spatial Broadcast Decoder against a deconvolutional decoder, on Circles by default or any
/// catalog dataset, with β-VAE or any other objective, measured by MIG, with an HTML report (Watters et al. 2019; the
/// latent-geometry analysis of Daniel Daza's blog post).
@main
struct SBDvsDeconv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbd-vs-deconv",
        abstract: "Train VAEs with a Spatial Broadcast and a deconv decoder and compare their disentanglement.",
        discussion: """
            For each seed, trains one VAE per decoder with identical encoders, initialisation, data order and settings \
            (by default β-VAEs on 32x32 images of a circle at 40x40 positions), then measures MIG on the posterior \
            means of the dataset's whole factor grid (all 1600 positions of Circles) or, for larger datasets, of \
            --evaluation-samples sampled observations. Writes OUT/summary.json (every run's numbers), OUT/report.html \
            (reconstructions, posterior variance per latent, latent-space geometry of the position factors or the two \
            largest, traversals, MIG per factor, training curves) and OUT/runs/ (each run a run directory with \
            config.json, log.jsonl and its final checkpoint; the two shown runs with their full report/).
            """)

    @Option(help: "Seeds per decoder (seeds first-seed, first-seed + 1, ...).")
    var seeds = 1

    @Option(help: "The first seed.")
    var firstSeed: UInt64 = 0

    @Option(help: "Training steps per model.")
    var steps = 1000

    @Option(help: "The dataset (see `disentangle datasets list`), such as colored-sprites; the report adapts to its factors.")
    var dataset = "circles-32"

    @Option(help: "Observations every model is evaluated on when the dataset's factor grid is larger.")
    var evaluationSamples = 2000

    @Option(help: "The output directory.")
    var out = "sbd-vs-deconv-report"

    @Option(help: "Latent dimensions.")
    var latents = 10

    @OptionGroup(title: "Objective")
    var objective: ObjectiveArguments

    @OptionGroup(title: "Optimizer")
    var optimizer: OptimizerArguments

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard latents >= 2 else { throw ValidationError("--latents must be at least 2 (MIG and the geometry plot need two), got \(latents)") }
        guard firstSeed <= UInt64.max - UInt64(seeds) else { throw ValidationError("--first-seed is too large") }
        guard evaluationSamples >= 10 else { throw ValidationError("--evaluation-samples must be at least 10, got \(evaluationSamples)") }
        // The objective's and the optimiser's flags are checked as `disentangle train` checks them.
        do { _ = try baseSettings.configuration() } catch { throw ValidationError("\(error)") }
        let observation = try DatasetSource.dataset(dataset).observationShape
        guard observation.count == 3, observation[1] == observation[2] else {
            throw ValidationError("--dataset \(dataset) has observations of shape \(observation); the decoders need square images")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("--out \(out) is a file; pass a directory")
        }
    }

    func run() throws {
        let began = Date()
        let outDirectory = URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
        let evaluation = try EvaluationSet(dataset: dataset, limit: evaluationSamples)
        let settings = ExperimentSettings(
            base: baseSettings, imageSize: evaluation.dataset.observationShape[1],
            seeds: (0..<UInt64(seeds)).map { firstSeed + $0 }, threads: Threading.threadCount,
            evaluationCount: evaluation.batch.count)
        say("sbd-vs-deconv: \(seeds) seed(s) x 2 decoders x \(steps) steps of \(objective.model.rawValue) on \(dataset), "
            + "\(Threading.threadCount) threads; writing to \(outDirectory.path)")

        var results: [DecoderChoice: [RunResult]] = [:]
        var runNumber = 0
        for seed in settings.seeds {
            for decoder in DecoderChoice.allCases {
                runNumber += 1
                say("[\(runNumber)/\(2 * seeds)] training \(decoder.title), seed \(seed)")
                let result = try runExperiment(
                    decoder: decoder, seed: seed, settings: settings, evaluation: evaluation,
                    runDirectory: outDirectory.appendingPathComponent("runs/\(decoder.rawValue)-seed\(seed)"))
                let s = result.summary
                let perFactor = evaluation.dataset.factorNames.map { "\($0) \(format(s.migPerFactor[$0] ?? .nan))" }
                let positionNote = s.positionCode.map {
                    "  position R² \(format($0.linearR2)), rotation \(format($0.rotationDegrees, digits: 1))°"
                } ?? ""
                say("    MIG \(format(s.mig)) (\(perFactor.joined(separator: ", ")))" + positionNote
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
        try makeReport(summary: summary, results: results, evaluation: evaluation).write(to: reportURL)
        for decoder in DecoderChoice.allCases {
            let shown = medianRun(results[decoder]!)
            var options = RunReport.Options(traversal: traversalSettings)
            options.sampleCount = min(evaluationSamples, 1000)
            let page = try RunReport.write(try shown.run.trainedModel(), options: options)
            say("\(decoder.title) seed \(shown.summary.seed) report: \(page.path)")
        }

        say("\nMIG over \(evaluation.batch.count == evaluation.dataset.gridCount ? "the whole factor grid" : "\(evaluation.batch.count) sampled observations")")
        for decoder in DecoderChoice.allCases {
            let values = results[decoder]!.map { format($0.summary.mig) }.joined(separator: "  ")
            say("  \(decoder.title.padding(toLength: 7, withPad: " ", startingAt: 0)) \(values)   median \(format(summary.medians[decoder.rawValue]!.mig))")
        }
        say("  SBD above deconv in \(summary.seedsWhereSBDBeatsDeconv) of \(seeds) seed(s); total wall time \(duration(summary.wallSeconds))")
        say("\nsummary: \(outDirectory.appendingPathComponent("summary.json").path)")
        say("report:  \(reportURL.path)")
    }

    /// The settings every run shares; the experiment sets the decoder and the seed of each.
    private var baseSettings: RunSettings {
        var settings = RunSettings()
        objective.apply(to: &settings)
        optimizer.apply(to: &settings)
        settings.dataset = dataset
        settings.steps = steps
        settings.latents = latents
        settings.encoder = .convolutional
        settings.checkpointEvery = 0
        settings.printEvery = max(1, steps / 10)
        return settings
    }

    /// The command line that reproduces this run.
    private func commandLine() -> String {
        var parts = ["sbd-vs-deconv", "--seeds", "\(seeds)", "--steps", "\(steps)"]
        if firstSeed != 0 { parts += ["--first-seed", "\(firstSeed)"] }
        if dataset != "circles-32" { parts += ["--dataset", dataset] }
        if evaluationSamples != 2000 { parts += ["--evaluation-samples", "\(evaluationSamples)"] }
        if latents != 10 { parts += ["--latents", "\(latents)"] }
        // Every objective and optimiser flag that differs from its default, under its flag name.
        var given = RunSettings()
        objective.apply(to: &given)
        optimizer.apply(to: &given)
        parts += (try? TrainingArguments.flags(for: given)) ?? []
        return (parts + ["--out", out]).joined(separator: " ")
    }
}

/// Prints a line to standard output unbuffered, so it interleaves with the trainer's progress on standard error.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
