/// Equal-width histogram discretisation of one variable, exactly as
/// `np.digitize(x, np.histogram(x, bins)[1][:-1])` computes it (disentanglement_lib's `histogram_discretizer`).
///
/// The edges are `e_k = k * ((max - min) / bins) + min` for `k = 0..<bins`, computed in that order in `Double`
/// (a constant variable gets the range `[x - 0.5, x + 0.5]`). A value's bin is the number of edges `<= x`, so
/// bins run from 1 to `bins` and the maximum falls in the last bin.
public struct HistogramDiscretizer: Sendable, Equatable, Codable {
    /// The number of equal-width bins; disentanglement_lib's default is 20.
    public var binCount: Int

    /// Creates a discretiser with `binCount` bins (at least 1).
    public init(binCount: Int = 20) {
        self.binCount = binCount
    }

    /// The lower edges `e_0..<e_bins` of the histogram of `values` (non-empty).
    public func edges(of values: [Double]) -> [Double] {
        var lower = values[0]
        var upper = values[0]
        for v in values {
            if v < lower { lower = v }
            if v > upper { upper = v }
        }
        if lower == upper {
            lower -= 0.5
            upper += 0.5
        }
        let step = (upper - lower) / Double(binCount)
        return (0..<binCount).map { Double($0) * step + lower }
    }

    /// The bin (1...binCount) of every value, from a histogram of the values themselves.
    public func discretize(_ values: [Double]) -> [Int] {
        guard !values.isEmpty else { return [] }
        let e = edges(of: values)
        return values.map { x in
            // Number of edges <= x (np.searchsorted(edges, x, side="right")).
            var low = 0
            var high = e.count
            while low < high {
                let mid = (low + high) / 2
                if e[mid] <= x { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    /// Discretises every column of `codes` separately, returning one array of bins per column.
    public func discretizeColumns(_ codes: CodeMatrix) -> [[Int]] {
        codes.columns().map(discretize)
    }

    /// Throws unless the bin count is usable.
    func validate() throws {
        guard binCount >= 1 else { throw MetricError.invalidOption("histogram bin count must be at least 1, got \(binCount)") }
    }
}
