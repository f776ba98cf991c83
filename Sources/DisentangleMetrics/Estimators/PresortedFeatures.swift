/// A feature matrix rounded to `Float` (as scikit-learn's trees store X), with each column's row indices sorted
/// by value once, so every tree grown on it can scan features in order.
struct PresortedFeatures: Sendable {
    /// The number of rows.
    let rowCount: Int
    /// The number of features.
    let featureCount: Int
    /// Column-major sorted row indices: `order[f * rowCount + r]` is the row with the r-th smallest feature `f`.
    let order: [Int32]
    /// The values rounded to `Float` and widened back to `Double`, column-major: feature `f` of row `i` is
    /// `columnValues[f * rowCount + i]`.
    let columnValues: [Double]

    init(_ features: CodeMatrix) {
        let n = features.rowCount
        let d = features.columnCount
        var values = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            for f in 0..<d { values[f * n + i] = Float(features[i, f]) }
        }
        var order = [Int32](repeating: 0, count: n * d)
        for f in 0..<d {
            let column = values[(f * n)..<((f + 1) * n)]
            let base = f * n
            let sorted = (0..<n).sorted { a, b in
                let va = column[base + a], vb = column[base + b]
                return va < vb || (va == vb && a < b)
            }
            for r in 0..<n { order[base + r] = Int32(sorted[r]) }
        }
        self.rowCount = n
        self.featureCount = d
        self.order = order
        self.columnValues = values.map(Double.init)
    }
}
