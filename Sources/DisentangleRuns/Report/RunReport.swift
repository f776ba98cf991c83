import DisentangleDatasets
import DisentangleMetrics
import DisentangleModels
import DisentanglePlots
import DisentangleTensor
import Foundation

/// The report of a run: `RUN/report/index.html` and the pictures it shows, as PNG, GIF and SVG files next to it.
///
/// The page needs nothing but its directory (no network, no scripts). It shows reconstructions of held samples,
/// traversals of every latent sorted by KL, animated traversals (disentanglement_lib's fixed-interval and
/// fitted-Gaussian cycles), interpolations between codes, samples from the prior, the posterior variance and KL
/// per latent, every quantity of `log.jsonl` as a curve, and for datasets with ground-truth factors the latent
/// geometry of two factors and a metrics table (`metrics.json` if `disentangle evaluate` wrote one, otherwise a
/// few metrics computed on the held samples).
///
/// ```swift
/// let run = try RunDirectory(path: "runs/factor-vae").trainedModel()
/// let page = try RunReport.write(run, options: RunReport.Options(traversal: try TraversalSettings(lower: -3, upper: 3, steps: 7)))
/// ```
public enum RunReport {
    /// What the report shows.
    public struct Options: Sendable {
        /// The values of the traversals.
        public var traversal: TraversalSettings
        /// The two factors of the latent-geometry plot (names or indices), or `nil` for `x`/`y`-like position
        /// factors if the dataset has them, else its two largest factors.
        public var geometryFactors: (String, String)?
        /// How many held samples the posterior statistics, the fitted Gaussians and the computed metrics use.
        public var sampleCount = 1000
        /// How many reconstructions are shown.
        public var reconstructionCount = 16
        /// How many held samples get animated traversals (two GIFs each).
        public var animationCount = 3
        /// Frames per animated cycle.
        public var animationFrames = 20
        /// Frames per second of the animations.
        public var framesPerSecond = 10
        /// The seed of the held samples and the prior samples.
        public var seed: UInt64 = 0

        /// Options with the given traversal values and the defaults above.
        public init(traversal: TraversalSettings, geometryFactors: (String, String)? = nil) {
            self.traversal = traversal
            self.geometryFactors = geometryFactors
        }
    }

    /// Writes the report of `run` into its `report/` directory (replacing earlier pictures of the same names) and
    /// returns the page's URL. `message` receives a line per written section.
    @discardableResult
    public static func write(_ run: TrainedRun, options: Options, message: (String) -> Void = { _ in }) throws -> URL {
        let directory = run.directory.reportDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dataset = try run.dataset()
        let analysis = try RunAnalysis(vae: run.vae, dataset: dataset, sampleCount: options.sampleCount, seed: options.seed)
        var page = HTMLReport(title: "Run \(run.directory.url.lastPathComponent)")
        let spec = run.configuration.model
        page.addParagraph(
            "\(spec.objective.rawValue) with a \(spec.encoder.rawValue) encoder and a \(spec.decoder.rawValue) decoder, "
                + "\(spec.latentCount) latents, trained on \(run.configuration.dataset) for \(run.step) steps "
                + "(batch \(run.configuration.training.batchSize), seed \(run.configuration.training.seed)). Statistics below "
                + "use \(analysis.held.count) held samples drawn with seed \(options.seed): reconstruction "
                + String(format: "%.2f", analysis.evaluation.reconstruction) + " nats, KL "
                + String(format: "%.2f", analysis.evaluation.kl) + " nats per image.")
        page.addCode(run.directory.url.path)
        let files = ReportFiles(directory: directory)

        page.addHeading("Reconstructions")
        page.addFigures([try files.image(try analysis.reconstructions(count: options.reconstructionCount), "reconstructions.png",
                                         caption: "Held samples (top) and the decoded posterior means (bottom).")])

        page.addHeading("Posterior variance and KL per latent")
        page.addParagraph("Latents the model uses have a small posterior variance and a large KL; unused ones stay at the prior "
            + "(variance 1, KL 0). Every ordering of latents in this report is by KL, largest first.")
        page.addFigures([try files.chart(analysis.varianceChart(), "posterior-variance.svg"),
                         try files.chart(analysis.klChart(), "kl-per-latent.svg")])
        message("wrote the reconstructions and the per-latent charts")

        page.addHeading("Latent traversals")
        let traversal = options.traversal
        page.addParagraph(
            "Each row changes one latent of the first held sample's code, the others fixed: "
                + (traversal.mode == .absolute ? "the latent is set to " : "the code's own value plus ")
                + "\(traversal.steps) values from \(traversal.labels.first!) to \(traversal.labels.last!). Rows are sorted by KL.")
        page.addFigures([try files.image(try analysis.traversal(traversal, sample: 0), "traversals.png")])

        page.addHeading("Animated traversals")
        page.addParagraph(
            "As disentanglement_lib's visualize_model: every frame shows all latents (sorted by KL, left to right and top "
                + "to bottom: \(analysis.latentsByKL.map { "z\($0)" }.joined(separator: ", "))), each moved along a cycle that "
                + "starts at the code's value. Fixed interval: linearly through [−2, 2] and back. Fitted Gaussian: through the "
                + "0.001 … 0.999 quantiles of a Gaussian fitted to the latent over the held samples.")
        let delay = max(1, 100 / max(options.framesPerSecond, 1))
        for sample in 0..<min(options.animationCount, analysis.held.count) {
            page.addFigures(try LatentCycle.allCases.map { cycle in
                try files.animation(
                    try analysis.animation(cycle, sample: sample, frames: options.animationFrames, frameDelay: delay),
                    "traversal-\(cycle.rawValue)-\(sample).gif", caption: "Held sample \(sample), \(cycle.rawValue) cycle.")
            })
        }
        message("wrote the traversals and \(2 * min(options.animationCount, analysis.held.count)) animations")

        page.addHeading("Interpolations")
        page.addParagraph("Decoded points on the straight line between the codes of two held samples (A and B).")
        page.addFigures([try files.image(try analysis.interpolations(), "interpolations.png")])

        page.addHeading("Samples from the prior")
        page.addFigures([try files.image(try analysis.priorSamples(seed: options.seed), "prior-samples.png",
                                         caption: "Decoded codes drawn from the standard normal prior.")])

        page.addHeading("Training curves")
        if let log = try? TrainingLog(contentsOf: run.directory.logFile), !log.steps.isEmpty {
            page.addParagraph("Every quantity of log.jsonl, as means over windows of steps (training batches).")
            page.addFigures(try log.charts().map { key, chart in
                try files.chart(chart, "curve-\(ReportFiles.slug(key)).svg")
            })
        } else {
            page.addParagraph("This run has no readable log.jsonl.")
        }
        message("wrote the training curves")

        let factors = dataset.factors.enumerated().filter { $0.element.size > 1 }
        if factors.count >= 2 {
            let chosen = options.geometryFactors ?? defaultGeometryFactors(dataset)
            let geometry = try LatentGeometry(vae: run.vae, dataset: dataset, factors: chosen.0, chosen.1)
            let (truth, latent) = try geometry.plots()
            page.addHeading("Latent geometry: \(geometry.factorNames.0) and \(geometry.factorNames.1)")
            page.addParagraph(
                "The grid of the two factors' classes (other factors at their middle class) and its posterior means on the "
                    + "latents most correlated with each factor (z\(geometry.latents.0) and z\(geometry.latents.1)), coloured by "
                    + "ring around the grid's centre. A code that captures the two factors reproduces the grid up to rotation, "
                    + "reflection and scaling.")
            let name = ReportFiles.slug("\(geometry.factorNames.0)-\(geometry.factorNames.1)")
            page.addFigures([try files.chart(truth, "geometry-\(name)-factors.svg", caption: "Observation space."),
                             try files.chart(latent, "geometry-\(name)-latents.svg", caption: "Posterior means.")])
        }
        page.addHeading("Metrics")
        if let table = try metricsTable(run, analysis: analysis) {
            page.addTable(table.table)
            page.addParagraph(table.note)
        } else {
            page.addParagraph("None: the dataset has no ground-truth factors.")
        }
        let url = directory.appendingPathComponent("index.html")
        try page.write(to: url)
        message("wrote \(url.path)")
        return url
    }

