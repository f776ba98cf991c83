import Foundation

/// A scatter plot with optional colouring by class (legend) or by value (colour bar), and an optional equal
/// aspect ratio so distances look the same in both directions.
///
/// The seed notebook's latent-geometry plot: a grid of circle positions encoded, plotted on the two
/// lowest-variance latents, coloured by ring:
/// ```swift
/// var plot = ScatterPlot(title: "SBD: latent space", xLabel: "z3", yLabel: "z9", x: z1, y: z2,
///                        coloring: .categorical(labels: rings, title: "ring"))
/// plot.equalAspect = true
/// let svg = try plot.svg()
/// ```
/// Points whose coordinates (or colour value) are not finite are skipped, and a note says how many.
public struct ScatterPlot: SVGChart {
    /// The title above the chart.
    public var title: String
    /// The label under the x axis.
    public var xLabel: String
    /// The label beside the y axis.
    public var yLabel: String
    /// The horizontal coordinates.
    public var x: [Double]
    /// The vertical coordinates, one per `x`.
    public var y: [Double]
    /// How points are coloured.
    public var coloring: ScatterColoring
    /// The colours of categories for ``ScatterColoring/categorical(labels:names:title:)``.
    public var palette: CategoricalPalette = .tableau10
    /// The point radius in CSS pixels, `0.1...50`.
    public var pointRadius = 3.5
    /// The point opacity, `0...1`.
    public var pointOpacity = 0.85
    /// Whether one data unit has the same length on both axes (the axes' ranges are widened to make it so).
    public var equalAspect = false
    /// The chart width in CSS pixels (160...4000).
    public var width = 460.0
    /// The chart height in CSS pixels (120...4000).
    public var height = 420.0

