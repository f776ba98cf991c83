import DisentangleDatasets
import DisentangleTensor
import Testing

@Suite("Factor grid")
struct GridTests {
    @Test("dSprites has the published grid")
    func dspritesGrid() {
        let d = DSprites()
        #expect(d.factorNames == ["shape", "scale", "orientation", "posX", "posY"])
        #expect(d.factorSizes == [3, 6, 40, 32, 32])
        #expect(d.gridCount == 737_280)
        #expect(d.observationShape == [1, 64, 64])
        #expect(d.factors[1].values.map { ($0 * 10).rounded() / 10 } == [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(d.factors[2].values.allSatisfy { $0 >= 0 && $0 < 2 * .pi })
        #expect(d.factors[3].values.first == 0 && d.factors[3].values.last == 1)
    }

    @Test("index <-> classes round-trips over the full dSprites grid")
    func fullGridRoundTrip() throws {
        let d = DSprites()
        let all = Array(0..<d.gridCount)
        let matrix = try d.factorClasses(at: all)
        #expect(matrix.count == 737_280 && matrix.factorCount == 5)
        #expect(try d.indices(of: matrix) == all)
        // Last factor fastest, as in the archive: consecutive indices move posY.
        #expect(matrix.row(0) == [0, 0, 0, 0, 0])
        #expect(matrix.row(1) == [0, 0, 0, 0, 1])
        #expect(matrix.row(32) == [0, 0, 0, 1, 0])
        #expect(matrix.row(737_279) == [2, 5, 39, 31, 31])
        // Every tuple is distinct: the per-factor columns enumerate the grid exactly once.
        var seen = Set<[Int]>()
        for index in stride(from: 0, to: d.gridCount, by: 997) {
            let classes = try d.classes(at: index)
            #expect(try d.index(of: classes) == index)
            seen.insert(classes)
        }
        #expect(seen.count == (d.gridCount + 996) / 997)
    }

    @Test("factor values follow the classes")
    func factorValues() throws {
        let d = DSprites()
        let matrix = try FactorClasses(rows: [[2, 5, 10, 31, 0]])
        let values = try d.factorValues(for: matrix)
        #expect(values[0] == 2 && values[1] == 1 && abs(values[2] - .pi / 2) < 1e-12 && values[3] == 1 && values[4] == 0)
    }

    @Test("out-of-range classes and indices throw errors naming the factor")
    func rejectsBadClasses() throws {
        let d = DSprites()
        #expect(datasetError { _ = try d.index(of: [0, 6, 0, 0, 0]) }?.contains("factor 'scale': class 6 is outside 0..<6") == true)
        #expect(datasetError { _ = try d.index(of: [0, 0, 0]) }?.contains("has 3 columns; the dataset has 5") == true)
        #expect(datasetError { _ = try d.classes(at: 737_280) }?.contains("outside 0..<737280") == true)
        #expect(datasetError { _ = try d.factorClasses(at: [-1]) }?.contains("grid index -1") == true)
        let bad = try FactorClasses(rows: [[0, 0, 0, 0, 0], [0, 0, -1, 0, 0]])
        #expect(datasetError { _ = try d.observations(for: bad) }?.contains("row 1, factor 'orientation'") == true)
        #expect(datasetError { _ = try FactorClasses(rows: [[1, 2], [3]]) }?.contains("row 1 has 1 entries") == true)
        #expect(datasetError { _ = try FactorClasses(count: 2, factorCount: 2, classes: [1]) } != nil)
    }
}
