import DisentangleTensor

/// Draws uniform factor vectors for the sampling-based scores and checks what the representation returns.
struct FactorSampler {
    let sizes: [Int]
    private(set) var codeDimension: Int?

    init(sizes: [Int]) throws {
        guard !sizes.isEmpty else { throw MetricError.emptyInput("factor sizes") }
        if let bad = sizes.firstIndex(where: { $0 < 1 }) {
            throw MetricError.invalidOption("factor \(bad) has size \(sizes[bad]); every factor needs at least one value")
        }
        self.sizes = sizes
    }

    /// `count` factor vectors, each factor uniform over `0..<size`.
    func sample(_ count: Int, generator: inout RandomGenerator) -> [[Int]] {
        (0..<count).map { _ in sizes.map { generator.nextInt(below: $0) } }
    }

    /// Calls the representation and checks that it returned one code row per factor row, with a fixed width.
    mutating func represent(_ factors: [[Int]], _ representation: ([[Int]]) throws -> CodeMatrix) throws -> CodeMatrix {
        let codes = try representation(factors)
        guard codes.rowCount == factors.count, codeDimension == nil || codeDimension == codes.columnCount else {
            throw MetricError.representationShape(expectedRows: factors.count, foundRows: codes.rowCount,
                                                  expectedColumns: codeDimension, foundColumns: codes.columnCount)
        }
        codeDimension = codes.columnCount
        return codes
    }
}