    /// The latent-geometry plot's default factors: position-like factors (`x`/`y`, `posX`/`posY`) if the dataset has
    /// both, else its two largest factors (the dataset must have at least two).
    public static func defaultGeometryFactors(_ dataset: any GroundTruthDataset) -> (String, String) {
        let names = dataset.factorNames
        for (a, b) in [("x", "y"), ("posX", "posY")] where names.contains(a) && names.contains(b) { return (a, b) }
        let largest = dataset.factors.indices.sorted { dataset.factors[$0].size > dataset.factors[$1].size || (dataset.factors[$0].size == dataset.factors[$1].size && $0 < $1) }
        return (names[largest[0]], names[largest[1]])
    }

    /// The metrics of `metrics.json` (its `scalars`, or every number in it by its path) if the run has one; otherwise MIG, SAP and
    /// modularity computed on the held samples' posterior means; `nil` for a dataset without factors.
    static func metricsTable(_ run: TrainedRun, analysis: RunAnalysis) throws -> (table: ReportTable, note: String)? {
        let file = run.directory.metricsFile
        if FileManager.default.fileExists(atPath: file.path) {
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
            } catch {
                throw RunError("\(file.path) is not valid JSON: \(error)")
            }
            var rows: [[String]] = []
            func walk(_ value: Any, _ path: String) {
                switch value {
                case let number as NSNumber where !(value is Bool):
                    rows.append([path, String(format: "%.4g", number.doubleValue)])
                case let dictionary as [String: Any]:
                    for key in dictionary.keys.sorted() { walk(dictionary[key]!, path.isEmpty ? key : "\(path).\(key)") }
                default:
                    break  // arrays (per-factor details) and text stay in the file
                }
            }
            // `disentangle evaluate` (RunMetrics) keeps every score under "scalars"; other files are shown whole.
            walk((object as? [String: Any])?["scalars"] as? [String: Any] ?? object, "")
            return (try ReportTable(header: ["metric", "value"], rows: rows), "From \(file.lastPathComponent).")
        }
        guard !analysis.dataset.factors.isEmpty else { return nil }
        let report = try MetricSuite.evaluate(
            codes: CodeMatrix(analysis.posterior.mean),
            factors: FactorMatrix(rowCount: analysis.held.count, columnCount: analysis.held.factors.factorCount,
                                  values: analysis.held.factors.classes),
            metricNames: ["mig", "sap", "modularity"])
        let rows = report.scalars.sorted { $0.key < $1.key }.map { [$0.key, String(format: "%.4g", $0.value)] }
        return (try ReportTable(header: ["metric", "value"], rows: rows),
                "Computed by the report on the \(analysis.held.count) held samples' posterior means; run `disentangle evaluate` for the full suite.")
    }
}
