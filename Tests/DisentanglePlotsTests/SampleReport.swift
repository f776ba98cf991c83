import DisentanglePlots
import DisentangleTensor
import Foundation

/// A report with the same pieces as the SBD-vs-deconv example, built from synthetic data: it exercises every
/// part of the module together and is what the screenshot check looks at.
enum SampleReport {
    /// Circles of radius 4 at the given centres, as a `[N, 1, 32, 32]` batch of logits with soft edges.
    static func circleLogits(_ centres: [(x: Double, y: Double)]) -> Tensor {
        let size = 32
        var scalars = [Float]()
        scalars.reserveCapacity(centres.count * size * size)
        for centre in centres {
            for row in 0..<size {
                for column in 0..<size {
                    let distance = ((Double(column) + 0.5 - centre.x) * (Double(column) + 0.5 - centre.x)
                        + (Double(row) + 0.5 - centre.y) * (Double(row) + 0.5 - centre.y)).squareRoot()
                    scalars.append(Float(4 * (4 - distance)))
                }
            }
        }
        return Tensor(shape: [centres.count, 1, size, size], scalars: scalars)
    }

    /// Circle positions on five concentric square rings, with the ring index of each (seed 000's grid).
    static func ringGrid() -> (positions: [(x: Double, y: Double)], rings: [Int]) {
        var positions = [(x: Double, y: Double)]()
        var rings = [Int]()
        for ring in 0..<5 {
            let half = Double(ring + 1) * 2
            let perSide = 2 * (ring + 1)
            for side in 0..<4 {
                for step in 0..<perSide {
                    let t = -half + 2 * half * Double(step) / Double(perSide)
                    let (dx, dy): (Double, Double) = [(t, -half), (half, t), (-t, half), (-half, -t)][side]
                    positions.append((16 + dx, 16 + dy))
                    rings.append(ring)
                }
            }
        }
        return (positions, rings)
    }

