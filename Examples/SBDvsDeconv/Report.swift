import Disentangle
import Foundation

/// The contents of `summary.json`.
struct Summary: Codable {
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

/// Builds `report.html`.
func makeReport(summary: Summary, results: [DecoderChoice: [RunResult]], grid: EvaluationGrid) throws -> HTMLReport {
    let settings = summary.settings
    let shown = Dictionary(uniqueKeysWithValues: DecoderChoice.allCases.map { ($0, medianRun(results[$0]!)) })
    let seedNote = settings.seeds.count == 1
        ? "" : " Figures show each decoder's median-MIG seed (SBD seed \(shown[.sbd]!.summary.seed), deconv seed \(shown[.deconv]!.summary.seed))."

    var report = HTMLReport(title: "Spatial Broadcast vs deconvolutional decoder on Circles")
    report.addParagraph(
        "Two β-VAEs (β = \(format(Double(settings.beta), digits: 1)), \(settings.latentCount) latents, Bernoulli likelihood, "
            + "Adam \(settings.learningRate), batch \(settings.batchSize), \(settings.steps) steps) with identical "
            + "convolutional encoders, initialisation and data order, trained on \(settings.imageSize)×\(settings.imageSize) "
            + "images of one circle at 40×40 positions. Only the decoder differs: the Spatial Broadcast Decoder (z tiled "
            + "over a 40×40 grid with x/y coordinate channels, four unpadded 3×3 convolutions of width 64, 1×1 output) or "
            + "a deconvolutional decoder (linear layer, 4×4 stride-2 transposed convolutions). Every model is evaluated "
            + "on all 1600 positions." + seedNote)
    report.addCode(summary.command)

    report.addHeading("Disentanglement (MIG)")
    report.addParagraph(
        "MIG of the posterior means over the full grid of positions (20-bin histograms, as disentanglement_lib; "
            + "with 40 classes per factor a perfect code scores about 0.81). Higher is better. SBD is above deconv in "
            + "\(summary.seedsWhereSBDBeatsDeconv) of \(settings.seeds.count) seed\(settings.seeds.count == 1 ? "" : "s").")
    let seedHeaders = settings.seeds.map { "seed \($0)" }
    report.addTable(try ReportTable(
        header: ["decoder"] + seedHeaders + ["median"],
        rows: DecoderChoice.allCases.map { decoder in
            [decoder.title] + results[decoder]!.map { format($0.summary.mig) } + [format(summary.medians[decoder.rawValue]!.mig)]
        }))
    report.addParagraph(
        "Every run. Reconstruction: Bernoulli NLL of the decoded posterior mean; KL: to the standard normal prior; "
            + "both averaged over the grid, in nats. Position R² and rotation: a linear fit of the two lowest-variance "
            + "latents on the circle's position; R² near 1 means those two latents are a linear map of the position, "
            + "and the rotation is the angle between their axes and the x/y axes (0° aligned, 45° diagonal). The "
            + "objective does not prefer any orientation of that plane on Circles, and MIG falls as the rotation grows. "
            + "Throughput and wall time include all threads of this machine.")
    report.addTable(try ReportTable(
        header: ["decoder", "seed", "MIG", "MIG x", "MIG y", "position R²", "rotation", "reconstruction", "KL",
                 "train img/s", "wall time"],
        rows: summary.runs.map { run in
            [run.decoder.title, "\(run.seed)", format(run.mig),
             format(run.migPerFactor["x"] ?? .nan), format(run.migPerFactor["y"] ?? .nan),
             format(run.positionCode.linearR2), format(run.positionCode.rotationDegrees, digits: 1) + "°",
             format(run.reconstruction, digits: 2), format(run.kl, digits: 2),
             format(run.trainingImagesPerSecond, digits: 0), duration(run.wallSeconds)]
        }))

    report.addHeading("Reconstructions")
    var reconstructions = try ImageGrid.rows(
        [try grid.dataset.observations(for: grid.dataset.factorClasses(at: grid.showcase)),
         shown[.sbd]!.reconstructions, shown[.deconv]!.reconstructions],
        labels: ["input", "SBD", "deconv"])
    reconstructions.cellScale = 2
    try report.addImage(try reconstructions.render(), caption: "Inputs and the decoded posterior means.")

    report.addHeading("Posterior variance per latent")
    report.addParagraph(
        "The mean over the grid of each latent's posterior variance. The prior pushes unused latents to variance 1; "
            + "the latents a model relies on have small variance. The two lowest are shaded.")
    report.addFigures(try DecoderChoice.allCases.map { decoder in
        let run = shown[decoder]!.summary
        var chart = BarChart(
            title: "\(decoder.title): posterior variance per latent", xLabel: "Latent", yLabel: "Mean posterior variance",
            categories: (0..<settings.latentCount).map { "z\($0)" }, values: run.meanPosteriorVariance)
        chart.highlightedCategories = Set(run.latentsByVariance.prefix(2))
        chart.highlightLabel = "two lowest"
        chart.width = 520
        return try .chart(chart, caption: "\(decoder.title), seed \(run.seed).")
    })

    report.addHeading("Latent-space geometry")
    report.addParagraph(
        "Every circle position encoded and plotted on the model's two lowest-variance latents, coloured by ring "
            + "(concentric squares around the centre of the position grid). A disentangled model reproduces the grid up "
            + "to rotation, reflection and scaling; an entangled one folds and distorts it.")
    let palette = try ColorMap.rainbow.palette(levels: EvaluationGrid.ringCount)
    let ringNames = (1...EvaluationGrid.ringCount).map { $0 == 1 ? "1 (centre)" : $0 == EvaluationGrid.ringCount ? "\($0) (edge)" : "\($0)" }
    let truth = ScatterPlot(
        title: "Circle positions", xLabel: "x class", yLabel: "y class",
        x: grid.classes.column(0).map(Double.init), y: grid.classes.column(1).map(Double.init),
        coloring: .categorical(labels: grid.rings, names: ringNames, title: "ring"))
    var figures = [try ReportFigure.chart(styled(truth, palette: palette), caption: "Observation space.")]
    for decoder in DecoderChoice.allCases {
        let run = shown[decoder]!
        let dims = run.summary.latentsByVariance
        let plot = ScatterPlot(
            title: "\(decoder.title): latent space", xLabel: "z\(dims[0])", yLabel: "z\(dims[1])",
            x: run.geometry.x, y: run.geometry.y, coloring: .categorical(labels: grid.rings, names: ringNames, title: "ring"))
        figures.append(try .chart(styled(plot, palette: palette),
                                  caption: "\(decoder.title), seed \(run.summary.seed): posterior means."))
    }
    report.addFigures(figures)

    report.addHeading("Latent traversals")
    report.addParagraph(
        "Each row sweeps one latent from −2 to +2 around the code of the centre position, keeping the others fixed. "
            + "Rows are sorted by mean posterior variance, lowest first, so the latents the model uses come first; "
            + "the captions list the variances.")
    report.addFigures(try DecoderChoice.allCases.map { decoder in
        let run = shown[decoder]!.summary
        let strip = try TraversalStrip(
            decoded: shown[decoder]!.traversal, latentLabels: run.latentsByVariance.map { "z\($0)" },
            values: traversalValues.map(Double.init))
        let variances = run.latentsByVariance.map { "z\($0) \(format(run.meanPosteriorVariance[$0], digits: 2))" }
        return try .image(
            strip.render(), caption: "\(decoder.title), seed \(run.seed). Variances: \(variances.joined(separator: ", ")).")
    })

    report.addHeading("Training curves")
    report.addFigures(try [
        ("Reconstruction", "Bernoulli NLL (nats)", \CurvePoint.reconstruction),
        ("KL divergence", "KL to the prior (nats)", \CurvePoint.kl),
    ].map { title, label, keyPath in
        var chart = LineChart(title: title, xLabel: "Step", yLabel: label, series: DecoderChoice.allCases.map { decoder in
            let curve = shown[decoder]!.curve
            return LineSeries(name: decoder.title, x: curve.map(\.step), y: curve.map { $0[keyPath: keyPath] })
        })
        chart.width = 520
        return try .chart(chart, caption: "Training batch means, averaged over windows of steps.")
    })
    return report
}

/// The geometry plots' shared look.
private func styled(_ plot: ScatterPlot, palette: CategoricalPalette) -> ScatterPlot {
    var plot = plot
    plot.palette = palette
    plot.equalAspect = true
    plot.pointRadius = 2.6
    plot.width = 370
    plot.height = 370
    return plot
}

/// `1h02m`, `3m07s` or `42s`.
func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : s >= 60 ? String(format: "%dm%02ds", s / 60, s % 60) : "\(s)s"
}
