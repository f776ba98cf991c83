import DisentangleDatasets
import DisentangleModels
import DisentanglePlots
import DisentangleTensor
import Foundation

/// The pictures of one trained model, each as an image, animation or chart that ``RunReport`` writes to a file
/// and the examples can place in their own pages.
extension RunAnalysis {
    /// The label of latent `dimension` with its mean KL, such as `z3 KL 2.31`.
    public func latentLabel(_ dimension: Int) -> String {
        "z\(dimension) KL \(String(format: "%.2f", evaluation.klPerDimension[dimension]))"
    }

    /// The first `count` held samples above their reconstructions (decoded posterior means).
    public func reconstructions(count: Int = 16) throws -> RasterImage {
        let shown = held.observations.narrowed(alongAxis: 0, start: 0, length: min(count, held.count))
        let decoded = try vae.decodeAll(posterior.mean.narrowed(alongAxis: 0, start: 0, length: shown.shape[0]))
        return try ImageGrid.rows([shown, decoded], labels: ["input", "reconstruction"]).render()
    }

    /// Every latent traversed from held sample `sample`'s code, one row per latent in ``latentsByKL`` order.
    public func traversal(_ settings: TraversalSettings, sample: Int = 0) throws -> RasterImage {
        let code = self.code(of: sample)
        var codes: [Float] = []
        for dimension in latentsByKL {
            for value in settings.values(from: code, dimension: dimension) {
                var c = code
                c[dimension] = value
                codes += c
            }
        }
        let decoded = try vae.decodeAll(Tensor(shape: [latentsByKL.count * settings.steps, vae.latentCount], scalars: codes))
        var strip = try TraversalStrip(decoded: decoded, latentLabels: latentsByKL.map(latentLabel), values: settings.points)
        strip.title = settings.mode == .absolute ? "latent set to" : "offset from the code"
        var grid = ImageGrid(images: strip.images, columns: settings.steps)
        grid.title = strip.title
        grid.rowLabels = strip.latentLabels
        grid.columnLabels = settings.labels
        return try grid.render()
    }

    /// An animated traversal of held sample `sample`'s code: every frame shows all latents (in ``latentsByKL``
    /// order, up to 10 per row), each one moved along `cycle` while the others keep the code's values.
    public func animation(_ cycle: LatentCycle, sample: Int = 0, frames: Int = 20, frameDelay: Int = 10) throws -> GIFAnimation {
        guard frames >= 2 else { throw RunError("an animated traversal needs at least 2 frames, got \(frames)") }
        let code = self.code(of: sample)
        var codes: [Float] = []  // frame-major: frame f, then latent
        let paths = latentsByKL.map { dimension in
            cycle.values(start: Double(code[dimension]), frames: frames, means: means(of: dimension), variances: variances(of: dimension))
        }
        for frame in 0..<frames {
            for (row, dimension) in latentsByKL.enumerated() {
                var c = code
                c[dimension] = Float(paths[row][frame])
                codes += c
            }
        }
        let decoded = try vae.decodeAll(Tensor(shape: [frames * latentsByKL.count, vae.latentCount], scalars: codes))
        let images = try RasterImage.images(fromBatch: decoded)
        let perFrame = latentsByKL.count
        let pictures = try (0..<frames).map { frame in
            try ImageGrid(images: Array(images[(frame * perFrame)..<((frame + 1) * perFrame)]), columns: min(perFrame, 10)).render()
        }
        return try GIFAnimation(frames: pictures, frameDelay: frameDelay)
    }

    /// Straight lines between the codes of pairs of held samples (0 and 1, 2 and 3, ...): each row shows the first
    /// input, `steps` decoded points from one code to the other, and the second input.
    public func interpolations(pairs: Int = 4, steps: Int = 10) throws -> RasterImage {
        let pairCount = min(pairs, held.count / 2)
        var images: [RasterImage] = []
        let inputs = try RasterImage.images(fromBatch: held.observations.narrowed(alongAxis: 0, start: 0, length: 2 * pairCount))
        for pair in 0..<pairCount {
            let line = try vae.interpolation(from: code(of: 2 * pair), to: code(of: 2 * pair + 1), steps: steps)
            images += [inputs[2 * pair]] + (try RasterImage.images(fromBatch: line)) + [inputs[2 * pair + 1]]
        }
        var grid = ImageGrid(images: images, columns: steps + 2)
        grid.columnLabels = ["A"] + (0..<steps).map { String(format: "%.2g", Double($0) / Double(steps - 1)) } + ["B"]
        return try grid.render()
    }

