import DisentanglePlots
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("SVG charts")
struct ChartTests {
    static let awkward = #"Loss <"β" & 'KL'> \#u{1}"#

    func variance() -> BarChart {
        BarChart(title: "Variance", xLabel: "Latent", yLabel: "Mean variance",
                 categories: (0..<10).map { "z\($0)" },
                 values: [0.98, 0.97, 0.02, 0.99, 0.96, 0.03, 1.0, 0.97, 0.99, 0.98])
    }

    @Test("bar charts are well-formed SVG with ticks, labels, legend and highlights")
    func barChart() throws {
        var chart = variance()
        chart.highlightedCategories = [2, 5]
        chart.highlightLabel = "lowest variance"
        chart.showsValueLabels = true
        let document = try parseSVG(try chart.svg())
        let strings = try texts(in: document)
        for expected in ["Variance", "Latent", "Mean variance", "z0", "z9", "lowest variance", "0.02", "0", "1"] {
            #expect(strings.contains(expected), "missing text \(expected)")
        }
        #expect(try elements("title", in: document).first?.stringValue == "Variance")
        let grouped = BarChart(title: "Two", xLabel: "x", yLabel: "y", categories: ["a", "b"], series: [
            BarSeries(name: "SBD", values: [Float(1), 2]), BarSeries(name: "deconv", values: [Float(-1), 3]),
        ])
        let groupedTexts = try texts(in: parseSVG(try grouped.svg()))
        #expect(groupedTexts.contains("SBD") && groupedTexts.contains("deconv"))
    }

    @Test("bar charts reject bad input and mark missing values")
    func barErrors() throws {
        var chart = variance()
        chart.categories = []
        #expect(throws: PlotError.self) { try chart.svg() }
        chart = variance()
        chart.series[0].values.removeLast()
        #expect(throws: PlotError.self) { try chart.svg() }
        chart = variance()
        chart.highlightedCategories = [10]
        #expect(throws: PlotError.self) { try chart.svg() }
        chart = variance()
        chart.series = []
        #expect(throws: PlotError.self) { try chart.svg() }
        chart = variance()
        chart.series[0].values = [Double](repeating: .nan, count: 10)
        #expect(throws: PlotError.self) { try chart.svg() }
        chart.series[0].values[3] = 0.5
        #expect(try texts(in: parseSVG(try chart.svg())).contains("n/a"))
        chart.width = 50
        #expect(throws: PlotError.self) { try chart.svg() }
    }

    @Test("titles and labels are escaped and survive a round trip through an XML parser")
    func escaping() throws {
        var bar = variance()
        bar.title = ChartTests.awkward
        bar.categories[0] = "<z0>"
        let line = LineChart(title: ChartTests.awkward, xLabel: "a&b", yLabel: "<y>",
                             series: [LineSeries(name: "\"s\"", y: [1.0, 2, 3])])
        let scatter = ScatterPlot(title: ChartTests.awkward, xLabel: "x", yLabel: "y", x: [0.0, 1], y: [1.0, 0],
                                  coloring: .categorical(labels: [0, 1], names: ["<a>", "b&c"], title: "ring"))
        let charts: [any SVGChart] = [bar, line, scatter]
        for chart in charts {
            let svg = try chart.svg()
            let document = try parseSVG(svg)
            #expect(try elements("title", in: document).first?.stringValue == #"Loss <"β" & 'KL'> \#u{fffd}"#)
            #expect(!svg.contains(" id="), "inline SVGs must not declare ids that could collide")
        }
        #expect(try texts(in: parseSVG(try scatter.svg())).contains("<a>"))
        #expect(try texts(in: parseSVG(try line.svg())).contains("\"s\""))
    }

    @Test("scatter plots draw one circle per finite point and note the skipped ones")
    func scatter() throws {
        let plot = ScatterPlot(title: "Latents", xLabel: "z1", yLabel: "z2", x: [0, 1, .nan, 3], y: [0, 1, 2, .infinity],
                               coloring: .continuous(values: [0, 1, 2, 3], colorMap: .viridis, label: "x position"))
        let document = try parseSVG(try plot.svg())
        #expect(try elements("circle", in: document).count == 2)
        let strings = try texts(in: document)
        #expect(strings.contains("2 points with non-finite values not shown"))
        #expect(strings.contains("x position"))
    }

