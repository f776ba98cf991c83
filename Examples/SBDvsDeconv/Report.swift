import Disentangle
import Foundation

/// The contents of `summary.json`.
struct Summary: Encodable {
    /// Per decoder, the medians over seeds.
    struct Medians: Codable {
        var mig: Double
        var migPerFactor: [String: Double]
        var reconstruction: Double
        var kl: Double
        var trainingImagesPerSecond: Double
    }

    var command: String
    var settings: ExperimentSettings
    var runs: [RunSummary]
    var medians: [String: Medians]
    /// The number of seeds in which the SBD model's MIG is above the deconv model's.
    var seedsWhereSBDBeatsDeconv: Int
    var wallSeconds: Double

    init(command: String, settings: ExperimentSettings, results: [DecoderChoice: [RunResult]], wallSeconds: Double) {
        self.command = command
        self.settings = settings
        self.wallSeconds = wallSeconds
        runs = DecoderChoice.allCases.flatMap { results[$0, default: []].map(\.summary) }
        var medians: [String: Medians] = [:]
        for decoder in DecoderChoice.allCases {
            let summaries = results[decoder, default: []].map(\.summary)
            guard let first = summaries.first else { continue }
            medians[decoder.rawValue] = Medians(
                mig: median(summaries.map(\.mig)),
                migPerFactor: first.migPerFactor.keys.reduce(into: [:]) { result, factor in
                    result[factor] = median(summaries.compactMap { $0.migPerFactor[factor] })
                },
                reconstruction: median(summaries.map(\.reconstruction)), kl: median(summaries.map(\.kl)),
                trainingImagesPerSecond: median(summaries.map(\.trainingImagesPerSecond)))
        }
        self.medians = medians
        seedsWhereSBDBeatsDeconv = zip(results[.sbd, default: []], results[.deconv, default: []])
            .filter { $0.summary.mig > $1.summary.mig }.count
    }

    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try AtomicFile.write(encoder.encode(self), to: url)
    }
}

/// The median (the mean of the two middle values for an even count); NaN for no values.
func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The run whose MIG is the median of its decoder's seeds (the lower middle one for an even count): the run the
/// report draws, as the paper draws its median seeds.
func medianRun(_ runs: [RunResult]) -> RunResult {
    runs.sorted { $0.summary.mig < $1.summary.mig }[(runs.count - 1) / 2]
}

func format(_ value: Double, digits: Int = 3) -> String {
    String(format: "%.\(digits)f", value)
}