    /// Decoded codes drawn from the standard normal prior.
    public func priorSamples(count: Int = 32, seed: UInt64 = 0) throws -> RasterImage {
        var generator = RandomGenerator(seed: seed)
        let codes = (0..<(count * vae.latentCount)).map { _ in Float(generator.nextNormal()) }
        let decoded = try vae.decodeAll(Tensor(shape: [count, vae.latentCount], scalars: codes))
        return try ImageGrid(batch: decoded, columns: min(count, 8)).render()
    }

    /// The mean posterior variance per latent; the latents with the largest KL (as many as the dataset has
    /// factors, at most half the latents) are shaded.
    public func varianceChart(title: String = "Posterior variance per latent") -> BarChart {
        var chart = BarChart(
            title: title, xLabel: "Latent", yLabel: "Mean posterior variance",
            categories: (0..<vae.latentCount).map { "z\($0)" }, values: meanVariance)
        chart.highlightedCategories = Set(latentsByKL.prefix(shadedCount))
        chart.highlightLabel = "largest KL"
        return chart
    }

    /// The mean KL to the prior per latent, shaded like ``varianceChart(title:)``.
    public func klChart(title: String = "KL per latent") -> BarChart {
        var chart = BarChart(
            title: title, xLabel: "Latent", yLabel: "Mean KL to the prior (nats)",
            categories: (0..<vae.latentCount).map { "z\($0)" }, values: evaluation.klPerDimension)
        chart.highlightedCategories = Set(latentsByKL.prefix(shadedCount))
        chart.highlightLabel = "largest KL"
        return chart
    }

    /// How many latents the bar charts shade.
    private var shadedCount: Int {
        max(1, min(dataset.factors.filter { $0.size > 1 }.count, vae.latentCount / 2))
    }
}

extension LatentGeometry {
    /// The two panels of the figure: the grid of the factors' classes, and the posterior means on the chosen
    /// latents, both coloured by ring with the seed notebook's rainbow palette.
    public func plots(modelTitle: String = "Latent space") throws -> (truth: ScatterPlot, latent: ScatterPlot) {
        let names = (0..<Self.ringCount).map { $0 == 0 ? "1 (centre)" : $0 == Self.ringCount - 1 ? "\($0 + 1) (edge)" : "\($0 + 1)" }
        let coloring = ScatterColoring.categorical(labels: rings, names: names, title: "ring")
        let palette = try ColorMap.rainbow.palette(levels: Self.ringCount)
        func styled(_ plot: ScatterPlot) -> ScatterPlot {
            var plot = plot
            plot.palette = palette
            plot.equalAspect = true
            plot.pointRadius = rings.count > 1200 ? 2 : 2.6
            plot.width = 370
            plot.height = 370
            return plot
        }
        let truth = ScatterPlot(
            title: "\(factorNames.0) and \(factorNames.1)", xLabel: "\(factorNames.0) class", yLabel: "\(factorNames.1) class",
            x: classes.x.map(Double.init), y: classes.y.map(Double.init), coloring: coloring)
        let latent = ScatterPlot(
            title: modelTitle, xLabel: "z\(latents.0)", yLabel: "z\(latents.1)", x: codes.x, y: codes.y, coloring: coloring)
        return (styled(truth), styled(latent))
    }
}

extension TrainingLog {
    /// One line chart per logged quantity (windowed means), titled by its key; a group such as
    /// `kl_per_dimension` draws one line per element.
    public func charts(windows: Int = 200) -> [(key: String, chart: LineChart)] {
        curves.map { curve in
            let smoothed = self.smoothed(curve, windows: windows)
            let title = Self.title(of: curve.key)
            var chart = LineChart(
                title: title, xLabel: "Step", yLabel: title,
                series: smoothed.series.map { series in
                    // Elements of kl_per_dimension are latents.
                    let name = curve.key == "kl_per_dimension" ? "z" + series.name.filter(\.isNumber) : series.name
                    return LineSeries(name: name, x: smoothed.steps, y: series.values)
                })
            if curve.series.count > 10 { chart.palette = (try? ColorMap.viridis.palette(levels: curve.series.count)) ?? chart.palette }
            chart.width = 520
            return (curve.key, chart)
        }
    }

    /// A readable title for a logged key: `diagnostics.total_correlation` reads `Total correlation`.
    public static func title(of key: String) -> String {
        let known = ["loss": "Loss", "reconstruction": "Reconstruction (nats)", "kl": "KL to the prior (nats)",
                     "kl_per_dimension": "KL per latent (nats)", "images_per_second": "Images per second"]
        if let title = known[key] { return title }
        let last = key.split(separator: ".").last.map(String.init) ?? key
        return last.replacingOccurrences(of: "_", with: " ").capitalizedFirst
    }
}

extension String {
    /// The string with its first character upper-cased.
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