    /// The whole sample report.
    static func make() throws -> HTMLReport {
        var report = HTMLReport(title: "SBD vs deconv on Circles (sample data)")
        report.addParagraph("A sample of every building block of DisentanglePlots, filled with synthetic numbers "
            + "shaped like the headline example's output. Escaping check: <b>not bold</b> & \"quoted\".")
        report.addCode("swift run -c release sbd-vs-deconv --seeds 3 --steps 1000 --out runs/sbd-vs-deconv")

        report.addHeading("Reconstructions")
        let inputCentres: [(x: Double, y: Double)] = (0..<8).map { index in
            let t = Double(index)
            return (x: 8 + 2.2 * t, y: 24 - 2 * t)
        }
        let inputs = circleLogits(inputCentres)
        let reconstructions = inputs.withUnsafeScalars { Tensor(shape: inputs.shape, scalars: $0.map { $0 * 0.35 }) }
        var grid = try ImageGrid.rows([inputs, reconstructions, reconstructions], labels: ["input", "SBD", "deconv"],
                                      values: .logits)
        grid.title = "Inputs and reconstructions"
        try report.addImage(try grid.render(), caption: "Top: inputs. Below: reconstructions by each decoder.")

        report.addHeading("Posterior variance per latent")
        let categories = (0..<10).map { "z\($0)" }
        var sbdBars = BarChart(title: "SBD", xLabel: "Latent", yLabel: "Mean posterior variance", categories: categories,
                               values: [0.98, 0.97, 0.021, 0.99, 0.96, 0.034, 1.0, 0.97, 0.99, 0.98])
        sbdBars.highlightedCategories = [2, 5]
        sbdBars.highlightLabel = "two lowest"
        sbdBars.showsValueLabels = true
        var deconvBars = BarChart(title: "deconv", xLabel: "Latent", yLabel: "Mean posterior variance",
                                  categories: categories, values: [0.41, 0.35, 0.62, 0.19, 0.5, 0.71, 0.3, 0.9, 0.25, 0.45])
        deconvBars.highlightedCategories = [3, 8]
        deconvBars.highlightLabel = "two lowest"
        deconvBars.showsValueLabels = true
        report.addFigures([try .chart(sbdBars), try .chart(deconvBars)])

        report.addHeading("Latent geometry of a grid of circle positions")
        let (positions, rings) = ringGrid()
        let angle = 0.45
        let sbdX = positions.map { cos(angle) * ($0.x - 16) / 5 - sin(angle) * ($0.y - 16) / 5 }
        let sbdY = positions.map { sin(angle) * ($0.x - 16) / 5 + cos(angle) * ($0.y - 16) / 5 }
        let deconvX = positions.map { sin(($0.x - 16) / 4) + 0.3 * ($0.y - 16) / 10 }
        let deconvY = positions.map { cos(($0.x - 16) * ($0.y - 16) / 40) }
        let ringNames = (1...5).map { "ring \($0)" }
        var sbdScatter = ScatterPlot(title: "SBD", xLabel: "z2", yLabel: "z5", x: sbdX, y: sbdY,
                                     coloring: .categorical(labels: rings, names: ringNames))
        sbdScatter.equalAspect = true
        sbdScatter.palette = try ColorMap.rainbow.palette(levels: 5)
        var deconvScatter = ScatterPlot(title: "deconv", xLabel: "z3", yLabel: "z8", x: deconvX, y: deconvY,
                                        coloring: .categorical(labels: rings, names: ringNames))
        deconvScatter.equalAspect = true
        deconvScatter.palette = sbdScatter.palette
        var continuous = ScatterPlot(title: "SBD, coloured by x", xLabel: "z2", yLabel: "z5", x: sbdX, y: sbdY,
                                     coloring: .continuous(values: positions.map(\.x), colorMap: .viridis,
                                                           label: "circle x (pixels)"))
        continuous.equalAspect = true
        report.addFigures([try .chart(sbdScatter), try .chart(deconvScatter), try .chart(continuous)])

        report.addHeading("Latent traversals")
        let values = (0..<9).map { -2 + 0.5 * Double($0) }
        var centres = [(x: Double, y: Double)]()
        for latent in 0..<4 {
            for value in values {
                centres.append(latent == 0 ? (16 + 5 * value, 16) : latent == 1 ? (16, 16 + 5 * value) : (16, 16))
            }
        }
        var strip = try TraversalStrip(decoded: circleLogits(centres),
                                       latentLabels: ["z2 0.021", "z5 0.034", "z4 0.96", "z1 0.97"],
                                       values: values, imageValues: .logits)
        strip.title = "SBD: latents sorted by posterior variance"
        try report.addImage(try strip.render(), caption: "Rows: latents (label: name and mean variance). Columns: value.")

        report.addHeading("Training curves")
        let steps = (0..<100).map { Double($0 * 10) }
        let wiggle = steps.map { 1 + 0.04 * sin($0 / 7) }
        var loss = LineChart(title: "Reconstruction loss", xLabel: "Step", yLabel: "Bernoulli NLL (nats)", series: [
            LineSeries(name: "SBD", x: steps, y: zip(steps, wiggle).map { (60 + 500 * exp(-$0 / 150)) * $1 }),
            LineSeries(name: "deconv", x: steps, y: zip(steps, wiggle).map { (75 + 450 * exp(-$0 / 220)) * $1 }),
        ])
        loss.yScale = .logarithmic
        let kl = LineChart(title: "KL divergence", xLabel: "Step", yLabel: "KL (nats)", series: [
            LineSeries(name: "SBD", x: steps, y: steps.map { 9 + 6 * (1 - exp(-$0 / 120)) }, isDashed: true),
            LineSeries(name: "deconv", x: steps, y: steps.map { $0 == 500 ? .nan : 12 + 4 * (1 - exp(-$0 / 90)) },
                       isDashed: true),
        ])
        report.addFigures([try .chart(loss), try .chart(kl, caption: "The gap at step 500 is a NaN in the log.")])

        report.addHeading("Mutual information gap")
        let perFactor = BarChart(title: "MIG per factor", xLabel: "Factor", yLabel: "MIG", categories: ["x position", "y position"],
                                 series: [BarSeries(name: "SBD", values: [0.43, 0.39]), BarSeries(name: "deconv", values: [0.06, 0.04])])
        var summary = BarChart(title: "Every metric, SBD", xLabel: "", yLabel: "Score",
                               categories: ["MIG", "DCI disentanglement", "DCI completeness", "SAP", "modularity"],
                               values: [0.41, 0.62, 0.55, 0.18, 0.93])
        summary.width = 420
        let checkpoints = (1...10).map { Double($0 * 100) }
        let overTraining = LineChart(title: "MIG during training", xLabel: "Step", yLabel: "MIG", series: [
            LineSeries(name: "SBD", x: checkpoints, y: checkpoints.map { 0.45 * (1 - exp(-$0 / 300)) }),
            LineSeries(name: "deconv", x: checkpoints, y: checkpoints.map { 0.05 + 0.01 * sin($0 / 100) }),
        ])
        report.addFigures([try .chart(perFactor), try .chart(summary), try .chart(overTraining)])
        report.addTable(try ReportTable(
            header: ["decoder", "seed 0", "seed 1", "seed 2", "median"],
            rows: [["SBD", "0.412", "0.387", "0.455", "0.412"], ["deconv", "0.051", "0.083", "0.032", "0.051"]],
            caption: "MIG per seed (higher is better)"))
        return report
    }
}
