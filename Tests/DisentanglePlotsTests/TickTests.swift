import DisentanglePlots
import Testing

@Suite("Tick values")
struct TickTests {
    @Test("linear ticks are nice multiples inside the interval")
    func linear() throws {
        let ticks = try LinearTicks(lower: 0, upper: 0.93)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8])
        #expect(ticks.labels == ["0", "0.2", "0.4", "0.6", "0.8"])
        let wide = try LinearTicks(lower: -3.7, upper: 12.2)
        #expect(wide.values == [0, 5, 10])
        let steps = try LinearTicks(lower: 0, upper: 2000, targetCount: 4)
        #expect(steps.values == [0, 500, 1000, 1500, 2000])
        #expect(steps.labels == ["0", "500", "1000", "1500", "2000"])
    }

    @Test("labels share one number of decimals and avoid floating-point noise")
    func labels() throws {
        let ticks = try LinearTicks(lower: 0.1, upper: 0.35)
        #expect(ticks.labels == ["0.1", "0.15", "0.2", "0.25", "0.3", "0.35"])
        let negative = try LinearTicks(lower: -1, upper: 1)
        #expect(negative.labels.contains("0") && !negative.labels.contains("-0"))
        let tiny = try LinearTicks(lower: 0, upper: 3e-5)
        #expect(tiny.labels.allSatisfy { $0 == "0" || $0.contains("e-") })
    }

    @Test("nice intervals end on ticks")
    func niceInterval() throws {
        #expect(try LinearTicks.niceInterval(lower: 0, upper: 0.93) == 0...1)
        #expect(try LinearTicks.niceInterval(lower: 0, upper: 1.07) == 0...1.2)
    }

    @Test("degenerate intervals widen; bad input throws")
    func degenerate() throws {
        #expect(try LinearTicks(lower: 5, upper: 5).values.contains(5))
        #expect(try LinearTicks(lower: 0, upper: 0).values.contains(0))
        #expect(throws: PlotError.self) { try LinearTicks(lower: .nan, upper: 1) }
        #expect(throws: PlotError.self) { try LinearTicks(lower: 2, upper: 1) }
        #expect(throws: PlotError.self) { try LinearTicks(lower: 0, upper: 1, targetCount: 0) }
    }

    @Test("log ticks: powers of ten over decades, 1-2-5 within one, minor ticks between")
    func logarithmic() throws {
        let decades = try LogTicks(lower: 3, upper: 4000)
        #expect(decades.values == [10, 100, 1000])
        #expect(decades.labels == ["10", "100", "1000"])
        #expect(decades.minorValues.contains(20) && decades.minorValues.contains(3000))
        let narrow = try LogTicks(lower: 15, upper: 90)
        #expect(narrow.values == [20, 50])
        let small = try LogTicks(lower: 1e-6, upper: 1)
        #expect(small.values.count <= 7 && small.values.last == 1)
        #expect(small.labels.first?.contains("e-") == true)
        #expect(throws: PlotError.self) { try LogTicks(lower: 0, upper: 1) }
        #expect(throws: PlotError.self) { try LogTicks(lower: -1, upper: 1) }
    }

    @Test("extreme magnitudes never crash")
    func extremes() throws {
        let narrow = try LinearTicks(lower: 1e12, upper: 1e12 + 1e-6)
        #expect(!narrow.values.isEmpty)
        #expect(throws: PlotError.self) { try LinearTicks(lower: -1e308, upper: 1e308) }
        let huge = try LinearTicks(lower: 0, upper: 3e300)
        #expect(huge.labels.last?.contains("e300") == true)
        _ = try LogTicks(lower: 1e-300, upper: 1e300)
        #expect(throws: PlotError.self) { try LogTicks(lower: Double.leastNonzeroMagnitude, upper: Double.leastNonzeroMagnitude) }
        #expect(throws: PlotError.self) { try LinearTicks(lower: 0, upper: 1e-300) }
    }
}
