import DisentangleTensor
import Foundation

/// InfoMEC: modularity, explicitness and compactness from normalised mutual information (Hsu, Dorrell, Whittington,
/// Wu & Finn 2023, "Disentanglement via latent quantization"), as their code (`latent_quantization`,
/// `disentangle/metrics/infomec.py`) computes it for continuous codes.
///
/// `NMI[k][j] = I(v_k; z_j) / H(v_k)`, with the mutual information of each code and factor estimated by
/// `NearestNeighborMutualInformation` (10 neighbours, scikit-learn's `mutual_info_classif`) and `H(v_k)` the
/// plug-in entropy. Codes whose range (max - min) is at most 1/20 of the largest range are inactive and left out.
/// With K factors and A active codes:
/// - InfoM = `(mean_j max_k NMI / sum_k NMI - 1/K) / (1 - 1/K)` over active codes j;
/// - InfoC = `(mean_k max_j NMI / sum_j NMI - 1/A) / (1 - 1/A)` over factors k;
/// - InfoE = mean over factors of `(log K_k - CE_k) / log K_k`, where `CE_k` is the training cross-entropy of an
///   unpenalised multinomial logistic regression with balanced class weights predicting factor k from the z-scored
///   codes and `K_k` the number of its classes: the reference code's null model (the same regression on zero
///   features) predicts the uniform distribution under balanced weights, whose cross-entropy is `log K_k`.
/// A code or factor whose NMI sums to 0 contributes NaN in the reference, and a single active code makes InfoC 0/0;
/// here both give 0.
public enum InfoMEC {
    /// Options, defaulting to the reference code.
    public struct Options: Sendable, Equatable, Codable {
        /// Neighbours of the mutual information estimate (10).
        public var neighbors: Int
        /// A code is active if its range exceeds the largest range divided by this (20).
        public var rangeFraction: Double
        /// The explicitness classifier: unpenalised (C = infinity), balanced class weights, 100 L-BFGS iterations.
        public var classifier: LogisticRegression.Options

        /// Creates options.
        public init(neighbors: Int = 10, rangeFraction: Double = 20,
                    classifier: LogisticRegression.Options = LogisticRegression.Options(
                        penalized: false, balancedClassWeights: true)) {
            self.neighbors = neighbors
            self.rangeFraction = rangeFraction
            self.classifier = classifier
        }
    }

    /// InfoM, InfoE, InfoC and the matrix behind them.
    public struct Result: Sendable, Equatable, Codable {
        /// Modularity.
        public var infoM: Double
        /// Explicitness.
        public var infoE: Double
        /// Compactness.
        public var infoC: Double
        /// `normalizedMutualInformation[k][j]`: I(v_k; z_j) / H(v_k), all codes.
        public var normalizedMutualInformation: [[Double]]
        /// Whether each code is active.
        public var activeCodes: [Bool]
        /// `(log K_k - CE_k) / log K_k` per factor.
        public var perFactorExplicitness: [Double]

        enum CodingKeys: String, CodingKey {
            case infoM = "infom"
            case infoE = "infoe"
            case infoC = "infoc"
            case normalizedMutualInformation = "nmi"
            case activeCodes = "active_codes"
            case perFactorExplicitness = "per_factor_explicitness"
        }
    }

    /// Computes InfoMEC on all rows.
    ///
    /// - Throws: ``MetricError`` for mismatched rows, fewer than two factors, a constant factor, no code that
    ///   varies, or invalid options.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, options: Options = Options()) throws -> Result {
        try checkPaired(codes, factors)
        guard options.neighbors >= 1, options.rangeFraction > 0 else {
            throw MetricError.invalidOption("InfoMEC needs neighbors >= 1 and rangeFraction > 0")
        }
        guard factors.columnCount >= 2 else {
            throw MetricError.invalidOption("InfoMEC needs at least two factors, got \(factors.columnCount)")
        }
        let columns = codes.columns()
        let factorColumns = (0..<factors.columnCount).map(factors.column)
        let entropies = factorColumns.map(DiscreteMutualInformation.entropy)
        if let constant = entropies.firstIndex(of: 0) { throw MetricError.constantFactor(metric: "InfoMEC", factor: constant) }
        let ranges = columns.map { $0.max()! - $0.min()! }
        let largest = ranges.max()!
        guard largest > 0 else { throw MetricError.invalidOption("InfoMEC needs at least one code that varies") }
        let active = ranges.map { $0 > largest / options.rangeFraction }
        let activeIndices = active.indices.filter { active[$0] }

        var nmi = [[Double]](repeating: [Double](repeating: 0, count: codes.columnCount), count: factors.columnCount)
        nmi.withUnsafeMutableBufferPointer { rows in
            Threading.parallelFor(factors.columnCount) { k in
                rows[k] = columns.map {
                    NearestNeighborMutualInformation.continuousDiscrete($0, factorColumns[k], neighbors: options.neighbors) / entropies[k]
                }
            }
        }
        func preference(_ values: [Double]) -> Double {
            let sum = values.reduce(0, +)
            return sum > 0 ? values.max()! / sum : 0
        }
        let k = Double(factors.columnCount), a = Double(activeIndices.count)
        let infoM = (mean(activeIndices.map { j in preference(nmi.map { $0[j] }) }) - 1 / k) / (1 - 1 / k)
        let infoC = a > 1 ? (mean(nmi.map { row in preference(activeIndices.map { row[$0] }) }) - 1 / a) / (1 - 1 / a) : 0

        let (scaled, _) = standardize(train: codes, test: codes)
        var explicitness = [Double]()
        for labels in factorColumns {
            let model = try LogisticRegression.fit(features: scaled, labels: labels, options: options.classifier)
            let probabilities = model.predictProbabilities(scaled)
            let index = Dictionary(uniqueKeysWithValues: model.classes.enumerated().map { ($1, $0) })
            var crossEntropy = 0.0
            for (row, label) in labels.enumerated() {
                let p = min(max(probabilities[row][index[label]!], Double.ulpOfOne), 1 - Double.ulpOfOne)
                crossEntropy -= log(p)
            }
            crossEntropy /= Double(labels.count)
            let marginal = log(Double(model.classes.count))
            explicitness.append((marginal - crossEntropy) / marginal)
        }
        return Result(infoM: infoM, infoE: mean(explicitness), infoC: infoC, normalizedMutualInformation: nmi,
                      activeCodes: active, perFactorExplicitness: explicitness)
    }
}

extension InfoMEC: CodeMetric {
    /// `"infomec"`.
    public static let name = "infomec"
    /// A line for `--list-metrics`.
    public static let summary = "InfoM, InfoE, InfoC: modularity, explicitness, compactness from normalised mutual information (Hsu et al. 2023)"
    /// The reference code's options.
    public static var defaultOptions: Options { Options() }

    /// InfoMEC on all rows (the reference fits and scores on the same rows); `trainFraction` is not used.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double, options: Options) throws -> Result {
        try evaluate(codes: codes, factors: factors, options: options)
    }

    /// `infom`, `infoe` and `infoc`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["infom": result.infoM, "infoe": result.infoE, "infoc": result.infoC]
    }
}
