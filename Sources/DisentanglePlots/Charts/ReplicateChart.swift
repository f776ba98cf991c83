import Foundation

/// Replicated measurements per group and level: every replica as a small dot, each level's centre (mean or median
/// of x and of y) joined by a line per group, and with the mean, a band of ± one standard deviation of y around
/// the line and ± one standard deviation of x as whiskers. For the Spatial Broadcast Decoder paper's
/// rate-distortion curves (NLL against KL or MIG over β, one group per decoder) and metric-against-β plots with
/// medians over seeds.
///
/// ```swift
/// let chart = ReplicateChart(title: "Rate-distortion", xLabel: "KL (nats)", yLabel: "NLL (nats)", series: [
///     ReplicateSeries(name: "SBD", levels: [.init(x: [20.1, 21.0], y: [80.2, 79.5], isMarked: true)]),
/// ])
/// let svg = try chart.svg()
/// ```
public struct ReplicateChart: SVGChart {
    /// What a level's centre is.
    public enum Center: Sendable, Equatable {
        /// The mean, with a ± one standard deviation band.
        case mean
        /// The median, without a band.
        case median
    }

    /// The title above the chart.
    public var title: String
    /// The label under the x axis.
    public var xLabel: String
    /// The label beside the y axis.
    public var yLabel: String
    /// The groups.
    public var series: [ReplicateSeries]
    /// What the line joins.
    public var center: Center = .mean
    /// The x axis scale (`.logarithmic` for β).
    public var xScale: AxisScale = .linear
    /// The colours of groups without an explicit colour.
    public var palette: CategoricalPalette = .tableau10
    /// The chart width in CSS pixels (160...4000).
    public var width = 560.0
    /// The chart height in CSS pixels (120...4000).
    public var height = 380.0

    /// Creates a chart.
    public init(title: String, xLabel: String, yLabel: String, series: [ReplicateSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The chart as an SVG document. Throws ``PlotError`` if there are no groups, a level has no replicas or
    /// different numbers of x and y values, or no value can be drawn.
    public func svg() throws -> String {
        let chart = "ReplicateChart \"\(title)\""
        guard !series.isEmpty else { throw PlotError("\(chart): no series") }
        for group in series {
            guard !group.levels.isEmpty else { throw PlotError("\(chart): series \"\(group.name)\" has no levels") }
            for level in group.levels where level.x.isEmpty || level.x.count != level.y.count {
                throw PlotError("\(chart): series \"\(group.name)\" has a level with \(level.x.count) x and \(level.y.count) y values")
            }
        }
        func drawable(_ x: Double, _ y: Double) -> Bool { x.isFinite && y.isFinite && (xScale == .linear || x > 0) }
        let summaries = series.map { group in group.levels.map { Summary($0, center: center, drawable: drawable) } }
        var xs: [Double] = []
        var ys: [Double] = []
        for summary in summaries.joined() {
            xs += summary.points.map(\.x)
            ys += summary.points.map(\.y)
            if let c = summary.center {
                xs += [c.x - summary.spread.x, c.x + summary.spread.x].filter { xScale == .linear || $0 > 0 }
                ys += [c.y - summary.spread.y, c.y + summary.spread.y]
            }
        }
        guard !xs.isEmpty else { throw PlotError("\(chart): no value is finite\(xScale == .logarithmic ? " and positive on the logarithmic axis" : "")") }
        let xAxis = try ContinuousAxis(fitting: xs, scale: xScale, fit: .padded(0.04))
        let yAxis = try ContinuousAxis(fitting: ys, scale: .linear, fit: .padded(0.06))
        var entries = series.enumerated().map { index, group in
            Legend.Entry(label: group.name, color: group.color ?? palette.color(index), mark: .line(dash: nil))
        }
        if series.contains(where: { $0.levels.contains(where: \.isMarked) }) {
            entries.append(Legend.Entry(label: "marked level (hollow)", color: ChartStyle.axisColor, mark: .dot))
        }
        let legend = Legend(title: center == .mean ? "mean ± 1 sd" : "median", entries: entries)
        let frame = try CartesianFrame(chart: chart, width: width, height: height, title: title, xLabel: xLabel,
                                       yLabel: yLabel, yTickLabels: yAxis.labels,
                                       xTickBand: CartesianFrame.horizontalTickBand, rightReserve: legend.width + 16)
        func px(_ x: Double) -> Double { frame.x(xAxis.fraction(x)) }
        func py(_ y: Double) -> Double { frame.y(yAxis.fraction(y)) }

        var svg = SVGBuilder()
        frame.drawYAxis(yAxis, into: &svg)
        frame.drawXAxis(xAxis, into: &svg)
        frame.drawAxisLines(into: &svg)
        for (index, group) in series.enumerated() {
            let color = group.color ?? palette.color(index)
            let centers = summaries[index].compactMap { summary in summary.center.map { (summary, $0) } }
            if center == .mean && centers.count > 1 {
                let upper = centers.map { (x: px($0.1.x), y: py($0.1.y + $0.0.spread.y)) }
                let lower = centers.reversed().map { (x: px($0.1.x), y: py($0.1.y - $0.0.spread.y)) }
                svg.polygon(upper + lower, fill: color, opacity: 0.18)
            }
            for summary in summaries[index] {
                for point in summary.points {
                    svg.circle(cx: px(point.x), cy: py(point.y), radius: 2.2, fill: color, opacity: 0.45)
                }
            }
            if centers.count > 1 {
                svg.polyline(centers.map { (x: px($0.1.x), y: py($0.1.y)) }, stroke: color, width: 1.8)
            }
            for (summary, c) in centers {
                if center == .mean && summary.spread.x > 0 {
                    let low = xScale == .linear || c.x - summary.spread.x > 0 ? c.x - summary.spread.x : c.x
                    svg.line(x1: px(low), y1: py(c.y), x2: px(c.x + summary.spread.x), y2: py(c.y), stroke: color, width: 1)
                }
                svg.circle(cx: px(c.x), cy: py(c.y), radius: 4.2, fill: summary.isMarked ? .white : color,
                           stroke: color, strokeWidth: 1.6)
            }
        }
        frame.drawTitle(into: &svg)
        legend.draw(into: &svg, x: frame.plotRight + 16, y: frame.plotTop)
        return svg.document(width: width, height: height, title: title)
    }

    /// A level's drawable replicas, centre and standard deviations.
    struct Summary {
        let points: [(x: Double, y: Double)]
        let center: (x: Double, y: Double)?
        let spread: (x: Double, y: Double)
        let isMarked: Bool

        init(_ level: ReplicateSeries.Level, center kind: Center, drawable: (Double, Double) -> Bool) {
            points = zip(level.x, level.y).filter { drawable($0.0, $0.1) }.map { (x: $0.0, y: $0.1) }
            isMarked = level.isMarked
            guard !points.isEmpty else {
                center = nil
                spread = (0, 0)
                return
            }
            let xs = points.map(\.x)
            let ys = points.map(\.y)
            switch kind {
            case .mean:
                center = (Self.mean(xs), Self.mean(ys))
                spread = (Self.standardDeviation(xs), Self.standardDeviation(ys))
            case .median:
                center = (Self.median(xs), Self.median(ys))
                spread = (0, 0)
            }
        }

        static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

        /// The sample standard deviation (n − 1); 0 for a single value.
        static func standardDeviation(_ values: [Double]) -> Double {
            guard values.count > 1 else { return 0 }
            let m = mean(values)
            return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        }

        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }
}
