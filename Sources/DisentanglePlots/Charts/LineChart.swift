/// A line chart of one or more series, with linear or logarithmic axes, grid lines and a legend: for loss
/// curves and other quantities over training steps.
///
/// ```swift
/// var chart = LineChart(title: "Training loss", xLabel: "Step", yLabel: "Negative ELBO (nats)", series: [
///     LineSeries(name: "SBD", x: steps, y: sbdLoss),
///     LineSeries(name: "deconv", x: steps, y: deconvLoss),
/// ])
/// chart.yScale = .logarithmic
/// let svg = try chart.svg()
/// ```
/// Series with at most 30 drawable points also get a dot at each point.
public struct LineChart: SVGChart {
    /// The title above the chart.
    public var title: String
    /// The label under the x axis.
    public var xLabel: String
    /// The label beside the y axis.
    public var yLabel: String
    /// The lines, drawn in order.
    public var series: [LineSeries]
    /// The x axis scale.
    public var xScale: AxisScale = .linear
    /// The y axis scale; use `.logarithmic` for losses spanning orders of magnitude.
    public var yScale: AxisScale = .linear
    /// The colours of series without an explicit colour.
    public var palette: CategoricalPalette = .tableau10
    /// The line width in CSS pixels, `0.1...20`.
    public var lineWidth = 1.8
    /// The chart width in CSS pixels (160...4000).
    public var width = 560.0
    /// The chart height in CSS pixels (120...4000).
    public var height = 340.0

    /// Creates a line chart.
    public init(title: String, xLabel: String, yLabel: String, series: [LineSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The chart as an SVG document. Throws ``PlotError`` if there are no series, a series is empty or has
    /// different numbers of x and y values, no point can be drawn on the chosen scales, or a setting is out of
    /// range.
    public func svg() throws -> String {
        let chart = "LineChart \"\(title)\""
        guard !series.isEmpty else { throw PlotError("\(chart): no series") }
        guard lineWidth.isFinite, (0.1...20).contains(lineWidth) else {
            throw PlotError("\(chart): lineWidth must be in 0.1...20, got \(lineWidth)")
        }
        for item in series {
            guard !item.x.isEmpty else { throw PlotError("\(chart): series \"\(item.name)\" is empty") }
            guard item.x.count == item.y.count else {
                throw PlotError("\(chart): series \"\(item.name)\" has \(item.x.count) x values but \(item.y.count) y values")
            }
        }
        func drawable(_ value: Double, _ scale: AxisScale) -> Bool { value.isFinite && (scale == .linear || value > 0) }
        let points = series.map { item in
            zip(item.x, item.y).map { point in
                drawable(point.0, xScale) && drawable(point.1, yScale) ? point : nil
            }
        }
        let all = points.flatMap { $0.compactMap { $0 } }
        guard !all.isEmpty else {
            throw PlotError("\(chart): no point is finite\(xScale == .logarithmic || yScale == .logarithmic ? " and positive on the logarithmic axis" : "")")
        }
        let xAxis = try ContinuousAxis(fitting: all.map(\.0), scale: xScale, fit: .padded(0.02))
        let yAxis = try ContinuousAxis(fitting: all.map(\.1), scale: yScale, fit: .padded(0.05))
        let showsLegend = series.count > 1 || !series[0].name.isEmpty
        let legend = showsLegend ? Legend(title: nil, entries: series.enumerated().map { index, item in
            Legend.Entry(label: item.name, color: item.color ?? palette.color(index), mark: .line(dash: item.isDashed ? "6 4" : nil))
        }) : nil
        let frame = try CartesianFrame(chart: chart, width: width, height: height, title: title, xLabel: xLabel,
                                       yLabel: yLabel, yTickLabels: yAxis.labels,
                                       xTickBand: CartesianFrame.horizontalTickBand,
                                       rightReserve: legend.map { $0.width + 16 } ?? 0)

        var svg = SVGBuilder()
        frame.drawYAxis(yAxis, into: &svg)
        frame.drawXAxis(xAxis, into: &svg)
        frame.drawAxisLines(into: &svg)
        for (index, item) in series.enumerated() {
            let color = item.color ?? palette.color(index)
            let dash = item.isDashed ? "6 4" : nil
            var run = [(x: Double, y: Double)]()
            func flush() {
                if run.count == 1 {
                    svg.circle(cx: run[0].x, cy: run[0].y, radius: lineWidth * 1.2, fill: color)
                } else if run.count > 1 {
                    svg.polyline(run, stroke: color, width: lineWidth, dash: dash)
                }
                run.removeAll()
            }
            for point in points[index] {
                if let (px, py) = point {
                    run.append((frame.x(xAxis.fraction(px)), frame.y(yAxis.fraction(py))))
                } else {
                    flush()
                }
            }
            flush()
            let visible = points[index].compactMap { $0 }
            if visible.count <= 30 {
                for (px, py) in visible {
                    svg.circle(cx: frame.x(xAxis.fraction(px)), cy: frame.y(yAxis.fraction(py)), radius: lineWidth * 1.5,
                               fill: color, stroke: .white, strokeWidth: 0.8)
                }
            }
        }
        frame.drawTitle(into: &svg)
        legend?.draw(into: &svg, x: frame.plotRight + 16, y: frame.plotTop)
        return svg.document(width: width, height: height, title: title)
    }
}