    @Test("scatter plots reject bad input")
    func scatterErrors() throws {
        #expect(throws: PlotError.self) { try ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [Double](), y: []).svg() }
        #expect(throws: PlotError.self) { try ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [1.0, 2], y: [1.0]).svg() }
        #expect(throws: PlotError.self) {
            try ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [Double.nan], y: [1.0]).svg()
        }
        #expect(throws: PlotError.self) {
            try ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [1.0, 2], y: [1.0, 2],
                            coloring: .categorical(labels: [0])).svg()
        }
        #expect(throws: PlotError.self) {
            try ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [1.0, 2], y: [1.0, 2],
                            coloring: .categorical(labels: [0, 2], names: ["a", "b"])).svg()
        }
        #expect(throws: PlotError.self) {
            try ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [1.0, 2], y: [1.0, 2],
                            coloring: .continuous(values: [1], label: "c")).svg()
        }
    }

    @Test("extreme values and settings give errors or valid SVG, never a crash")
    func extremes() throws {
        let wide = ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [-1e300, 1e300], y: [0.0, 1])
        _ = try parseSVG(try wide.svg())
        let tooWide = ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [-1.7e308, 1.7e308], y: [0.0, 1])
        #expect(throws: PlotError.self) { try tooWide.svg() }
        _ = try parseSVG(try ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [1e300, 2e300], y: [0.0, 1]).svg())
        _ = try parseSVG(try ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [5.0], y: [5.0]).svg())
        var radius = ScatterPlot(title: "t", xLabel: "x", yLabel: "y", x: [1.0], y: [1.0])
        radius.pointRadius = .nan
        #expect(throws: PlotError.self) { try radius.svg() }
        var line = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [LineSeries(name: "", y: [1.0])])
        _ = try parseSVG(try line.svg())
        line.lineWidth = -1
        #expect(throws: PlotError.self) { try line.svg() }
        let flat = BarChart(title: "t", xLabel: "x", yLabel: "y", categories: ["a", "b"], values: [0.0, 0])
        _ = try parseSVG(try flat.svg())
    }

    @Test("equal aspect gives both axes the same pixels per unit")
    func equalAspect() throws {
        var plot = ScatterPlot(title: "Aspect", xLabel: "x", yLabel: "y", x: [0.0, 10, 0], y: [0.0, 0, 1])
        plot.equalAspect = true
        plot.width = 600
        plot.height = 300
        let circles = try elements("circle", in: parseSVG(try plot.svg()))
        #expect(circles.count == 3)
        let origin = (number(circles[0], "cx"), number(circles[0], "cy"))
        let alongX = abs(number(circles[1], "cx") - origin.0) / 10
        let alongY = abs(number(circles[2], "cy") - origin.1) / 1
        #expect(abs(alongX - alongY) < 0.05 * alongX)
    }

    @Test("line charts: legend, log scale skipping non-positive values, gaps at NaN")
    func lineChart() throws {
        let steps: [Double] = (0..<100).map(Double.init)
        let sbd: [Double] = steps.map { 1000 * exp(-$0 / 20) + 1 }
        var deconv: [Double] = steps.map { 800 * exp(-$0 / 30) + 5 }
        deconv[10] = 0
        deconv[50] = .nan
        var chart = LineChart(title: "Loss", xLabel: "Step", yLabel: "Loss", series: [
            LineSeries(name: "SBD", x: steps, y: sbd),
            LineSeries(name: "deconv", x: steps, y: deconv, isDashed: true),
        ])
        chart.yScale = .logarithmic
        let document = try parseSVG(try chart.svg())
        let strings = try texts(in: document)
        #expect(strings.contains("SBD") && strings.contains("deconv") && strings.contains("100"))
        // One polyline for SBD, three for deconv (broken at the zero and at the NaN).
        #expect(try elements("polyline", in: document).count == 4)
    }

    @Test("line charts reject bad input")
    func lineErrors() throws {
        #expect(throws: PlotError.self) { try LineChart(title: "t", xLabel: "x", yLabel: "y", series: []).svg() }
        #expect(throws: PlotError.self) {
            try LineChart(title: "t", xLabel: "x", yLabel: "y", series: [LineSeries(name: "a", y: [Double]())]).svg()
        }
        #expect(throws: PlotError.self) {
            try LineChart(title: "t", xLabel: "x", yLabel: "y", series: [LineSeries(name: "a", x: [1, 2], y: [1.0])]).svg()
        }
        var negative = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [LineSeries(name: "a", y: [-1.0, 0])])
        negative.yScale = .logarithmic
        #expect(throws: PlotError.self) { try negative.svg() }
    }

    @Test("colour maps and palettes")
    func colours() throws {
        #expect(ColorMap.viridis.color(at: 0) == RGBColor(hex: 0x440154))
        #expect(ColorMap.viridis.color(at: 1) == RGBColor(hex: 0xfde725))
        #expect(ColorMap.viridis.color(at: .nan) == ColorMap.viridis.color(at: 0))
        #expect(ColorMap.rainbow.color(at: 0) == RGBColor(red: 128, green: 0, blue: 255))
        #expect(ColorMap.rainbow.color(at: 1) == RGBColor(red: 255, green: 0, blue: 0))
        #expect(try ColorMap.rainbow.palette(levels: 10).colors.count == 10)
        #expect(CategoricalPalette.tableau10.color(10) == CategoricalPalette.tableau10.color(0))
        #expect(CategoricalPalette.tableau10.color(-1) == CategoricalPalette.tableau10.color(9))
        #expect(try RGBColor(parsing: "#1F77b4") == RGBColor(hex: 0x1f77b4))
        #expect(RGBColor(hex: 0x0000ff).hexString == "#0000ff")
        #expect(throws: PlotError.self) { try RGBColor(parsing: "blue") }
        #expect(throws: PlotError.self) { try CategoricalPalette(colors: []) }
        #expect(throws: PlotError.self) { try ColorMap(name: "one", anchors: [.black]) }
    }

    @Test("writeSVG writes atomically and fails clearly for a missing directory")
    func writing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plots-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("variance.svg")
        try variance().writeSVG(to: url)
        try variance().writeSVG(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == (try variance().svg()))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["variance.svg"])
        #expect(throws: PlotError.self) {
            try variance().writeSVG(to: directory.appendingPathComponent("missing/variance.svg"))
        }
    }
}