    /// Creates a scatter plot of any floating-point coordinates.
    public init<Value: BinaryFloatingPoint>(title: String, xLabel: String, yLabel: String, x: [Value], y: [Value],
                                            coloring: ScatterColoring = .uniform(RGBColor(hex: 0x1f77b4))) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x.map { Double($0) }
        self.y = y.map { Double($0) }
        self.coloring = coloring
    }

    /// The chart as an SVG document. Throws ``PlotError`` if there are no points, the coordinate or colouring
    /// arrays differ in length, a class label has no name, no point is finite, or a setting is out of range.
    public func svg() throws -> String {
        let chart = "ScatterPlot \"\(title)\""
        guard !x.isEmpty else { throw PlotError("\(chart): no points") }
        guard x.count == y.count else { throw PlotError("\(chart): \(x.count) x values but \(y.count) y values") }
        guard pointRadius.isFinite, (0.1...50).contains(pointRadius) else {
            throw PlotError("\(chart): pointRadius must be in 0.1...50, got \(pointRadius)")
        }
        guard pointOpacity.isFinite, (0...1).contains(pointOpacity) else {
            throw PlotError("\(chart): pointOpacity must be in 0...1, got \(pointOpacity)")
        }
        let colorValues = try validatedColouring(chart: chart)
        let drawable = x.indices.filter { index in
            x[index].isFinite && y[index].isFinite && (colorValues.map { $0[index].isFinite } ?? true)
        }
        guard !drawable.isEmpty else { throw PlotError("\(chart): no point has finite coordinates") }

        var xAxis = try ContinuousAxis(fitting: drawable.map { x[$0] }, scale: .linear, fit: .padded(0.06))
        var yAxis = try ContinuousAxis(fitting: drawable.map { y[$0] }, scale: .linear, fit: .padded(0.06))
        let (legend, colorBar) = try makeKey(colorValues: colorValues, drawable: drawable)
        let rightReserve = (legend?.width ?? colorBar?.width).map { $0 + 18 } ?? 0
        var frame = try makeFrame(yAxis: yAxis, rightReserve: rightReserve)
        if equalAspect {
            for _ in 0..<2 {
                let unitsPerPixel = max((xAxis.upper - xAxis.lower) / frame.plotWidth,
                                        (yAxis.upper - yAxis.lower) / frame.plotHeight)
                xAxis = try xAxis.widened(toSpan: unitsPerPixel * frame.plotWidth)
                yAxis = try yAxis.widened(toSpan: unitsPerPixel * frame.plotHeight)
                frame = try makeFrame(yAxis: yAxis, rightReserve: rightReserve)
            }
        }

        var svg = SVGBuilder()
        frame.drawYAxis(yAxis, into: &svg)
        frame.drawXAxis(xAxis, into: &svg)
        frame.drawAxisLines(into: &svg)
        for index in drawable {
            svg.circle(cx: frame.x(xAxis.fraction(x[index])), cy: frame.y(yAxis.fraction(y[index])),
                       radius: pointRadius, fill: color(of: index, colorValues: colorValues, colorBar: colorBar),
                       opacity: pointOpacity, stroke: .white, strokeWidth: 0.5)
        }
        frame.drawTitle(into: &svg)
        if drawable.count < x.count {
            let skipped = x.count - drawable.count
            frame.drawNote("\(skipped) point\(skipped == 1 ? "" : "s") with non-finite values not shown", into: &svg)
        }
        legend?.draw(into: &svg, x: frame.plotRight + 18, y: frame.plotTop)
        colorBar?.draw(into: &svg, x: frame.plotRight + 18, top: frame.plotTop, height: frame.plotHeight)
        return svg.document(width: width, height: height, title: title)
    }

    /// Checks the colouring against the points; returns the continuous colour values, if any.
    private func validatedColouring(chart: String) throws -> [Double]? {
        switch coloring {
        case .uniform:
            return nil
        case .categorical(let labels, let names, _):
            guard labels.count == x.count else {
                throw PlotError("\(chart): \(x.count) points but \(labels.count) class labels")
            }
            if let names, let bad = labels.first(where: { !names.indices.contains($0) }) {
                throw PlotError("\(chart): class label \(bad) has no name (there are \(names.count) names)")
            }
            return nil
        case .continuous(let values, _, _):
            guard values.count == x.count else {
                throw PlotError("\(chart): \(x.count) points but \(values.count) colour values")
            }
            return values
        }
    }

    /// The legend (classes) or colour bar (values) for the colouring, built from the drawable points.
    private func makeKey(colorValues: [Double]?, drawable: [Int]) throws -> (Legend?, ColorBar?) {
        switch coloring {
        case .uniform:
            return (nil, nil)
        case .categorical(let labels, let names, let title):
            let classes = Set(drawable.map { labels[$0] }).sorted()
            let entries = classes.map { label in
                Legend.Entry(label: names?[label] ?? String(label), color: palette.color(label), mark: .dot)
            }
            return (Legend(title: title, entries: entries), nil)
        case .continuous(_, let colorMap, let label):
            let axis = try ContinuousAxis(fitting: drawable.map { colorValues![$0] }, scale: .linear, fit: .padded(0))
            return (nil, ColorBar(colorMap: colorMap, axis: axis, label: label))
        }
    }

    /// The fill colour of point `index`.
    private func color(of index: Int, colorValues: [Double]?, colorBar: ColorBar?) -> RGBColor {
        switch coloring {
        case .uniform(let color):
            return color
        case .categorical(let labels, _, _):
            return palette.color(labels[index])
        case .continuous(_, let colorMap, _):
            return colorMap.color(at: colorBar!.axis.fraction(colorValues![index]))
        }
    }

    /// Lays out the frame for the given y axis.
    private func makeFrame(yAxis: ContinuousAxis, rightReserve: Double) throws -> CartesianFrame {
        try CartesianFrame(chart: "ScatterPlot \"\(title)\"", width: width, height: height, title: title,
                           xLabel: xLabel, yLabel: yLabel, yTickLabels: yAxis.labels,
                           xTickBand: CartesianFrame.horizontalTickBand, rightReserve: rightReserve)
    }
}
