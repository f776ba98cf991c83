import Foundation

/// Unsupervised disentanglement ranking (Duan et al. 2020, "Unsupervised model selection for variational
/// disentangled representation learning") as disentanglement_lib computes it (`udr.compute_udr_sklearn`).
///
/// Every model encodes the same observations. Each model's codes are z-scored per column (ddof 0; a constant
/// column is only centred) and columns whose mean KL divergence to the prior is at most 0.01 are zeroed. For an
/// ordered pair of models (a, b), a D_a x D_b matrix R of absolute associations is formed: the coefficients of a
/// lasso regression (alpha 0.1) of each of b's codes on all of a's, or the absolute Spearman correlation of every
/// pair of codes. After keeping the codes whose KL exceeds ``Options/klThreshold`` in both models, the pair's
/// score is the mean of the relative strengths `max(r)^2 / sum(r)` over R's columns and over its rows, averaged
/// (a column or row holding a NaN, or summing to 0, counts as 0, as `np.nan_to_num` makes it). A model's UDR is the
/// median of the scores of the pairs (other, model). A pair in which either model has no code above the threshold
/// scores 0 (disentanglement_lib fails on the empty matrix).
public enum UDR {
    /// How the association between the codes of two models is measured.
    public enum Correlation: String, Sendable, Equatable, Codable, CaseIterable {
        /// |lasso coefficients| (alpha 0.1), disentanglement_lib's default.
        case lasso
        /// |Spearman rank correlation|.
        case spearman
    }

    /// Options, defaulting to disentanglement_lib's.
    public struct Options: Sendable, Equatable, Codable {
        /// The association measure (lasso).
        public var correlation: Correlation
        /// The lasso penalty (0.1).
        public var lassoAlpha: Double
        /// Codes whose mean KL is at most this are left out of the relative strengths (0.01).
        public var klThreshold: Double

        /// Creates options.
        public init(correlation: Correlation = .lasso, lassoAlpha: Double = 0.1, klThreshold: Double = 0.01) {
            self.correlation = correlation
            self.lassoAlpha = lassoAlpha
            self.klThreshold = klThreshold
        }
    }

    /// The scores of a set of models.
    public struct Result: Sendable, Equatable, Codable {
        /// Each model's UDR: the median of its pairwise scores.
        public var modelScores: [Double]
        /// `pairwiseScores[a][b]`: the score of the pair (a, b); 0 on the diagonal.
        public var pairwiseScores: [[Double]]

        enum CodingKeys: String, CodingKey {
            case modelScores = "model_scores"
            case pairwiseScores = "pairwise_scores"
        }
    }

    /// Scores models from their codes of the same observations and the mean KL divergence of each code.
    ///
    /// - Parameters:
    ///   - codes: one matrix per model (at least two models), all with the same rows and the same number of columns.
    ///   - klDivergences: per model, the mean KL divergence of each code to the prior, in nats.
    ///   - options: the association measure and the KL threshold.
    /// - Throws: ``MetricError`` for fewer than two models, mismatched shapes or invalid options.
    public static func evaluate(codes: [CodeMatrix], klDivergences: [[Double]], options: Options = Options()) throws -> Result {
        guard codes.count >= 2 else { throw MetricError.invalidOption("UDR compares models: it needs at least two, got \(codes.count)") }
        guard klDivergences.count == codes.count else {
            throw MetricError.invalidOption("UDR got \(codes.count) code matrices but \(klDivergences.count) KL vectors")
        }
        for (m, c) in codes.enumerated() {
            guard c.rowCount == codes[0].rowCount, c.columnCount == codes[0].columnCount else {
                throw MetricError.invalidOption("UDR needs every model's codes of the same observations with the same width: model \(m) has \(c.rowCount) x \(c.columnCount), model 0 \(codes[0].rowCount) x \(codes[0].columnCount)")
            }
            guard klDivergences[m].count == c.columnCount else {
                throw MetricError.invalidOption("model \(m) has \(c.columnCount) codes but \(klDivergences[m].count) KL values")
            }
        }
        guard options.lassoAlpha >= 0, options.klThreshold.isFinite else {
            throw MetricError.invalidOption("UDR needs a non-negative lasso alpha and a finite KL threshold")
        }
        let prepared = zip(codes, klDivergences).map { prepare($0, kl: $1) }
        let masks = klDivergences.map { $0.map { $0 > options.klThreshold } }
        let n = codes.count
        var pairwise = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in 0..<n {
            for b in 0..<n where a != b {
                let matrix = try association(prepared[a], prepared[b], options)
                let rows = matrix.indices.filter { masks[a][$0] }
                let columns = (0..<codes[b].columnCount).filter { masks[b][$0] }
                pairwise[a][b] = relativeStrength(rows.map { i in columns.map { matrix[i][$0] } })
            }
        }
        let scores = (0..<n).map { model in median((0..<n).filter { $0 != model }.map { pairwise[$0][model] }) }
        return Result(modelScores: scores, pairwiseScores: pairwise)
    }

    /// disentanglement_lib's `relative_strength_disentanglement` of a (filtered) association matrix.
    static func relativeStrength(_ r: [[Double]]) -> Double {
        func strength(_ values: [Double]) -> Double {
            if values.contains(where: \.isNaN) { return 0 }
            let sum = values.reduce(0, +)
            guard sum != 0, let maximum = values.max() else { return 0 }
            return maximum * maximum / sum
        }
        guard let width = r.first?.count, width > 0 else { return 0 }
        let columns = (0..<width).map { j in strength(r.map { $0[j] }) }
        let rows = r.map(strength)
        return (mean(columns) + mean(rows)) / 2
    }

    /// Z-scored columns (ddof 0, constant columns only centred), zeroed where the KL is at most 0.01.
    private static func prepare(_ codes: CodeMatrix, kl: [Double]) -> CodeMatrix {
        let (scaled, _) = standardize(train: codes, test: codes)
        let d = codes.columnCount
        var values = scaled.values
        for i in 0..<codes.rowCount {
            for j in 0..<d where !(kl[j] > 0.01) { values[i * d + j] = 0 }
        }
        return CodeMatrix(validated: codes.rowCount, d, values)
    }

    /// The D_a x D_b association matrix of two prepared representations.
    private static func association(_ a: CodeMatrix, _ b: CodeMatrix, _ options: Options) throws -> [[Double]] {
        switch options.correlation {
        case .lasso:
            var matrix = [[Double]](repeating: [Double](repeating: 0, count: b.columnCount), count: a.columnCount)
            for j in 0..<b.columnCount {
                let fit = try Lasso.fit(features: a, targets: b.column(j), options: Lasso.Options(alpha: options.lassoAlpha))
                for i in 0..<a.columnCount { matrix[i][j] = abs(fit.coefficients[i]) }
            }
            return matrix
        case .spearman:
            let ranksA = a.columns().map(ranks), ranksB = b.columns().map(ranks)
            return ranksA.map { x in ranksB.map { y in abs(pearson(x, y)) } }
        }
    }

    /// Ranks 1...n with ties given their average rank (`scipy.stats.rankdata`).
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { result[order[position]] = rank }
            start = end + 1
        }
        return result
    }

    /// The Pearson correlation; NaN if either variable is constant (as scipy returns).
    private static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The median (the mean of the two middle values for an even count).
    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