/// Builds `report.html`: the two decoders side by side, from the same panels as `disentangle report`
/// (``RunAnalysis``, ``LatentGeometry``, ``TrainingLog``), adapted to the dataset's factors. Each shown run also gets
/// its full report in `runs/NAME/report/`.
func makeReport(summary: Summary, results: [DecoderChoice: [RunResult]], evaluation: EvaluationSet) throws -> HTMLReport {
    let settings = summary.settings
    let shown = Dictionary(uniqueKeysWithValues: DecoderChoice.allCases.map { ($0, medianRun(results[$0]!)) })
    let seedNote = settings.seeds.count == 1
        ? "" : " Figures show each decoder's median-MIG seed (SBD seed \(shown[.sbd]!.summary.seed), deconv seed \(shown[.deconv]!.summary.seed))."
    let dataset = evaluation.dataset
    let factorNames = dataset.factorNames
    let factorList = dataset.factors.map { "\($0.name) (\($0.size))" }.joined(separator: ", ")
    let wholeGrid = evaluation.batch.count == dataset.gridCount
    let objective = settings.model == .betaVAE ? "β-VAEs (β = \(format(Double(settings.beta), digits: 1)))" : "\(settings.model.rawValue) models"

    var report = HTMLReport(title: "Spatial Broadcast vs deconvolutional decoder on \(settings.dataset)")
    report.addParagraph(
        "Two \(objective) with \(settings.latentCount) latents, Bernoulli likelihood, Adam \(settings.learningRate), batch "
            + "\(settings.batchSize), \(settings.steps) steps, identical convolutional encoders, initialisation and data order, "
            + "trained on \(settings.dataset) (\(dataset.observationShape.map(String.init).joined(separator: "×")) images; factors "
            + "\(factorList)). Only the decoder differs: the Spatial Broadcast Decoder (z tiled over the image grid with x/y "
            + "coordinate channels, four unpadded 3×3 convolutions of width 64, 1×1 output) or a deconvolutional decoder "
            + "(linear layer, 4×4 stride-2 transposed convolutions). Every model is evaluated on "
            + (wholeGrid ? "all \(evaluation.batch.count) factor combinations." : "\(evaluation.batch.count) uniformly sampled observations.")
            + seedNote)
    report.addCode(summary.command)

    report.addHeading("Disentanglement (MIG)")
    report.addParagraph(
        "MIG of the posterior means over the evaluation set (20-bin histograms, as disentanglement_lib). Higher is better. "
            + "SBD is above deconv in \(summary.seedsWhereSBDBeatsDeconv) of \(settings.seeds.count) seed\(settings.seeds.count == 1 ? "" : "s").")
    let seedHeaders = settings.seeds.map { "seed \($0)" }
    report.addTable(try ReportTable(
        header: ["decoder"] + seedHeaders + ["median"],
        rows: DecoderChoice.allCases.map { decoder in
            [decoder.title] + results[decoder]!.map { format($0.summary.mig) } + [format(summary.medians[decoder.rawValue]!.mig)]
        }))
    let position = evaluation.hasPosition
    report.addParagraph(
        "Every run. Reconstruction: Bernoulli NLL of the decoded posterior mean; KL: to the standard normal prior; "
            + "both averaged over the evaluation set, in nats."
            + (position
                ? " Position R² and rotation: a linear fit of the geometry figure's two latents on the position "
                    + "(\(evaluation.geometryFactors.0), \(evaluation.geometryFactors.1)); R² near 1 means those two latents are a "
                    + "linear map of the position, and the rotation is the angle between their axes and the position axes "
                    + "(0° aligned, 45° diagonal). MIG falls as the rotation grows."
                : "")
            + " Throughput and wall time include all threads of this machine.")
    report.addTable(try ReportTable(
        header: ["decoder", "seed", "MIG"] + factorNames.map { "MIG \($0)" } + (position ? ["position R²", "rotation"] : [])
            + ["reconstruction", "KL", "train img/s", "wall time"],
        rows: summary.runs.map { run in
            [run.decoder.title, "\(run.seed)", format(run.mig)] + factorNames.map { format(run.migPerFactor[$0] ?? .nan) }
                + (position ? [format(run.positionCode?.linearR2 ?? .nan), format(run.positionCode?.rotationDegrees ?? .nan, digits: 1) + "°"] : [])
                + [format(run.reconstruction, digits: 2), format(run.kl, digits: 2),
                   format(run.trainingImagesPerSecond, digits: 0), duration(run.wallSeconds)]
        }))

    report.addHeading("Reconstructions")
    var reconstructions = try ImageGrid.rows(
        [evaluation.batch.observations.indexSelected(alongAxis: 0, indices: evaluation.showcase), shown[.sbd]!.reconstructions, shown[.deconv]!.reconstructions],
        labels: ["input", "SBD", "deconv"])
    reconstructions.cellScale = dataset.observationShape[1] < 64 ? 2 : 1
    try report.addImage(try reconstructions.render(), caption: "Inputs and the decoded posterior means.")

    report.addHeading("Posterior variance per latent")
    report.addParagraph(
        "The mean over the evaluation set of each latent's posterior variance. The prior pushes unused latents to variance "
            + "1; the latents a model relies on have small variance. The latents with the largest KL are shaded.")
    report.addFigures(try DecoderChoice.allCases.map { decoder in
        var chart = shown[decoder]!.analysis.varianceChart(title: "\(decoder.title): posterior variance per latent")
        chart.width = 520
        return try .chart(chart, caption: "\(decoder.title), seed \(shown[decoder]!.summary.seed).")
    })

    let (a, b) = evaluation.geometryFactors
    report.addHeading("Latent-space geometry: \(a) and \(b)")
    report.addParagraph(
        "Every combination of \(a) and \(b) (other factors at their middle class) encoded and plotted on "
            + (dataset.factors.filter { $0.size > 1 }.count == 2
                ? "the model's two lowest-variance latents"
                : "the latent that follows each factor best (largest correlation)")
            + ", coloured by ring (concentric squares around the centre of the grid). A disentangled model reproduces the "
            + "grid up to rotation, reflection and scaling; an entangled one folds and distorts it.")
    var figures = [try ReportFigure.chart(try shown[.sbd]!.geometry.plots().truth, caption: "Observation space.")]
    for decoder in DecoderChoice.allCases {
        let run = shown[decoder]!
        figures.append(try .chart(try run.geometry.plots(modelTitle: "\(decoder.title): latent space").latent,
                                  caption: "\(decoder.title), seed \(run.summary.seed): posterior means."))
    }
    report.addFigures(figures)

    report.addHeading("Latent traversals")
    report.addParagraph(
        "Each row sets one latent to values from −2 to +2 in the code of the observation nearest the centre of the factor "
            + "space, keeping the others fixed. Rows are sorted by KL, largest first, so the latents the model uses come "
            + "first; the labels give each latent's KL.")
    report.addFigures(try DecoderChoice.allCases.map { decoder in
        let run = shown[decoder]!
        return try .image(
            try run.analysis.traversal(traversalSettings, sample: evaluation.centreIndex), caption: "\(decoder.title), seed \(run.summary.seed).")
    })

    report.addHeading("Training curves")
    let logs = try DecoderChoice.allCases.map { try TrainingLog(contentsOf: shown[$0]!.run.logFile) }
    let keys = logs[0].curves.filter { $0.series.count == 1 }.map(\.key).filter { key in logs[1].curves.contains { $0.key == key } }
    report.addFigures(try keys.map { key in
        let series = zip(DecoderChoice.allCases, logs).map { decoder, log in
            let smoothed = log.smoothed(log.curves.first { $0.key == key }!, windows: 100)
            return LineSeries(name: decoder.title, x: smoothed.steps, y: smoothed.series[0].values)
        }
        let title = TrainingLog.title(of: key)
        var chart = LineChart(title: title, xLabel: "Step", yLabel: title, series: series)
        chart.width = 520
        return try .chart(chart, caption: "Training batch means, averaged over windows of steps.")
    })
    report.addParagraph(
        "Every picture of each shown run (animated traversals, interpolations, prior samples, KL per latent, every logged "
            + "quantity, metrics) is in its own report: "
            + DecoderChoice.allCases.map { "runs/\(shown[$0]!.run.url.lastPathComponent)/report/index.html" }.joined(separator: " and ")
            + ", written by the same code as `disentangle report --run RUN`.")
    return report
}

/// The traversals of the comparison: −2 to +2 in steps of 1, so that the strips of both decoders fit side by side.
let traversalSettings = try! TraversalSettings(lower: -2, upper: 2, steps: 5)

/// `1h02m`, `3m07s` or `42s`.
func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : s >= 60 ? String(format: "%dm%02ds", s / 60, s % 60) : "\(s)s"
}
