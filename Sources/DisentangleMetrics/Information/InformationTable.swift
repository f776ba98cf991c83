/// The discrete mutual information between every code and every factor, with the entropies behind it: what the
/// MIG family of metrics is computed from.
///
/// Codes are discretised per column with a ``HistogramDiscretizer``; factors are taken as labels. Mutual
/// information and entropies are sklearn's plug-in estimates in nats (``DiscreteMutualInformation``).
struct InformationTable {
    /// `mutualInformation[j][k]`: I(z_j; v_k) in nats.
    let mutualInformation: [[Double]]
    /// H(v_k) in nats.
    let factorEntropies: [Double]
    /// H(z_j) of the discretised codes in nats.
    let codeEntropies: [Double]
    /// The discretised codes, one array of bins per code.
    let codeBins: [[Int]]
    /// The factor columns.
    let factorColumns: [[Int]]

    /// The table of `codes` and `factors` (all rows).
    ///
    /// - Throws: ``MetricError`` for mismatched rows, an invalid discretiser, or (with `metric` naming the caller) a
    ///   constant factor, whose entropy is 0.
    init(codes: CodeMatrix, factors: FactorMatrix, discretizer: HistogramDiscretizer, metric: String) throws {
        try checkPaired(codes, factors)
        try discretizer.validate()
        factorColumns = (0..<factors.columnCount).map(factors.column)
        factorEntropies = factorColumns.map(DiscreteMutualInformation.entropy)
        if let constant = factorEntropies.firstIndex(where: { $0 == 0 }) {
            throw MetricError.constantFactor(metric: metric, factor: constant)
        }
        codeBins = discretizer.discretizeColumns(codes)
        codeEntropies = codeBins.map(DiscreteMutualInformation.entropy)
        mutualInformation = DiscreteMutualInformation.matrix(codeBins: codeBins, factorColumns: factorColumns)
    }

    /// `I(z_j; v_k)` divided as `normalization` says (0 where the divisor is 0).
    func normalized(_ normalization: MutualInformationNormalization) -> [[Double]] {
        mutualInformation.indices.map { j in
            mutualInformation[j].indices.map { k in
                let m = mutualInformation[j][k]
                switch normalization {
                case .factorEntropy: return m / factorEntropies[k]
                case .codeEntropy: return codeEntropies[j] > 0 ? m / codeEntropies[j] : 0
                case .none: return m
                }
            }
        }
    }

    /// The largest and second-largest of `values` (at least two), and the index of the largest (the first on ties).
    static func topTwo(_ values: [Double]) -> (first: Double, second: Double, index: Int) {
        let sorted = values.sorted(by: >)
        return (sorted[0], sorted[1], values.firstIndex(of: sorted[0])!)
    }
}
