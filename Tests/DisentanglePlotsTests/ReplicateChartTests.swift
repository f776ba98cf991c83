import Foundation
import Testing

@testable import DisentanglePlots

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Replicate charts: replicas, centres, the ± 1 sd band, marked levels, medians and bad input.
@Suite("Replicate charts")
struct ReplicateChartTests {
    static func rateDistortion() -> ReplicateChart {
        ReplicateChart(title: "NLL vs KL", xLabel: "KL", yLabel: "NLL", series: [
            ReplicateSeries(name: "SBD", levels: [
                .init(x: [10, 12, 14], y: [50, 52, 54], isMarked: true), .init(x: [5, 6, 7], y: [60, 61, 65]),
            ]),
            ReplicateSeries(name: "deconv", levels: [
                .init(x: [11, 12, 13], y: [55, 58, 61]), .init(x: [6, 6, 6], y: [70, 70, 70]),
            ]),
        ])
    }

    @Test func meanChartsDrawReplicasCentresBandsAndTheMarkedLevel() throws {
        let document = try parseSVG(try Self.rateDistortion().svg())
        let circles = try elements("circle", in: document)
        // 12 replicas, 4 centres, and the legend's dot for the marked level.
        #expect(circles.count == 17)
        let hollow = circles.filter { circle in
            circle.attributes?.first { $0.localName == "fill" || $0.name == "fill" }?.stringValue == "#ffffff"
        }
        #expect(hollow.count == 1)
        #expect(try elements("polygon", in: document).count == 2)
        let strings = try texts(in: document)
        for expected in ["SBD", "deconv", "mean ± 1 sd", "marked level (hollow)", "NLL vs KL"] {
            #expect(strings.contains(expected), "missing \(expected)")
        }
    }

    @Test func mediansHaveNoBand() throws {
        var chart = Self.rateDistortion()
        chart.center = .median
        chart.xScale = .logarithmic
        let document = try parseSVG(try chart.svg())
        #expect(try elements("polygon", in: document).isEmpty)
        #expect(try texts(in: document).contains("median"))
    }

    @Test func summariesAreTheSampleMeanStandardDeviationAndMedian() {
        let level = ReplicateSeries.Level(x: [1, 2, 6], y: [3, 5, 10])
        let mean = ReplicateChart.Summary(level, center: .mean) { _, _ in true }
        #expect(mean.center?.x == 3 && mean.center?.y == 6)
        // Sample (n - 1) standard deviations: sqrt((4 + 1 + 9) / 2) and sqrt((9 + 1 + 16) / 2).
        #expect(abs(mean.spread.x - 7.0.squareRoot()) < 1e-12)
        #expect(abs(mean.spread.y - 13.0.squareRoot()) < 1e-12)
        let median = ReplicateChart.Summary(.init(x: [4, 1, 3, 2], y: [1, 1, 1, 9]), center: .median) { _, _ in true }
        #expect(median.center?.x == 2.5 && median.center?.y == 1)
        let one = ReplicateChart.Summary(.init(x: [2], y: [3]), center: .mean) { _, _ in true }
        #expect(one.spread.x == 0 && one.spread.y == 0)
    }

    @Test func badInputIsRejected() {
        var chart = Self.rateDistortion()
        chart.series = []
        #expect(throws: PlotError.self) { try chart.svg() }
        chart = Self.rateDistortion()
        chart.series[0].levels[0].y.removeLast()
        #expect(throws: PlotError.self) { try chart.svg() }
        chart = Self.rateDistortion()
        chart.series[1].levels = []
        #expect(throws: PlotError.self) { try chart.svg() }
        chart = Self.rateDistortion()
        chart.series = [ReplicateSeries(name: "nan", levels: [.init(x: [.nan], y: [1])])]
        #expect(throws: PlotError.self) { try chart.svg() }
    }
}
